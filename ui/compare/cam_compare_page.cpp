#include "ui/compare/cam_compare_page.h"

#include <QComboBox>
#include <algorithm>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/runs/current_run.h"
#include "ui/runs/run_checkpoints.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/project_file_dialogs.h"

namespace arml::ui {

using arml::widgets::CamCompareView;

CamComparePage::CamComparePage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* pickers = new QGridLayout;
  auto addPicker = [&](int row, const QString& label, const QString& tip) {
    auto* combo = new QComboBox;
    combo->setToolTip(tip);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(30);
    auto* browseButton = new QToolButton;
    browseButton->setText(tr("Browse…"));
    connect(browseButton, &QToolButton::clicked, this, [this, combo] { browse(combo); });
    connect(combo, &QComboBox::currentIndexChanged, this, &CamComparePage::applyCheckpoints);
    connect(combo, &QComboBox::activated, this, [this, combo] { userPicked(combo); });
    pickers->addWidget(new QLabel(label), row, 0);
    pickers->addWidget(combo, row, 1);
    pickers->addWidget(browseButton, row, 2);
    return combo;
  };
  arsCombo_ = addPicker(0, tr("Classifier (ARS)"),
                        tr("Stage-1 training checkpoint with ARS weights (runs/…/stage1/checkpoints/last.pt): plain "
                           "and relocalized CAMs"));
  baselineCombo_ = addPicker(1, tr("Baseline (no ARS)"), tr("A classifier trained with --ars off: its plain CAM"));
  segmenterCombo_ = addPicker(2, tr("Segmenter"), tr("Stage-2 checkpoint: its prediction as a class mask"));
  auto* rescan = new QToolButton;
  rescan->setText(tr("Rescan runs"));
  connect(rescan, &QToolButton::clicked, this, &CamComparePage::rescanRuns);
  pickers->addWidget(rescan, 0, 3);
  status_ = new QLabel;
  pickers->addWidget(status_, 1, 3, 2, 1);
  pickers->setColumnStretch(1, 1);
  layout->addLayout(pickers);
  view_ = new CamCompareView;
  layout->addWidget(view_, 1);
  controller_ = new CamCompareController(view_, this);
  connect(controller_, &CamCompareController::busyChanged, this,
          [this](bool busy) { status_->setText(busy ? tr("computing…") : QString()); });
  setProject(Project());
}

void CamComparePage::setProject(const Project& project) {
  project_ = project;
  const QVector<TissueClass> classes = project.isValid() ? project.classes() : Project::defaultClasses();
  const int background = project.isValid() ? project.backgroundIndex() : 4;
  QStringList names;
  QVector<QColor> colours;
  for (int i = 0; i < classes.size(); ++i) {
    colours << classes[i].colour;
    if (i != background) names << classes[i].displayName();
  }
  controller_->setClasses(names, colours, background);
  rescanRuns();
}

void CamComparePage::setCurrentRun(CurrentRun* currentRun) {
  currentRun_ = currentRun;
  if (currentRun_)
    connect(currentRun_, &CurrentRun::changed, this, [this] {
      if (usesCurrentRun()) populate();
    });
  populate();
}

bool CamComparePage::usesCurrentRun() const {
  return currentRun_ && currentRun_->projectFolder() == (project_.isValid() ? project_.folder() : QString());
}

void CamComparePage::rescanRuns() {
  if (usesCurrentRun()) {
    const QSignalBlocker block(currentRun_);  // populated once, below
    currentRun_->refresh();
  }
  populate();
}

