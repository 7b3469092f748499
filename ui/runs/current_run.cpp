#include "ui/runs/current_run.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <algorithm>

namespace arml::ui {

namespace {

using arml::run::CheckpointRole;
using arml::run::RunInfo;
using arml::run::RunStatus;

QString qstr(const std::filesystem::path& p) { return p.empty() ? QString() : QString::fromStdString(p.string()); }

QString cleanAbsolute(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

// The newest modification time of a run's checkpoints: when it last produced a model.
QDateTime newestCheckpointTime(const RunInfo& run) {
  QDateTime newest;
  for (const auto& c : run.checkpoints) {
    const QDateTime t = QFileInfo(qstr(c.path)).lastModified();
    if (!newest.isValid() || t > newest) newest = t;
  }
  return newest;
}

bool usable(const RunInfo& run) { return run.status == RunStatus::Finished && !run.checkpoints.empty(); }

QString checkpointOf(const RunInfo& run, int stage, CheckpointRole first, CheckpointRole second) {
  const auto p = run.checkpoint(stage, first);
  return qstr(p.empty() ? run.checkpoint(stage, second) : p);
}

// A string setting of the run: flat (a trainer's) or under a stage's section (a pipeline's).
QString setting(const nlohmann::json& settings, const char* key, const char* section = nullptr) {
  const nlohmann::json* s = &settings;
  if (section) {
    if (!settings.is_object() || !settings.contains(section)) return {};
    s = &settings.at(section);
  }
  return s->is_object() && s->contains(key) && s->at(key).is_string() ? QString::fromStdString(s->at(key).get<std::string>())
                                                                      : QString();
}

int intSetting(const nlohmann::json& settings, const char* key, const char* section = nullptr) {
  const nlohmann::json* s = &settings;
  if (section) {
    if (!settings.is_object() || !settings.contains(section)) return 0;
    s = &settings.at(section);
  }
  return s->is_object() && s->contains(key) && s->at(key).is_number_integer() ? s->at(key).get<int>() : 0;
}

}  // namespace

CurrentRun::CurrentRun(QObject* parent) : QObject(parent) {}

QString CurrentRun::stateFile(const QString& projectFolder) {
  return QDir(projectFolder).filePath(QStringLiteral("current-run.json"));
}

void CurrentRun::setProject(const QString& projectFolder, const QString& runsDir) {
  projectFolder_ = projectFolder;
  runsDir_ = runsDir;
  chosenId_.clear();
  chosenMaskSet_.clear();
  if (!projectFolder.isEmpty()) {
    QFile file(stateFile(projectFolder));
    if (file.open(QIODevice::ReadOnly)) {
      const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();  // a broken file: no choice
      chosenId_ = o.value(QStringLiteral("run")).toString();
      chosenMaskSet_ = o.value(QStringLiteral("mask_set")).toString();
    }
  }
  index_ = -1;  // always announce: another project
  refresh();
  Q_EMIT changed();
}

void CurrentRun::refresh() {
  const QString before = summary() + details();
  runs_.clear();
  const QDir dir(runsDir_);
  if (!runsDir_.isEmpty() && dir.exists())
    for (const QFileInfo& f : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
      const std::filesystem::path folder(f.absoluteFilePath().toStdString());
      if (arml::run::isRunFolder(folder)) runs_.push_back(arml::run::readRun(folder));
    }
  resolve();
  if (summary() + details() != before) Q_EMIT changed();
}

int CurrentRun::indexOf(const QString& id) const {
  for (int i = 0; i < runs_.size(); ++i)
    if (QString::fromStdString(runs_[i].id) == id) return i;
  return -1;
}

void CurrentRun::resolve() {
  index_ = -1;
  explicit_ = false;
  const int chosen = chosenId_.isEmpty() ? -1 : indexOf(chosenId_);
  if (chosen >= 0 && usable(runs_[chosen])) {
    index_ = chosen;
    explicit_ = true;
  } else {
    QDateTime newest;
    for (int i = 0; i < runs_.size(); ++i) {
      if (!usable(runs_[i])) continue;
      const QDateTime t = newestCheckpointTime(runs_[i]);
      if (index_ < 0 || t >= newest) {  // ties: the later id (ids start with their time)
        index_ = i;
        newest = t;
      }
    }
  }
  // Where a stage-2 run's masks (and so its stage-1 model) came from.
  sourceId_.clear();
  maskSet_.clear();
  if (index_ < 0) return;
  const RunInfo& run = runs_[index_];
  const QString trainedOn = setting(run.settings, "masks");
  if (run.checkpoint(1, CheckpointRole::Best).empty() && run.checkpoint(1, CheckpointRole::Last).empty()) {
    const int source = indexOf(runOf(trainedOn));
    if (source >= 0 && source != index_) sourceId_ = QString::fromStdString(runs_[source].id);
  }
  const QString runFolder = qstr(run.dir);
  if (explicit_ && !chosenMaskSet_.isEmpty() && QFileInfo(chosenMaskSet_).isDir()) {
    maskSet_ = chosenMaskSet_;
  } else if (!run.maskSets.empty()) {
    // A pipeline trains stage 2 on bn7 (the set its summary names); otherwise its first set.
    const auto bn7 = std::find(run.maskSets.begin(), run.maskSets.end(), std::string("bn7"));
    const std::string name = bn7 != run.maskSets.end() ? *bn7 : run.maskSets.front();
    maskSet_ = QDir(runFolder).filePath(QStringLiteral("masks/") + QString::fromStdString(name));
  } else if (!trainedOn.isEmpty() && QFileInfo(trainedOn).isDir()) {
    maskSet_ = trainedOn;
  }
  if (!maskSet_.isEmpty()) maskSet_ = cleanAbsolute(maskSet_);
}

QString CurrentRun::id() const { return index_ < 0 ? QString() : QString::fromStdString(runs_[index_].id); }
QString CurrentRun::folder() const { return index_ < 0 ? QString() : qstr(runs_[index_].dir); }

QString CurrentRun::stage1Checkpoint() const {
  if (index_ < 0) return {};
  const QString own = checkpointOf(runs_[index_], 1, CheckpointRole::Best, CheckpointRole::Last);
  const int source = indexOf(sourceId_);
  return !own.isEmpty() || source < 0 ? own : checkpointOf(runs_[source], 1, CheckpointRole::Best, CheckpointRole::Last);
}

QString CurrentRun::stage1ArsCheckpoint() const {
  if (index_ < 0) return {};
  const int source = indexOf(sourceId_);
  const RunInfo& run = source >= 0 ? runs_[source] : runs_[index_];
  return checkpointOf(run, 1, CheckpointRole::Last, CheckpointRole::Best);
}

QString CurrentRun::stage2Checkpoint() const {
  return index_ < 0 ? QString() : checkpointOf(runs_[index_], 2, CheckpointRole::Best, CheckpointRole::Last);
}

QString CurrentRun::maskSetDir() const { return maskSet_; }

QString CurrentRun::maskSetName() const {
  if (maskSet_.isEmpty()) return {};
  const QString owner = runOf(maskSet_);
  const QString name = QFileInfo(maskSet_).fileName();
  return owner.isEmpty() || owner == id() ? name : QStringLiteral("%1/%2").arg(owner, name);
}

int CurrentRun::trainingPatchSize() const {
  if (index_ < 0) return 0;
  const nlohmann::json& s = runs_[index_].settings;
  for (int size : {intSetting(s, "patch_size", "stage2"), intSetting(s, "patch_size"), intSetting(s, "patch_size", "stage1")})
    if (size > 0) return size;
  return 0;
}

double CurrentRun::trainingUmPerPx() const {
  if (index_ < 0) return 0;
  const nlohmann::json& s = runs_[index_].settings;
  QString kind = setting(s, "dataset");
  if (kind.isEmpty()) kind = setting(s, "dataset", "data");
  if (kind == QLatin1String("bcss") || kind == QLatin1String("bcss-wsss")) return 0.25;
  if (kind == QLatin1String("luad") || kind == QLatin1String("wsss4luad")) return 1.0;
  return 0;
}

QString CurrentRun::stage2PeerCheckpoint() const {
  return index_ < 0 ? QString() : checkpointOf(runs_[index_], 2, CheckpointRole::Last, CheckpointRole::Best);
}

QString CurrentRun::runOf(const QString& path) const {
  if (path.isEmpty() || runsDir_.isEmpty()) return {};
  const QString runs = cleanAbsolute(runsDir_) + QLatin1Char('/');
  const QString p = cleanAbsolute(path);
  if (!p.startsWith(runs)) return {};
  const QString id = p.mid(runs.size()).section(QLatin1Char('/'), 0, 0);
  return indexOf(id) >= 0 ? id : QString();
}

bool CurrentRun::choose(const QString& id, QString* error) {
  const int i = indexOf(id);
  QString why;
  if (i < 0) why = tr("There is no run %1 in %2.").arg(id, QDir::toNativeSeparators(runsDir_));
  else if (runs_[i].status != RunStatus::Finished)
    why = tr("Run %1 is %2, not finished: its models are not final yet.")
              .arg(id, QString::fromStdString(arml::run::runStatusName(runs_[i].status)));
  else if (runs_[i].checkpoints.empty()) why = tr("Run %1 has no model.").arg(id);
  if (!why.isEmpty()) {
    if (error) *error = why;
    return false;
  }
  const QString before = summary() + details() + (explicit_ ? QStringLiteral("!") : QString());
  if (chosenId_ != id) chosenMaskSet_.clear();
  chosenId_ = id;
  if (!save(error)) return false;
  resolve();
  if (summary() + details() + (explicit_ ? QStringLiteral("!") : QString()) != before) Q_EMIT changed();
  return true;
}

bool CurrentRun::chooseByCheckpoint(const QString& checkpoint, QString* error) {
  const QString owner = runOf(checkpoint);
  if (owner.isEmpty()) {
    if (error) *error = tr("%1 belongs to no run of this project.").arg(QDir::toNativeSeparators(checkpoint));
    return false;
  }
  return choose(owner, error);
}

bool CurrentRun::chooseByMaskSet(const QString& maskSetDir, QString* error) {
  const QString owner = runOf(maskSetDir);
  if (owner.isEmpty()) {
    if (error) *error = tr("%1 belongs to no run of this project.").arg(QDir::toNativeSeparators(maskSetDir));
    return false;
  }
  const QString previous = chosenMaskSet_;
  if (owner == chosenId_) {
    chosenMaskSet_ = cleanAbsolute(maskSetDir);
    const QString before = maskSet_;
    if (!save(error)) {
      chosenMaskSet_ = previous;
      return false;
    }
    resolve();
    if (maskSet_ != before) Q_EMIT changed();
    return true;
  }
  const QString previousId = chosenId_;
  chosenId_.clear();  // choose() takes the run; the set follows
  if (!choose(owner, error)) {
    chosenId_ = previousId;
    return false;
  }
  chosenMaskSet_ = cleanAbsolute(maskSetDir);
  const QString before = maskSet_;
  if (!save(error)) return false;
  resolve();
  if (maskSet_ != before) Q_EMIT changed();
  return true;
}

void CurrentRun::clearChoice() {
  chosenId_.clear();
  chosenMaskSet_.clear();
  if (!projectFolder_.isEmpty()) QFile::remove(stateFile(projectFolder_));
  const QString before = id();
  const bool wasExplicit = explicit_;
  resolve();
  if (before != id() || wasExplicit) Q_EMIT changed();
}

bool CurrentRun::save(QString* error) const {
  if (projectFolder_.isEmpty()) return true;
  QJsonObject o{{QStringLiteral("run"), chosenId_}};
  if (!chosenMaskSet_.isEmpty()) o.insert(QStringLiteral("mask_set"), chosenMaskSet_);
  QSaveFile file(stateFile(projectFolder_));
  if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson()) < 0 || !file.commit()) {
    if (error)
      *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(file.fileName()), file.errorString());
    return false;
  }
  return true;
}

