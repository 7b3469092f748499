#include "ui/runs/run_checkpoints.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "ui/runs/run_history.h"

namespace arml::ui {

namespace {

struct StageInfo {
  QString stage;  // "stage1", "stage2", or empty when the config does not say
  QString ars;    // the stage-1 ARS mode when known ("off": a baseline)
};

QJsonObject readJson(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

// What the nearest run record between the checkpoint's folder and runs/ says about it (see the
// layouts in the header): the CLI's config.json first, else the GUI's job record; a record of
// another kind (an Evaluate job's) is passed over.
StageInfo stageInfo(QDir dir, const QDir& runs) {
  const auto str = [](const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString(); };
  while (dir.absolutePath().startsWith(runs.absolutePath()) && dir != runs) {
    const QJsonObject config = readJson(dir.filePath(QStringLiteral("config.json")));
    const QJsonObject pipelineStage1 = config.value(QStringLiteral("config")).toObject().value(QStringLiteral("stage1")).toObject();
    if (config.contains(QStringLiteral("stage")))  // arml train-cls / train-seg
      return {str(config, "stage"), str(config, "ars")};
    if (!pipelineStage1.isEmpty())  // arml pipeline
      return {{}, str(pipelineStage1, "ars")};
    const QJsonObject job = readJobRecord(dir.absolutePath());  // job.json, or an old config.json record
    const QString kind = str(job, "kind");
    if (kind == QLatin1String("stage1") || kind == QLatin1String("stage2"))
      return {kind, str(job.value(QStringLiteral("settings")).toObject(), "ars")};
    if (kind == QLatin1String("pipeline"))
      return {{}, str(job.value(QStringLiteral("settings")).toObject(), "ars")};
    if (!dir.cdUp()) break;
  }
  return {};
}

bool isNamed(const RunCheckpoint& c, const char* name) { return QFileInfo(c.path).fileName() == QLatin1String(name); }

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
    const StageInfo config = stageInfo(info.absoluteDir(), runs);
    QString stage = config.stage;
    if (name == QLatin1String("stage1.pt") || parts.contains(QStringLiteral("stage1")))
      stage = QStringLiteral("stage1");
    else if (name == QLatin1String("stage2.pt") || parts.contains(QStringLiteral("stage2")))
      stage = QStringLiteral("stage2");
    else if (stage.isEmpty() && parts.first().endsWith(QLatin1String("-stage2")))  // a run id of Project::newRunId
      stage = QStringLiteral("stage2");
    if (stage == QLatin1String("stage2")) {
      c.role = RunCheckpoint::Role::Segmenter;
    } else {
      c.role = RunCheckpoint::Role::Classifier;  // stage 1, or unknown: the classifier is the common case
      c.trainedWithoutArs = config.ars == QLatin1String("off");
      c.hasArs = name == QLatin1String("last.pt") && stage == QLatin1String("stage1") && !c.trainedWithoutArs;
    }
    out << c;
  }
  std::sort(out.begin(), out.end(), [](const RunCheckpoint& a, const RunCheckpoint& b) {
    return a.modified != b.modified ? a.modified > b.modified : a.label < b.label;
  });
  return out;
}

QString newestArsCheckpoint(const QVector<RunCheckpoint>& checkpoints) {
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Classifier && c.hasArs) return c.path;
  return {};
}

QString defaultArsClassifier(const QVector<RunCheckpoint>& checkpoints) {
  const QString ars = newestArsCheckpoint(checkpoints);
  if (!ars.isEmpty()) return ars;
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Classifier) return c.path;
  return {};
}

QString defaultBaseline(const QVector<RunCheckpoint>& checkpoints) {
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Classifier && c.trainedWithoutArs && !isNamed(c, "last.pt"))
      return c.path;
  return {};
}

QString defaultSegmenter(const QVector<RunCheckpoint>& checkpoints) {
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Segmenter && (isNamed(c, "best.pt") || isNamed(c, "stage2.pt"))) return c.path;
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Segmenter) return c.path;
  return {};
}

QString peerSegmenter(const QVector<RunCheckpoint>& checkpoints) {
  for (const RunCheckpoint& c : checkpoints)
    if (c.role == RunCheckpoint::Role::Segmenter && isNamed(c, "last.pt")) return c.path;
  return defaultSegmenter(checkpoints);
}

}  // namespace arml::ui
