#pragma once
// The Training page: choose a job and preset, its folders and key settings; Start / Stop /
// Resume; live loss and metric plots, progress with ETA (a pipeline: one bar over its steps, see
// ui/training/pipeline_progress.h), the job's log and its exact command.
// Each job records into its run folder: job.json (the GUI's record), events.jsonl (but a pipeline
// writes its own), job-metrics.csv; the `arml` job's own config.json, metrics.csv and summary.json
// there are never overwritten (see ui/runs/run_history.h). An Evaluate job gets a run folder of its own.
#include <QJsonObject>
#include <QWidget>

#include "ui/project/dataset_summary.h"
#include "ui/runs/run_history.h"
#include "ui/training/job_settings.h"
#include "ui/training/pipeline_progress.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolBar;
class QToolButton;

namespace arml::widgets {
class LossPlot;
}

namespace arml::ui {

class Project;
class RunController;

class TrainingPage : public QWidget {
  Q_OBJECT
public:
  explicit TrainingPage(QWidget* parent = nullptr);

  // Jobs started while a project is open go to its runs/ (and masks/) folders. May be null.
  void setProject(const Project* project);
  JobSettings settings() const;
  void setSettings(const JobSettings& s);
  // The project's current run (ui/runs/current_run.h): its stage-1 model is the default model of a
  // pseudo-mask job, its stage-2 model that of an evaluation, its mask set that of a stage-2 job. A
  // field the user has not filled in (or that holds an earlier default) follows the current run.
  void setCurrentRunDefaults(const QString& stage1Model, const QString& stage2Model, const QString& maskSet);
  RunController* controller() const { return controller_; }
  widgets::LossPlot* plot() const { return plot_; }
  bool isJobActive() const;
  QString currentRunFolder() const { return runFolder_; }
  // The problems shown after a refused Start (empty when none).
  QStringList shownProblems() const { return shownProblems_; }
  QString commandText() const;
  // What the progress line and bar (0..1000, its text) show now.
  QString progressText() const;
  int progressValue() const;
  QString progressBarText() const;

public Q_SLOTS:
  // What `arml inspect-data` found in a dataset folder: Start refuses settings that cannot work
  // with it (ui/training/dataset_fit.h) while the form's dataset is that folder.
  void setDatasetSummary(const arml::ui::DatasetSummary& summary);
  void start();
  void stop();
  void resume();

Q_SIGNALS:
  void jobActiveChanged(bool active);
  void runFinished(const QString& runFolder);

private:
  // Construction (training_page.cpp; the progress panel in training_page_progress.cpp, the job in
  // training_page_job.cpp).
  void buildForm();
  QToolBar* buildToolbar();  // training_page_toolbar.cpp
  void createFields();
  QWidget* buildJobPanel();
  QWidget* buildProgressPanel();
  void connectForm();
  void updateFormForKind();
  void applySelectedPreset();
  void updateCommandPreview();
  void updateButtons();
  bool launch(JobSettings s, bool resuming);
  void onStep(const QJsonObject& e);
  void onEpoch(const QJsonObject& e);
  void onProgress(const QJsonObject& e);
  void onFinished(int exitCode);
  void updateProgress(const QString& stage, double fraction, double time, const QString& detail);
  void showPendingProgress();
  void appendLog(const QString& line);
  void showProblems(const QStringList& problems);
  void saveJobRecord(const QString& state, int exitCode);
  QString browseFolder(QLineEdit* target, const QString& title);

  const Project* project_ = nullptr;
  RunController* controller_;
  widgets::LossPlot* plot_;

  QComboBox* jobCombo_;
  QComboBox* presetCombo_;
  QFormLayout* form_;
  QLineEdit* datasetEdit_;
  QLineEdit* outEdit_;
  QLineEdit* modelEdit_;
  QLineEdit* masksEdit_;
  QCheckBox* reviewedCheck_;  // stage 2: the project's edits/ and review.json
  QComboBox* archCombo_;
  QComboBox* arsCombo_;
  QSpinBox* epochsSpin_;
  QSpinBox* batchSpin_;
  QSpinBox* patchSpin_;
  QDoubleSpinBox* lrSpin_;
  QLineEdit* layersEdit_;
  QComboBox* splitCombo_;
  QComboBox* deviceCombo_;
  QSpinBox* threadsSpin_;
  QSpinBox* seedSpin_;
  QSpinBox* nprocSpin_;
  QCheckBox* syncBatchNormCheck_;
  QComboBox* deriveCombo_;    // pipeline: --derive-labels-from-masks
  QLineEdit* overridesEdit_;  // pipeline: --set key=value ...
  QWidget* datasetRow_;
  QWidget* outRow_;
  QWidget* modelRow_;
  QWidget* masksRow_;

  QLabel* problemsLabel_;
  QLineEdit* commandEdit_;
  QAction* startAction_;  // on the page's toolbar
  QAction* stopAction_;
  QAction* resumeAction_;
  QToolButton* exportButton_;
  QProgressBar* progressBar_;
  QLabel* progressLabel_;
  QPlainTextEdit* log_;
  // Progress text and bar are refreshed by this timer, not per event (jobs send hundreds a second).
  QTimer* progressTimer_;
  QString pendingProgressText_, pendingProgressFormat_;
  int pendingProgressValue_ = -1;
  PipelineProgress pipeline_;  // a pipeline's bar: one over all its steps

  DatasetSummary datasetSummary_;
  void applyCurrentRunDefaults();
  QString runStage1_, runStage2_, runMasks_;
  QStringList offeredDefaults_;  // what the Model / Masks fields were given, so a later run replaces it
  QStringList shownProblems_;
  JobSettings running_;
  QString runFolder_, runId_, program_;
  QStringList arguments_;
  QJsonObject jobRecord_;
  RunCurves curves_;
  QString lastStage_;
  double stageStartTime_ = -1, stageStartFraction_ = 0;
  int epochBase_ = -1, stepBase_ = -1;
  bool lastRunResumable_ = false;
};

}  // namespace arml::ui