void CamComparePage::populate() {
  QVector<RunCheckpoint> found = findRunCheckpoints(project_.isValid() ? project_.runsDir() : QString());
  const bool byRun = usesCurrentRun();
  if (byRun) {
    // Only checkpoints of finished runs (or loose files under runs/): a running run's last.pt is
    // a model in the middle of its training.
    found.erase(std::remove_if(found.begin(), found.end(),
                               [this](const RunCheckpoint& c) {
                                 const QString id = currentRun_->runOf(c.path);
                                 if (id.isEmpty()) return false;
                                 for (const auto& r : currentRun_->runs())
                                   if (QString::fromStdString(r.id) == id) return r.status != arml::run::RunStatus::Finished;
                                 return false;
                               }),
                found.end());
  }
  const QString ars = arsCombo_->currentData().toString(), baseline = baselineCombo_->currentData().toString(),
                segmenter = segmenterCombo_->currentData().toString();
  for (QComboBox* combo : {arsCombo_, baselineCombo_, segmenterCombo_}) {
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(tr("(none)"), QString());
  }
  for (const RunCheckpoint& c : found) {
    const QString text =
        QStringLiteral("%1  (%2)").arg(c.label, c.modified.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    for (QComboBox* combo : c.role == RunCheckpoint::Role::Segmenter ? QVector<QComboBox*>{segmenterCombo_}
                                                                     : QVector<QComboBox*>{arsCombo_, baselineCombo_}) {
      const QSignalBlocker block(combo);
      combo->addItem(text, c.path);
      combo->setItemData(combo->count() - 1, c.path, Qt::ToolTipRole);
    }
  }
  // Keep what the user chose while it exists; otherwise the newest defaults. With a current run:
  // its models, and a loose file the user browsed to stays.
  auto keepOr = [](const QString& chosen, const QString& fallback) {
    return !chosen.isEmpty() && QFileInfo::exists(chosen) ? chosen : fallback;
  };
  auto runOr = [&](const QString& chosen, const QString& ofRun) {
    return !chosen.isEmpty() && QFileInfo::exists(chosen) && currentRun_->runOf(chosen).isEmpty() ? chosen : ofRun;
  };
  const QString arsPick = byRun ? runOr(ars, currentRun_->stage1ArsCheckpoint()) : keepOr(ars, defaultArsClassifier(found));
  const QString segPick = byRun ? runOr(segmenter, currentRun_->stage2Checkpoint()) : keepOr(segmenter, defaultSegmenter(found));
  for (auto [combo, path] : {std::pair{arsCombo_, arsPick}, {baselineCombo_, keepOr(baseline, defaultBaseline(found))},
                             {segmenterCombo_, segPick}}) {
    const QSignalBlocker block(combo);
    choose(combo, path);
  }
  applyCheckpoints();
}

void CamComparePage::userPicked(QComboBox* combo) {
  const QString path = combo->currentData().toString();
  if (combo == baselineCombo_ || path.isEmpty() || !usesCurrentRun() || currentRun_->runOf(path).isEmpty()) return;
  // A checkpoint of a run: that run becomes the project's current run (on every page).
  QString error;
  if (currentRun_->runOf(path) != currentRun_->id() && !currentRun_->chooseByCheckpoint(path, &error))
    status_->setText(error);
}

void CamComparePage::choose(QComboBox* combo, const QString& path) {
  int index = combo->findData(path);
  if (index < 0) {
    // A file of no listed run: shown as a loose file.
    combo->addItem(tr("%1  (loose file in %2)").arg(QFileInfo(path).fileName(), QFileInfo(path).absolutePath()), path);
    combo->setItemData(combo->count() - 1, path, Qt::ToolTipRole);
    index = combo->count() - 1;
  }
  combo->setCurrentIndex(index);
}

void CamComparePage::setArsClassifier(const QString& path) { choose(arsCombo_, path); }
void CamComparePage::setBaseline(const QString& path) { choose(baselineCombo_, path); }
void CamComparePage::setSegmenter(const QString& path) { choose(segmenterCombo_, path); }

void CamComparePage::browse(QComboBox* combo) {
  const QString start = project_.isValid() ? project_.runsDir() : QString();
  const QString path = ProjectFileDialogs::getOpenFileName(this, tr("Choose a checkpoint"), start,
                                                    tr("Checkpoints (*.pt *.pth *.params);;All files (*)"));
  if (path.isEmpty()) return;
  choose(combo, path);
  userPicked(combo);
}

void CamComparePage::applyCheckpoints() {
  CamCompareCheckpoints c;
  c.arsClassifier = arsCombo_->currentData().toString();
  c.baseline = baselineCombo_->currentData().toString();
  c.segmenter = segmenterCombo_->currentData().toString();
  controller_->setCheckpoints(c);
}

void CamComparePage::setPatch(const QString& imagePath, const QString& pseudoMaskPath, const QString& correctionPath) {
  pendingImage_ = imagePath;
  pendingMask_ = pseudoMaskPath;
  pendingCorrection_ = correctionPath;
  patchPending_ = true;
  if (isVisible()) showEvent(nullptr);
}

void CamComparePage::showEvent(QShowEvent* event) {
  if (event) {
    QWidget::showEvent(event);
    // Device and threads as the Settings dialog left them (a change reopens the sessions).
    const AppSettings settings = AppSettings::load();
    controller_->setComputeSettings(settings.device, settings.threads);
  }
  if (!patchPending_) return;
  patchPending_ = false;
  controller_->setPatch(pendingImage_, pendingMask_, pendingCorrection_);
}

void CamComparePage::refreshCorrection() { setPatch(pendingImage_, pendingMask_, pendingCorrection_); }

}  // namespace arml::ui
