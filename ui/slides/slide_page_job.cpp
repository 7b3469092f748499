// The Slides page's slide inference job: "Run inference on this slide…", the `arml predict` child
// job (RunController), its progress, and opening its class-mask pyramid as the overlay.
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>

#include "slide/slide_reader.h"
#include "ui/shell/app_settings.h"
#include "ui/slides/slide_inference_dialog.h"
#include "ui/slides/slide_page.h"
#include "ui/training/run_controller.h"
#include "widgets/slide_view.h"

namespace arml::ui {

namespace {

QString lastLines(const QString& text, int n) {
  QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  while (lines.size() > n) lines.removeFirst();
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

void SlidePage::connectJob() {
  connect(job_, &RunController::progressReceived, this, &SlidePage::onJobProgress);
  connect(job_, &RunController::artifactReceived, this, [this](const QJsonObject& e) {
    if (e.value(QStringLiteral("kind")).toString() == QLatin1String("slide-mask"))
      jobOutput_ = e.value(QStringLiteral("path")).toString();
  });
  connect(job_, &RunController::finished, this, &SlidePage::onJobFinished);
}

void SlidePage::chooseSlideInference() {
  if (!view_->slide() || job_->isActive()) return;
  QString outDir = projectFolder_.isEmpty() ? QFileInfo(view_->slidePath()).absolutePath()
                                            : QDir(projectFolder_).filePath(QStringLiteral("slide-predictions"));
  if (projectFolder_.isEmpty() && !QFileInfo(outDir).isWritable())
    outDir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  delete inferenceDialog_;
  inferenceDialog_ = new SlideInferenceDialog(*view_->slide(), view_->slidePath(), segmenterEdit_->text().trimmed(),
                                              outDir, this);
  inferenceDialog_->tileSpin()->setValue(patchSize_->value());  // the training patch size
  if (resMode_->currentIndex() == 0) inferenceDialog_->umPerPxSpin()->setValue(resUm_->value());
  connect(inferenceDialog_, &QDialog::accepted, this, [this] { startSlideInference(inferenceDialog_->settings()); });
  inferenceDialog_->open();
}

void SlidePage::startSlideInference(const SlideInferenceSettings& s) {
  if (job_->isActive()) return;
  jobOutput_ = s.output;
  jobSlide_ = s.slide;
  adoptSlideModel(s.model);  // P / C and the next start use the model of this job
  const QString program = armlProgram_.isEmpty() ? armlProgramPath() : armlProgram_;
  showMessage(QString(), false);
  jobProgress_->setRange(0, 0);
  jobLabel_->setText(tr("Starting %1…").arg(QFileInfo(program).fileName()));
  jobRow_->show();
  stopButton_->setEnabled(true);
  jobClock_.start();
  job_->start(program, predictArguments(s));
  updateActions();
}

void SlidePage::stopSlideInference() {
  if (!job_->isActive()) return;
  stopButton_->setEnabled(false);
  jobLabel_->setText(tr("Stopping…"));
  job_->stop();
}

bool SlidePage::isInferenceRunning() const { return job_->isActive(); }

void SlidePage::onJobProgress(const QJsonObject& e) {
  if (e.value(QStringLiteral("stage")).toString() != QLatin1String("predict-slide")) return;
  const double done = e.value(QStringLiteral("done")).toDouble();
  const double total = e.value(QStringLiteral("total")).toDouble();
  if (total <= 0) return;
  jobProgress_->setRange(0, 1000);
  jobProgress_->setValue(static_cast<int>(std::lround(1000 * done / total)));
  const double elapsed = jobClock_.elapsed() / 1000.0;
  const double eta = done > 0 ? elapsed * (total - done) / done : -1;
  jobLabel_->setText(tr("%1 / %2 tiles · %3 left").arg(done).arg(total).arg(formatDuration(eta)));
}

void SlidePage::onJobFinished() {
  jobRow_->hide();
  updateActions();
  const RunController::State state = job_->state();
  if (state == RunController::State::Finished) {
    const double seconds = jobClock_.elapsed() / 1000.0;
    if (view_->slide() && view_->slidePath() == jobSlide_) {
      openOverlay(jobOutput_);
      showMessage(tr("Slide inference finished in %1; its class mask is the overlay: %2")
                      .arg(formatDuration(seconds), QDir::toNativeSeparators(jobOutput_)),
                  false);
    } else {
      showMessage(tr("Slide inference of %1 finished: %2").arg(QFileInfo(jobSlide_).fileName(), jobOutput_), false);
    }
    Q_EMIT slideInferenceFinished(true);
  } else if (state == RunController::State::Cancelled) {
    showMessage(tr("Slide inference stopped. Running it again with the same settings continues where it stopped."),
                false);
    Q_EMIT slideInferenceFinished(false);
  } else {
    showMessage(tr("Slide inference failed: %1").arg(lastLines(job_->failureMessage(), 6)), true);
    Q_EMIT slideInferenceFinished(false);
  }
}

}  // namespace arml::ui
