#include "ui/run_checkpoints.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace arml::ui {

namespace {
// The nearest config.json between the file and runs/ that states a "stage", or {}.
QJsonObject stageConfig(QDir dir, const QDir& runs) {
  while (dir.absolutePath().startsWith(runs.absolutePath()) && dir != runs) {
    QFile f(dir.filePath(QStringLiteral("config.json")));
    if (f.open(QIODevice::ReadOnly)) {
      const QJsonObject config = QJsonDocument::fromJson(f.readAll()).object();
      if (config.contains(QStringLiteral("stage"))) return config;
    }
    if (!dir.cdUp()) break;
  }
  return {};
}
}  // namespace

QVector<RunCheckpoint> findRunCheckpoints(const QString& runsDir) {
  QVector<RunCheckpoint> out;
  const QDir runs(runsDir);
  if (runsDir.isEmpty() || !runs.exists()) return out;
  QDirIterator it(runsDir, {QStringLiteral("*.pt"), QStringLiteral("*.pth")}, QDir::Files,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QFileInfo info(it.next());
    RunCheckpoint c;
    c.path = info.absoluteFilePath();
    c.label = runs.relativeFilePath(c.path);
    c.modified = info.lastModified();
    const QString name = info.fileName();
    const QStringList parts = c.label.split(QLatin1Char('/'));
    const QJsonObject config = stageConfig(info.absoluteDir(), runs);
    QString stage = config.value(QStringLiteral("stage")).toString();
    if (name == QLatin1String("stage1.pt") || parts.contains(QStringLiteral("stage1")))
      stage = QStringLiteral("stage1");
    else if (name == QLatin1String("stage2.pt") || parts.contains(QStringLiteral("stage2")))
      stage = QStringLiteral("stage2");
    if (stage == QLatin1String("stage2")) {
      c.role = RunCheckpoint::Role::Segmenter;
    } else {
      c.role = RunCheckpoint::Role::Classifier;  // stage 1, or unknown: the classifier is the common case
      c.trainedWithoutArs = config.value(QStringLiteral("ars")).toString() == QLatin1String("off");
      c.hasArs = name == QLatin1String("last.pt") && stage == QLatin1String("stage1") && !c.trainedWithoutArs;
    }
    out << c;
  }
  std::sort(out.begin(), out.end(), [](const RunCheckpoint& a, const RunCheckpoint& b) {
    return a.modified != b.modified ? a.modified > b.modified : a.label < b.label;
  });
  return out;
}

QString defaultArsClassifier(const QVector<RunCheckpoint>& checkpoints) {
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Classifier && c.hasArs) return c.path;
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Classifier) return c.path;
  return {};
}

QString defaultBaseline(const QVector<RunCheckpoint>& checkpoints) {
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Classifier && c.trainedWithoutArs &&
        QFileInfo(c.path).fileName() != QLatin1String("last.pt"))
      return c.path;
  return {};
}

QString defaultSegmenter(const QVector<RunCheckpoint>& checkpoints) {
  for (const RunCheckpoint& c : checkpoints) {
    const QString name = QFileInfo(c.path).fileName();
    if (c.role == RunCheckpoint::Role::Segmenter &&
        (name == QLatin1String("best.pt") || name == QLatin1String("stage2.pt")))
      return c.path;
  }
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Segmenter) return c.path;
  return {};
}

}  // namespace arml::ui
