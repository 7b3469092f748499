#include "ui/training/training_page.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "ui/project/project.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/device_choices.h"
#include "ui/shell/project_file_dialogs.h"
#include "ui/training/run_controller.h"
#include "widgets/loss_plot.h"
#include "widgets/tinted_icon.h"


namespace arml::ui {

namespace {
QWidget* pathRow(QLineEdit* edit, QPushButton* browse) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit, 1);
  layout->addWidget(browse);
  return row;
}
}  // namespace

TrainingPage::TrainingPage(QWidget* parent) : QWidget(parent) {
  controller_ = new RunController(this);
  plot_ = new widgets::LossPlot(this);
  progressTimer_ = new QTimer(this);
  progressTimer_->setSingleShot(true);
  progressTimer_->setInterval(100);
  connect(progressTimer_, &QTimer::timeout, this, &TrainingPage::showPendingProgress);
  buildForm();

  connect(controller_, &RunController::stepReceived, this, &TrainingPage::onStep);
  connect(controller_, &RunController::epochReceived, this, &TrainingPage::onEpoch);
  connect(controller_, &RunController::progressReceived, this, &TrainingPage::onProgress);
  connect(controller_, &RunController::eventReceived, this, [this](const StreamItem& e) {
    if (e.type == QLatin1String("metric") || e.type == QLatin1String("done")) curves_.addEvent(e.fields);
    if (e.type == QLatin1String("stage")) {  // a pipeline's step started or done
      const QString stage = e.fields.value("stage").toString();
      const QString state = e.fields.value("state").toString();
      updateProgress(stage, state == QLatin1String("done") ? 1.0 : 0.0, -1, tr("%1: %2").arg(stage, state));
    }
    if (e.type == QLatin1String("resume"))
      appendLog(tr("Resuming %1 from %2 at epoch %3, step %4.")
                    .arg(e.fields.value("stage").toString(), e.fields.value("checkpoint").toString())
                    .arg(e.fields.value("epoch").toInt() + 1)
                    .arg(e.fields.value("step").toInt()));
  });
  connect(controller_, &RunController::logLine, this, [this](const QString& line, RunController::LogSource) { appendLog(line); });
  connect(controller_, &RunController::finished, this, [this](int exitCode, RunController::State) { onFinished(exitCode); });
  connect(controller_, &RunController::stateChanged, this, [this] {
    updateButtons();
    Q_EMIT jobActiveChanged(isJobActive());
  });

  const AppSettings app = AppSettings::load();
  JobSettings defaults;
  defaults.device = app.device;
  defaults.threads = app.threads;
  applyPreset(defaults, Preset::CpuDemo);
  setSettings(defaults);
  presetCombo_->setCurrentIndex(1);
  updateButtons();
}

void TrainingPage::buildForm() {
  createFields();
  QWidget* scroll = buildJobPanel();
  QWidget* right = buildProgressPanel();

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(scroll);
  splitter->addWidget(right);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({400, 800});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(buildToolbar());
  layout->addWidget(splitter);

  connectForm();
}

