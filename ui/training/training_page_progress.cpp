// The Training page's progress: the loss plot, the progress bar and line (throttled), the job's
// log, and the plot's export.
#include <QDir>
#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "ui/shell/project_file_dialogs.h"
#include "ui/training/training_page.h"
#include "widgets/loss_plot.h"

namespace arml::ui {

namespace {
QString formatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("–");
  const qint64 s = static_cast<qint64>(seconds + 0.5);
  return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
}  // namespace

// The right panel: the loss plot and its export, the progress bar and line, the job's log.
QWidget* TrainingPage::buildProgressPanel() {
  progressBar_ = new QProgressBar;
  progressBar_->setRange(0, 1000);
  progressBar_->setValue(0);
  progressBar_->setFormat(QStringLiteral("%p%"));
  progressLabel_ = new QLabel(tr("No job running."));
  progressLabel_->setObjectName(QStringLiteral("progressLabel"));
  // On the page's toolbar (training_page_toolbar.cpp).
  exportButton_ = new QToolButton;
  exportButton_->setText(tr("Export plot"));
  exportButton_->setToolTip(tr("Save the curves as a PNG image, an SVG drawing or a CSV table"));
  exportButton_->setPopupMode(QToolButton::InstantPopup);
  auto* exportMenu = new QMenu(exportButton_);
  const auto exportAs = [this](const QString& filter, const QString& suffix) {
    const QString name = QStringLiteral("curves.") + suffix;  // in the run's folder, else the project's
    QString path = ProjectFileDialogs::getSaveFileName(this, tr("Export plot"),
                                                       runFolder_.isEmpty() ? name : QDir(runFolder_).filePath(name), filter);
    if (path.isEmpty()) return;
    const bool ok = suffix == QLatin1String("png")   ? plot_->exportPng(path)
                    : suffix == QLatin1String("svg") ? plot_->exportSvg(path)
                                                     : plot_->exportCsv(path);
    appendLog(ok ? tr("Plot exported to %1").arg(path) : tr("Could not export the plot to %1").arg(path));
  };
  exportMenu->addAction(tr("PNG image…"), this, [=] { exportAs(tr("PNG image (*.png)"), QStringLiteral("png")); });
  exportMenu->addAction(tr("SVG drawing…"), this, [=] { exportAs(tr("SVG drawing (*.svg)"), QStringLiteral("svg")); });
  exportMenu->addAction(tr("CSV table…"), this, [=] { exportAs(tr("CSV table (*.csv)"), QStringLiteral("csv")); });
  exportButton_->setMenu(exportMenu);
  auto* progressRow = new QHBoxLayout;
  progressRow->addWidget(progressBar_, 1);

  log_ = new QPlainTextEdit;
  log_->setObjectName(QStringLiteral("log"));
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(10000);
  log_->setFont(QFont(QStringLiteral("monospace")));
  log_->setPlaceholderText(tr("The job's messages appear here."));

  auto* right = new QSplitter(Qt::Vertical);
  auto* top = new QWidget;
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addWidget(plot_, 1);
  topLayout->addLayout(progressRow);
  topLayout->addWidget(progressLabel_);
  right->addWidget(top);
  right->addWidget(log_);
  right->setStretchFactor(0, 4);
  right->setStretchFactor(1, 1);
  return right;
}

void TrainingPage::onStep(const QJsonObject& e) {
  const QString stage = e.value("stage").toString();
  const bool newStage = curves_.stageNames.isEmpty() || curves_.stageNames.last() != stage;
  curves_.addStep(e);
  const double x = curves_.stepX.last();
  if (newStage) plot_->startStage(0, x, stage);
  plot_->appendStep(0, x, curves_.loss.last(), curves_.lr.last());

  if (stage != lastStage_) {
    lastStage_ = stage;
    stageStartTime_ = -1;
    epochBase_ = stepBase_ = -1;
  }
  const int epoch = e.value("epoch").toInt();
  const int step = e.value("step").toInt();
  const int steps = e.value("steps").toInt();
  int epochs = e.value("epochs").toInt();
  if (epochs <= 0) epochs = running_.epochs;
  if (epochBase_ < 0) epochBase_ = std::min(epoch, 1);  // 0- or 1-based numbering
  if (stepBase_ < 0) stepBase_ = std::min(step, 1);
  QString detail = tr("%1 · epoch %2/%3").arg(stage).arg(epoch - epochBase_ + 1).arg(epochs);
  if (steps > 0) detail += tr(" · step %1/%2").arg(step - stepBase_ + 1).arg(steps);
  if (e.value("images_per_s").isDouble())
    detail += tr(" · %1 images/s").arg(e.value("images_per_s").toDouble(), 0, 'f', 1);
  if (e.value("loss").isDouble()) detail += tr(" · loss %1").arg(e.value("loss").toDouble(), 0, 'g', 4);
  double fraction = -1;
  if (steps > 0 && epochs > 0)
    fraction = (double(epoch - epochBase_) * steps + (step - stepBase_ + 1)) / (double(epochs) * steps);
  updateProgress(stage, fraction, e.value("time").toDouble(-1), detail);
}

void TrainingPage::onEpoch(const QJsonObject& e) {
  curves_.addEpoch(e);
  // Each stage's epochs from 1, its series named by the stage (a pipeline's stage 2 is not 5-8).
  const QString stage = e.value("stage").toString();
  const double epoch = curves_.stageEpochX.last();
  QMap<QString, double> shown;
  const QMap<QString, double> values = RunCurves::epochValues(e);
  for (auto it = values.begin(); it != values.end(); ++it)
    if (RunCurves::isPlottedMetric(it.key())) shown.insert(RunCurves::stageSeriesName(stage, it.key()), it.value());
  plot_->appendEpoch(0, epoch, shown);
  QStringList parts;
  for (auto it = values.begin(); it != values.end(); ++it) parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value(), 0, 'g', 4);
  appendLog(tr("epoch %1 (%2): %3").arg(epoch).arg(stage, parts.join(QLatin1String(", "))));
  QString error;
  if (!writeMetricsCsv(runFolder_, curves_, &error)) appendLog(tr("Cannot write the run record: %1").arg(error));
}

