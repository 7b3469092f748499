// The Training page's job: Start / Resume / Stop, the run folder and job.json of each job, and
// what the page shows when the job ends.
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

#include "ui/project/project.h"
#include "ui/shell/app_settings.h"
#include "ui/training/dataset_fit.h"
#include "ui/training/initial_weights_warning.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"
#include "widgets/loss_plot.h"

namespace arml::ui {

namespace {
// Outside a project, an Evaluate job without an output folder gets a run folder of its own beside
// the evaluated run (runs/<id>/checkpoints/best.pt -> runs/<time>-evaluate), or beside the model
// when it lies in no checkpoints/ folder; its record never goes into a checkpoints/ folder.
QString evaluationFolderFor(const QString& model) {
  QDir dir = QFileInfo(model).absoluteDir();
  if (dir.dirName() == QLatin1String("checkpoints") && dir.cdUp()) {  // the run, or a pipeline's stage
    if (dir.dirName() == QLatin1String("stage1") || dir.dirName() == QLatin1String("stage2")) dir.cdUp();
    dir.cdUp();  // the folder of runs
  }
  const QString base = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) + QStringLiteral("-evaluate");
  QString id = base;
  for (int n = 2; QFileInfo::exists(dir.filePath(id)); ++n) id = base + QStringLiteral("-%1").arg(n);
  return dir.filePath(id);
}

// The settings the job's command passes, as job.json records them. A pipeline takes its stages'
// epochs, batch size, ... from its preset (its own config.json records them): the form's values
// for those are not what it used, so they are left out.
QJsonObject recordedSettings(const JobSettings& s) {
  QJsonObject o{{"dataset", s.dataset}, {"out", s.outDir}, {"device", s.device}, {"threads", s.threads},
                {"seed", double(s.seed)}};
  const auto training = [&] {
    o["preset"] = presetId(s.preset);
    o["arch"] = s.arch;
    o["epochs"] = s.epochs;
    o["batch"] = s.batch;
    o["patch_size"] = s.patchSize;
    o["lr"] = s.lr;  // 0: the trainer's default
  };
  switch (s.kind) {
    case JobKind::Stage1: training(); o["ars"] = s.ars; break;
    case JobKind::Stage2: training(); o["masks"] = s.masks; o["edits"] = s.edits; o["review"] = s.review; break;
    case JobKind::PseudoMasks: o["model"] = s.model; o["layers"] = s.layers; break;
    case JobKind::Evaluate: o["model"] = s.model; o["split"] = s.split; break;
    case JobKind::Pipeline:
      o["preset"] = presetId(s.preset);
      o["derive_labels_from_masks"] = s.deriveLabelsFrom;
      o["overrides"] = QJsonArray::fromStringList(s.overrides);
      break;
  }
  if (jobTrains(s.kind)) {
    o["nproc"] = s.nproc;
    o["sync_batch_norm"] = s.syncBatchNorm;
  }
  return o;
}
}  // namespace

void TrainingPage::start() {
  if (isJobActive()) return;
  JobSettings s = settings();
  s.resume = false;
  // A paper job on real data without the ImageNet weights: warned first (issue #15).
  if (!InitialWeightsWarning::confirmStart(this, s, project_ && project_->isValid() ? project_->folder() : QString())) return;
  launch(s, false);
}

void TrainingPage::resume() {
  if (isJobActive() || !lastRunResumable_) return;
  JobSettings s = running_;
  s.resume = true;
  launch(s, true);
}

void TrainingPage::stop() { controller_->stop(); }