// The job's fields; their rows and order are in buildJobPanel().
void TrainingPage::createFields() {
  jobCombo_ = new QComboBox;
  jobCombo_->addItem(tr("Whole pipeline"), jobKindId(JobKind::Pipeline));
  jobCombo_->addItem(tr("Stage 1: train the classifier"), jobKindId(JobKind::Stage1));
  jobCombo_->addItem(tr("Pseudo masks (Grad-CAM)"), jobKindId(JobKind::PseudoMasks));
  jobCombo_->addItem(tr("Stage 2: train the segmenter"), jobKindId(JobKind::Stage2));
  jobCombo_->addItem(tr("Evaluation"), jobKindId(JobKind::Evaluate));
  presetCombo_ = new QComboBox;
  presetCombo_->addItem(tr("paper (reference settings)"), presetId(Preset::Paper));
  presetCombo_->addItem(tr("cpu-demo (small and fast)"), presetId(Preset::CpuDemo));

  datasetEdit_ = new QLineEdit;
  datasetEdit_->setPlaceholderText(tr("dataset root with train/, val/, test/"));
  outEdit_ = new QLineEdit;
  modelEdit_ = new QLineEdit;
  modelEdit_->setPlaceholderText(tr("checkpoint of a stage-1 or stage-2 run"));
  masksEdit_ = new QLineEdit;
  masksEdit_->setPlaceholderText(tr("folder of pseudo-mask PNGs"));
  auto* datasetBrowse = new QPushButton(tr("Browse…"));
  auto* outBrowse = new QPushButton(tr("Browse…"));
  auto* modelBrowse = new QPushButton(tr("Browse…"));
  auto* masksBrowse = new QPushButton(tr("Browse…"));
  connect(datasetBrowse, &QPushButton::clicked, this, [this] { browseFolder(datasetEdit_, tr("Dataset folder")); });
  connect(outBrowse, &QPushButton::clicked, this, [this] { browseFolder(outEdit_, tr("Output folder")); });
  connect(masksBrowse, &QPushButton::clicked, this, [this] { browseFolder(masksEdit_, tr("Pseudo-mask folder")); });
  connect(modelBrowse, &QPushButton::clicked, this, [this] {
    const QString file = ProjectFileDialogs::getOpenFileName(this, tr("Model checkpoint"), modelEdit_->text(),
                                                             tr("Checkpoints (*.pt *.pth *.params);;All files (*)"));
    if (!file.isEmpty()) modelEdit_->setText(file);
  });
  datasetRow_ = pathRow(datasetEdit_, datasetBrowse);
  outRow_ = pathRow(outEdit_, outBrowse);
  modelRow_ = pathRow(modelEdit_, modelBrowse);
  masksRow_ = pathRow(masksEdit_, masksBrowse);
  reviewedCheck_ = new QCheckBox(tr("Use reviewed masks"));
  reviewedCheck_->setToolTip(tr("Corrected masks (edits/) where they exist, rejected patches left out: --edits "
                                "<project>/edits --review <project>/review.json. The run records which mask set it used."));

  archCombo_ = new QComboBox;
  archCombo_->addItem(tr("ResNet38d (full, 105 M parameters)"), QStringLiteral("resnet38d"));
  archCombo_->addItem(tr("ResNet38d lite (width / 8)"), QStringLiteral("resnet38d-lite"));
  arsCombo_ = new QComboBox;
  arsCombo_->addItem(tr("reference (as the published code)"), QStringLiteral("reference"));
  arsCombo_->addItem(tr("intended (as the paper describes)"), QStringLiteral("intended"));
  arsCombo_->addItem(tr("off"), QStringLiteral("off"));
  epochsSpin_ = new QSpinBox;
  epochsSpin_->setRange(1, 1000);
  batchSpin_ = new QSpinBox;
  batchSpin_->setRange(1, 512);
  patchSpin_ = new QSpinBox;
  patchSpin_->setRange(32, 2048);
  patchSpin_->setSingleStep(16);
  patchSpin_->setSuffix(tr(" px"));
  patchSpin_->setToolTip(tr("Training patches are resized to this square size"));
  lrSpin_ = new QDoubleSpinBox;
  lrSpin_->setDecimals(5);
  lrSpin_->setRange(0, 1);
  lrSpin_->setSingleStep(0.001);
  lrSpin_->setSpecialValueText(tr("default"));
  layersEdit_ = new QLineEdit;
  layersEdit_->setToolTip(tr("Grad-CAM layers, comma-separated: bn7, b5_2, b4_5"));
  splitCombo_ = new QComboBox;
  splitCombo_->addItem(tr("test"), QStringLiteral("test"));
  splitCombo_->addItem(tr("val"), QStringLiteral("val"));
  deviceCombo_ = new QComboBox;
  DeviceChoices::instance().attach(deviceCombo_, QStringLiteral("auto"));
  threadsSpin_ = new QSpinBox;
  threadsSpin_->setRange(0, 256);
  threadsSpin_->setSpecialValueText(tr("all cores"));
  seedSpin_ = new QSpinBox;
  seedSpin_->setRange(0, 999999);
  nprocSpin_ = new QSpinBox;
  nprocSpin_->setObjectName(QStringLiteral("processes"));
  nprocSpin_->setRange(1, 64);
  nprocSpin_->setToolTip(tr("Worker processes: one per GPU, or several CPU processes (--nproc). "
                            "The live plots show the first process's stream."));
  syncBatchNormCheck_ = new QCheckBox(tr("Synchronise BatchNorm over the processes"));
  syncBatchNormCheck_->setObjectName(QStringLiteral("syncBatchNorm"));
  syncBatchNormCheck_->setToolTip(tr("BatchNorm normalises with the statistics of the whole batch, exchanged between "
                                     "the processes (SyncBN, --sync-batch-norm): as one process would train, but "
                                     "slower. Off, each process uses its own share of the batch, as PyTorch's DDP."));
  syncBatchNormCheck_->setEnabled(false);
  deriveCombo_ = new QComboBox;
  deriveCombo_->setObjectName(QStringLiteral("deriveLabels"));
  deriveCombo_->addItem(tr("no: the train/ labels"), QString());
  deriveCombo_->addItem(tr("from the val masks"), QStringLiteral("val"));
  deriveCombo_->addItem(tr("from the test masks"), QStringLiteral("test"));
  deriveCombo_->setToolTip(tr("For data without image-level labels: train on a split that has pixel masks, "
                              "its labels derived from them (--derive-labels-from-masks)"));
  overridesEdit_ = new QLineEdit;
  overridesEdit_->setObjectName(QStringLiteral("overrides"));
  overridesEdit_->setPlaceholderText(tr("e.g. stage1.batch=4 stage2.epochs=3"));
  overridesEdit_->setToolTip(tr("Any setting of the run's config.json, as key.path=value separated by spaces "
                                "(--set); an entry with spaces in double quotes"));
}