void TrainingPage::onProgress(const QJsonObject& e) {
  const double done = e.value("done").toDouble();
  const double total = e.value("total").toDouble();
  const QString stage = e.value("stage").toString();
  if (stage != lastStage_) {
    lastStage_ = stage;
    stageStartTime_ = -1;
  }
  updateProgress(stage, total > 0 ? done / total : -1, e.value("time").toDouble(-1),
                 tr("%1 · %2 of %3").arg(stage).arg(done).arg(total));
}

void TrainingPage::updateProgress(const QString& stage, double fraction, double time, const QString& detail) {
  QString text = detail;
  const bool pipeline = running_.kind == JobKind::Pipeline;
  if (fraction >= 0) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    pendingProgressValue_ = static_cast<int>(fraction * 1000);
    if (time >= 0) {
      if (stageStartTime_ < 0) {
        stageStartTime_ = time;
        stageStartFraction_ = fraction;
      } else if (fraction > stageStartFraction_) {
        const double rate = (fraction - stageStartFraction_) / (time - stageStartTime_);
        const QString eta = formatDuration((1.0 - fraction) / rate);
        text += pipeline ? tr(" · this step's ETA %1").arg(eta) : tr(" · ETA %1").arg(eta);
      }
    }
  }
  if (pipeline) {  // one bar over all steps, which names the step (the line above details it)
    pipeline_.update(stage, fraction);
    if (pipeline_.step() >= 0) {
      pendingProgressValue_ = static_cast<int>(pipeline_.fraction() * 1000);
      pendingProgressFormat_ = pipeline_.text();
    }
  }
  pendingProgressText_ = text;
  if (!progressTimer_->isActive()) progressTimer_->start();
}

void TrainingPage::showPendingProgress() {
  progressTimer_->stop();
  if (pendingProgressValue_ >= 0) progressBar_->setValue(pendingProgressValue_);
  if (!pendingProgressText_.isEmpty()) progressLabel_->setText(pendingProgressText_);
  if (!pendingProgressFormat_.isEmpty()) progressBar_->setFormat(pendingProgressFormat_);
  pendingProgressValue_ = -1;
  pendingProgressText_.clear();
  pendingProgressFormat_.clear();
}

QString TrainingPage::progressText() const { return progressLabel_->text(); }
int TrainingPage::progressValue() const { return progressBar_->value(); }
QString TrainingPage::progressBarText() const { return progressBar_->text(); }

void TrainingPage::appendLog(const QString& line) { log_->appendPlainText(line); }

}  // namespace arml::ui