QString CurrentRun::summary() const {
  if (index_ < 0) return runsDir_.isEmpty() ? QString() : tr("Run: none finished yet");
  const auto name = [](const QString& path) {
    return path.isEmpty() ? tr("none") : QFileInfo(path).fileName();
  };
  QString text = tr("Run: %1 · stage 1: %2 · stage 2: %3 · masks: %4")
                     .arg(id(), name(stage1Checkpoint()), name(stage2Checkpoint()),
                          maskSetName().isEmpty() ? tr("none") : maskSetName());
  if (!explicit_) text += tr(" (newest finished)");
  return text;
}

QString CurrentRun::details() const {
  if (index_ < 0) return {};
  const auto line = [](const QString& label, const QString& path) {
    return QStringLiteral("%1: %2").arg(label, path.isEmpty() ? tr("none") : QDir::toNativeSeparators(path));
  };
  QStringList lines{line(tr("Run"), folder()), line(tr("Stage 1"), stage1Checkpoint()),
                    line(tr("Stage 1 with ARS weights"), stage1ArsCheckpoint()), line(tr("Stage 2"), stage2Checkpoint()),
                    line(tr("Masks"), maskSetDir())};
  if (!sourceId_.isEmpty()) lines << tr("Stage 1 comes from run %1, whose masks this run trained on.").arg(sourceId_);
  lines << (explicit_ ? tr("Chosen by you (Runs page › Use this run).")
                      : tr("The newest finished run; choose another on the Runs page."));
  return lines.join(QLatin1Char('\n'));
}

}  // namespace arml::ui