// The left panel: the job's form, the command line and the job's problems.
QWidget* TrainingPage::buildJobPanel() {
  auto* settingsBox = new QGroupBox(tr("Job"));
  form_ = new QFormLayout(settingsBox);
  form_->addRow(tr("&Job:"), jobCombo_);
  form_->addRow(tr("&Preset:"), presetCombo_);
  form_->addRow(tr("&Dataset:"), datasetRow_);
  form_->addRow(tr("&Output:"), outRow_);
  form_->addRow(tr("&Model:"), modelRow_);
  form_->addRow(tr("Mas&ks:"), masksRow_);
  form_->addRow(QString(), reviewedCheck_);
  form_->addRow(tr("Network:"), archCombo_);
  form_->addRow(tr("ARS mode:"), arsCombo_);
  form_->addRow(tr("&Epochs:"), epochsSpin_);
  form_->addRow(tr("&Batch size:"), batchSpin_);
  form_->addRow(tr("Patch size:"), patchSpin_);
  form_->addRow(tr("Learning rate:"), lrSpin_);
  form_->addRow(tr("Layers:"), layersEdit_);
  form_->addRow(tr("Split:"), splitCombo_);
  form_->addRow(tr("Device:"), deviceCombo_);
  form_->addRow(tr("Threads:"), threadsSpin_);
  form_->addRow(tr("Seed:"), seedSpin_);
  form_->addRow(tr("Derive labels:"), deriveCombo_);
  form_->addRow(tr("O&verrides:"), overridesEdit_);
  form_->addRow(tr("Processes:"), nprocSpin_);
  form_->addRow(QString(), syncBatchNormCheck_);

  problemsLabel_ = new QLabel;
  problemsLabel_->setObjectName(QStringLiteral("problems"));
  problemsLabel_->setWordWrap(true);
  problemsLabel_->setStyleSheet(QStringLiteral("color: #b00020;"));
  problemsLabel_->hide();

  commandEdit_ = new QLineEdit;
  commandEdit_->setObjectName(QStringLiteral("command"));
  commandEdit_->setReadOnly(true);
  commandEdit_->setFont(QFont(QStringLiteral("monospace")));
  auto* copyButton = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy"));
  copyButton->setToolTip(tr("Copy the command line to the clipboard"));
  connect(copyButton, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(commandEdit_->text()); });
  auto* commandRow = new QHBoxLayout;
  commandRow->addWidget(commandEdit_, 1);
  commandRow->addWidget(copyButton);

  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->addWidget(settingsBox);
  leftLayout->addWidget(new QLabel(tr("Command:")));
  leftLayout->addLayout(commandRow);
  leftLayout->addWidget(problemsLabel_);  // below everything: a refusal appearing moves no field
  leftLayout->addStretch(1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(380);
  scroll->setFrameShape(QFrame::NoFrame);
  return scroll;
}