bool TrainingPage::launch(JobSettings s, bool resuming) {
  const bool inProject = project_ && project_->isValid();
  QString recordFolder;
  if (!resuming) {
    runId_ = inProject ? project_->newRunId(jobKindId(s.kind)) : QString();
    if (s.outDir.isEmpty() && inProject) {
      s.outDir = QDir(s.kind == JobKind::PseudoMasks ? project_->masksDir() : project_->runsDir()).filePath(runId_);
    } else if (s.kind == JobKind::Evaluate && s.outDir.isEmpty() && !s.model.isEmpty()) {
      s.outDir = evaluationFolderFor(s.model);
    }
  }
  QStringList problems = validateJob(s);
  if (!resuming) problems << datasetFitProblems(s, datasetSummary_);
  showProblems(problems);
  if (!problems.isEmpty()) return false;

  if (resuming) {
    recordFolder = runFolder_;
  } else if (inProject && s.kind == JobKind::PseudoMasks) {
    recordFolder = QDir(project_->runsDir()).filePath(runId_);
  } else {
    recordFolder = s.outDir;
  }
  if (runId_.isEmpty()) runId_ = QFileInfo(recordFolder).fileName();
  QDir().mkpath(recordFolder);
  if (s.kind != JobKind::Evaluate) QDir().mkpath(s.outDir);

  running_ = s;
  runFolder_ = QDir::cleanPath(QFileInfo(recordFolder).absoluteFilePath());
  program_ = armlProgramPath();
  arguments_ = buildArmlArguments(s);
  if (!resuming && inProject) arguments_ += initialWeightsArguments(s, project_->folder());  // the imported ImageNet weights
  lastRunResumable_ = false;
  if (!resuming) {
    curves_ = RunCurves();
    plot_->clear();
    plot_->addRun(QString());
    log_->clear();
  }
  if (!resuming) {  // a resumed job numbers its epochs as the stopped one did
    lastStage_.clear();
    epochBase_ = stepBase_ = -1;
  }
  stageStartTime_ = -1;  // each process counts its own time
  progressTimer_->stop();
  pendingProgressValue_ = -1;
  pendingProgressText_.clear();
  pendingProgressFormat_.clear();
  pipeline_.reset();
  progressBar_->setFormat(QStringLiteral("%p%"));
  progressBar_->setValue(0);
  progressLabel_->setText(tr("Starting…"));

  if (!resuming) {
    jobRecord_ = QJsonObject{{"id", runId_},
                             {"kind", jobKindId(s.kind)},
                             {"preset", jobTrains(s.kind) ? presetCombo_->currentData().toString() : QString()},
                             {"settings", recordedSettings(s)},
                             {"started", QDateTime::currentDateTime().toString(Qt::ISODate)}};
  }
  jobRecord_["program"] = program_;
  jobRecord_["arguments"] = QJsonArray::fromStringList(arguments_);
  jobRecord_["command"] = shellCommandLine(program_, arguments_);
  if (resuming) jobRecord_["resumed"] = QDateTime::currentDateTime().toString(Qt::ISODate);
  saveJobRecord(QStringLiteral("running"), -1);

  commandEdit_->setText(shellCommandLine(program_, arguments_));
  commandEdit_->setCursorPosition(0);
  appendLog(tr("$ %1").arg(commandEdit_->text()));
  // `arml pipeline` writes its own events.jsonl into its run folder; the GUI records the others'.
  controller_->setEventLogPath(s.kind == JobKind::Pipeline ? QString()
                                                           : QDir(runFolder_).filePath(QStringLiteral("events.jsonl")));
  controller_->start(program_, arguments_, runFolder_);
  return true;
}

void TrainingPage::saveJobRecord(const QString& state, int exitCode) {
  jobRecord_["state"] = state;
  jobRecord_["exit_code"] = exitCode;
  if (state != QLatin1String("running")) jobRecord_["finished"] = QDateTime::currentDateTime().toString(Qt::ISODate);
  QJsonObject finalMetrics;
  if (!curves_.epochX.isEmpty())
    for (auto it = curves_.epochMetrics.begin(); it != curves_.epochMetrics.end(); ++it)
      if (std::isfinite(it->last())) finalMetrics[QStringLiteral("last_epoch/") + it.key()] = it->last();
  for (auto it = curves_.finalMetrics.begin(); it != curves_.finalMetrics.end(); ++it)
    if (std::isfinite(it.value())) finalMetrics[it.key()] = it.value();
  jobRecord_["final_metrics"] = finalMetrics;
  QString error;
  if (!writeJobRecord(runFolder_, jobRecord_, &error)) appendLog(tr("Cannot write the run record: %1").arg(error));
}

void TrainingPage::onFinished(int exitCode) {
  plot_->flush();
  showPendingProgress();
  const RunController::State state = controller_->state();
  QString stateName;
  switch (state) {
    case RunController::State::Finished: stateName = QStringLiteral("finished"); break;
    case RunController::State::Cancelled: stateName = QStringLiteral("stopped"); break;
    default: stateName = QStringLiteral("failed"); break;
  }
  if (state == RunController::State::Finished) {
    progressBar_->setFormat(QStringLiteral("%p%"));
    progressBar_->setValue(1000);
  }
  progressLabel_->setText(state == RunController::State::Finished ? tr("Finished.")
                          : state == RunController::State::Cancelled
                              ? tr("Stopped. Resume continues from the last checkpoint.")
                              : tr("Failed: %1").arg(controller_->failureMessage().section(QLatin1Char('\n'), 0, 0)));
  lastRunResumable_ = jobTrains(running_.kind) && state != RunController::State::Finished;
  saveJobRecord(stateName, exitCode);
  if (!curves_.epochX.isEmpty()) writeMetricsCsv(runFolder_, curves_);
  updateButtons();
  updateCommandPreview();
  Q_EMIT runFinished(runFolder_);
}

}  // namespace arml::ui
