#include "ui/runs/run_checkpoints.h"

#include <QDir>
#include <QDirIterator>
#include <QHash>
#include <algorithm>
#include <filesystem>
#include <optional>

#include "run/run_catalog.h"
#include "ui/runs/run_history.h"

namespace arml::ui {

namespace {

struct StageInfo {
  QString stage;  // "stage1", "stage2", or empty when the config does not say
  QString ars;    // the stage-1 ARS mode when known ("off": a baseline)
};

std::string stringAt(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

// What the nearest run record between the checkpoint's folder and runs/ says about it (see the
// layouts in the header), read through engine/run: the CLI's config.json first, else the GUI's
// job record; a record of another kind (an Evaluate job's) or a malformed one is passed over.
// `cache` holds each folder's run so that a run's checkpoints read its files once.
StageInfo stageInfo(QDir dir, const QDir& runs, QHash<QString, std::optional<arml::run::RunInfo>>& cache) {
  while (dir.absolutePath().startsWith(runs.absolutePath()) && dir != runs) {
    auto cached = cache.find(dir.absolutePath());
    if (cached == cache.end()) {
      const std::filesystem::path folder(dir.absolutePath().toStdString());
      cached = cache.insert(dir.absolutePath(), arml::run::isRunFolder(folder)
                                                    ? std::optional<arml::run::RunInfo>(arml::run::readRun(folder))
                                                    : std::nullopt);
    }
    if (const std::optional<arml::run::RunInfo>& run = *cached) {
      // A pipeline's config.json keeps stage 1's settings under "stage1"; a trainer's and the GUI's
      // record of any job keep them flat.
      const nlohmann::json& settings = run->settings;
      const std::string ars = settings.is_object() && settings.contains("stage1") ? stringAt(settings.at("stage1"), "ars")
                                                                                : stringAt(settings, "ars");
      switch (run->kind) {
        case arml::run::RunKind::Stage1: return {QStringLiteral("stage1"), QString::fromStdString(ars)};
        case arml::run::RunKind::Stage2: return {QStringLiteral("stage2"), QString::fromStdString(ars)};
        case arml::run::RunKind::Pipeline: return {QString(), QString::fromStdString(ars)};
        case arml::run::RunKind::Unknown: break;
      }
    }
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
  QHash<QString, std::optional<arml::run::RunInfo>> cache;
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
    const StageInfo config = stageInfo(info.absoluteDir(), runs, cache);
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