// Any change of the form updates the command line shown (and the fields the job kind uses).
void TrainingPage::connectForm() {
  connect(jobCombo_, &QComboBox::currentIndexChanged, this, [this] {
    updateFormForKind();
    applySelectedPreset();
  });
  connect(presetCombo_, &QComboBox::currentIndexChanged, this, &TrainingPage::applySelectedPreset);
  for (QLineEdit* e : {datasetEdit_, outEdit_, modelEdit_, masksEdit_, layersEdit_, overridesEdit_})
    connect(e, &QLineEdit::textChanged, this, &TrainingPage::updateCommandPreview);
  for (QComboBox* c : {archCombo_, arsCombo_, splitCombo_, deviceCombo_, deriveCombo_})
    connect(c, &QComboBox::currentIndexChanged, this, &TrainingPage::updateCommandPreview);
  for (QSpinBox* s : {epochsSpin_, batchSpin_, patchSpin_, threadsSpin_, seedSpin_, nprocSpin_})
    connect(s, &QSpinBox::valueChanged, this, &TrainingPage::updateCommandPreview);
  connect(lrSpin_, &QDoubleSpinBox::valueChanged, this, &TrainingPage::updateCommandPreview);
  connect(reviewedCheck_, &QCheckBox::toggled, this, &TrainingPage::updateCommandPreview);
  connect(syncBatchNormCheck_, &QCheckBox::toggled, this, &TrainingPage::updateCommandPreview);
  connect(nprocSpin_, &QSpinBox::valueChanged, this, [this](int n) { syncBatchNormCheck_->setEnabled(n > 1); });
}

void TrainingPage::setProject(const Project* project) {
  project_ = project;
  // Called when the open project changes: paths of the previous one (its dataset, checkpoint,
  // masks, output folder) never carry over into a job of this one.
  datasetEdit_->setText(project_ && project_->isValid() ? project_->datasetPath() : QString());
  for (QLineEdit* edit : {outEdit_, modelEdit_, masksEdit_}) edit->clear();
  reviewedCheck_->setChecked(false);
  updateFormForKind();
}

void TrainingPage::setCurrentRunDefaults(const QString& stage1Model, const QString& stage2Model,
                                         const QString& maskSet) {
  runStage1_ = stage1Model;
  runStage2_ = stage2Model;
  runMasks_ = maskSet;
  applyCurrentRunDefaults();
  updateCommandPreview();
}

void TrainingPage::applyCurrentRunDefaults() {
  if (isJobActive()) return;
  JobKind kind = JobKind::Pipeline;
  jobKindFromId(jobCombo_->currentData().toString(), &kind);
  const auto follow = [this](QLineEdit* field, const QString& value) {
    const QString now = field->text().trimmed();
    if (value.isEmpty() || now == value || !(now.isEmpty() || offeredDefaults_.contains(now))) return;
    field->setText(value);
    offeredDefaults_ << value;
  };
  if (kind == JobKind::PseudoMasks) follow(modelEdit_, runStage1_);
  if (kind == JobKind::Evaluate) follow(modelEdit_, runStage2_);
  if (kind == JobKind::Stage2) follow(masksEdit_, runMasks_);
}

JobSettings TrainingPage::settings() const {
  JobSettings s;
  jobKindFromId(jobCombo_->currentData().toString(), &s.kind);
  s.dataset = datasetEdit_->text().trimmed();
  s.outDir = outEdit_->text().trimmed();
  s.model = modelEdit_->text().trimmed();
  s.masks = masksEdit_->text().trimmed();
  if (reviewedCheck_->isChecked() && project_ && project_->isValid()) {
    s.edits = project_->editsDir();
    s.review = project_->folder() + QStringLiteral("/review.json");
  }
  s.arch = archCombo_->currentData().toString();
  s.ars = arsCombo_->currentData().toString();
  s.epochs = epochsSpin_->value();
  s.batch = batchSpin_->value();
  s.patchSize = patchSpin_->value();
  presetFromId(presetCombo_->currentData().toString(), &s.preset);
  s.lr = lrSpin_->value();
  s.layers = layersEdit_->text().trimmed();
  s.split = splitCombo_->currentData().toString();
  s.device = deviceCombo_->currentData().toString();
  s.threads = threadsSpin_->value();
  s.seed = seedSpin_->value();
  s.nproc = nprocSpin_->value();
  s.syncBatchNorm = syncBatchNormCheck_->isChecked();
  s.deriveLabelsFrom = deriveCombo_->currentData().toString();
  s.overrides = parseOverrides(overridesEdit_->text());
  return s;
}

void TrainingPage::setSettings(const JobSettings& s) {
  const QSignalBlocker block(jobCombo_);
  const QSignalBlocker blockPreset(presetCombo_);
  jobCombo_->setCurrentIndex(jobCombo_->findData(jobKindId(s.kind)));
  presetCombo_->setCurrentIndex(std::max(0, presetCombo_->findData(presetId(s.preset))));
  datasetEdit_->setText(s.dataset);
  outEdit_->setText(s.outDir);
  modelEdit_->setText(s.model);
  masksEdit_->setText(s.masks);
  reviewedCheck_->setChecked(!s.edits.isEmpty() || !s.review.isEmpty());
  archCombo_->setCurrentIndex(std::max(0, archCombo_->findData(s.arch)));
  arsCombo_->setCurrentIndex(std::max(0, arsCombo_->findData(s.ars)));
  epochsSpin_->setValue(s.epochs);
  batchSpin_->setValue(s.batch);
  patchSpin_->setValue(s.patchSize);
  lrSpin_->setValue(s.lr);
  layersEdit_->setText(s.layers);
  splitCombo_->setCurrentIndex(std::max(0, splitCombo_->findData(s.split)));
  selectDevice(deviceCombo_, s.device);
  threadsSpin_->setValue(s.threads);
  seedSpin_->setValue(static_cast<int>(s.seed));
  nprocSpin_->setValue(s.nproc);
  syncBatchNormCheck_->setChecked(s.syncBatchNorm);
  deriveCombo_->setCurrentIndex(std::max(0, deriveCombo_->findData(s.deriveLabelsFrom)));
  QStringList quoted;  // as typed: a value with spaces in quotes
  for (const QString& o : s.overrides) quoted << (o.contains(QLatin1Char(' ')) ? QLatin1Char('"') + o + QLatin1Char('"') : o);
  overridesEdit_->setText(quoted.join(QLatin1Char(' ')));
  updateFormForKind();
}

void TrainingPage::updateFormForKind() {
  JobKind kind = JobKind::Pipeline;
  jobKindFromId(jobCombo_->currentData().toString(), &kind);
  const bool trains = jobTrains(kind);
  const bool stage1 = kind == JobKind::Stage1;
  form_->setRowVisible(modelRow_, kind == JobKind::PseudoMasks || kind == JobKind::Evaluate);
  form_->setRowVisible(masksRow_, kind == JobKind::Stage2);
  form_->setRowVisible(reviewedCheck_, kind == JobKind::Stage2 && project_ && project_->isValid());
  form_->setRowVisible(archCombo_, stage1);
  form_->setRowVisible(arsCombo_, stage1);
  form_->setRowVisible(epochsSpin_, kind == JobKind::Stage1 || kind == JobKind::Stage2);
  form_->setRowVisible(batchSpin_, kind == JobKind::Stage1 || kind == JobKind::Stage2);
  form_->setRowVisible(patchSpin_, kind == JobKind::Stage1 || kind == JobKind::Stage2);
  form_->setRowVisible(lrSpin_, kind == JobKind::Stage1 || kind == JobKind::Stage2);
  form_->setRowVisible(layersEdit_, kind == JobKind::PseudoMasks);
  form_->setRowVisible(splitCombo_, kind == JobKind::Evaluate);
  form_->setRowVisible(presetCombo_, trains);
  form_->setRowVisible(nprocSpin_, trains);
  form_->setRowVisible(syncBatchNormCheck_, trains);
  form_->setRowVisible(deriveCombo_, kind == JobKind::Pipeline);
  form_->setRowVisible(overridesEdit_, kind == JobKind::Pipeline);
  const bool inProject = project_ && project_->isValid();
  outEdit_->setPlaceholderText(inProject ? (kind == JobKind::PseudoMasks ? tr("automatic: masks/<new run>")
                                                                          : tr("automatic: runs/<new run>"))
                                         : tr("folder for checkpoints and results"));
  applyCurrentRunDefaults();
  updateCommandPreview();
  updateButtons();
}

void TrainingPage::applySelectedPreset() {
  Preset preset = Preset::CpuDemo;
  presetFromId(presetCombo_->currentData().toString(), &preset);
  JobSettings s = settings();
  applyPreset(s, preset);
  archCombo_->setCurrentIndex(std::max(0, archCombo_->findData(s.arch)));
  epochsSpin_->setValue(s.epochs);
  batchSpin_->setValue(s.batch);
  patchSpin_->setValue(s.patchSize);
  lrSpin_->setValue(s.lr);
  updateCommandPreview();
}

QString TrainingPage::commandText() const { return commandEdit_->text(); }

void TrainingPage::updateCommandPreview() {
  if (isJobActive()) return;  // keep showing the command that runs
  JobSettings s = settings();
  if (s.outDir.isEmpty() && project_ && project_->isValid())
    s.outDir = QDir(s.kind == JobKind::PseudoMasks ? project_->masksDir() : project_->runsDir())
                   .filePath(QStringLiteral("<new run>"));
  commandEdit_->setText(shellCommandLine(armlProgramPath(), buildArmlArguments(s)));
  commandEdit_->setCursorPosition(0);
}

void TrainingPage::updateButtons() {
  const bool active = isJobActive();
  startAction_->setEnabled(!active);
  stopAction_->setEnabled(controller_->state() == RunController::State::Running);
  resumeAction_->setEnabled(!active && lastRunResumable_);
}

bool TrainingPage::isJobActive() const { return controller_->isActive(); }

QString TrainingPage::browseFolder(QLineEdit* target, const QString& title) {
  const QString dir = ProjectFileDialogs::getExistingDirectory(this, title, target->text(), AppSettings::load().datasetsFolder);
  if (!dir.isEmpty()) target->setText(dir);
  return dir;
}

void TrainingPage::setDatasetSummary(const DatasetSummary& summary) { datasetSummary_ = summary; }

void TrainingPage::showProblems(const QStringList& problems) {
  shownProblems_ = problems;
  if (problems.isEmpty()) {
    problemsLabel_->hide();
    return;
  }
  QString html = tr("<b>Cannot start:</b>") + QStringLiteral("<ul style=\"margin:0\">");
  for (const QString& p : problems) html += QStringLiteral("<li>%1</li>").arg(p.toHtmlEscaped());
  problemsLabel_->setText(html + QStringLiteral("</ul>"));
  problemsLabel_->show();
}

}  // namespace arml::ui
