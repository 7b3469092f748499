#include "ui/training/pipeline_progress.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace arml::ui {

int PipelineProgress::stepOf(const QString& stage) {
  QString s = stage;
  s.replace(QLatin1Char('_'), QLatin1Char('-'));  // the pipeline's "pseudo_masks", the job's "pseudo-masks"
  if (s == QLatin1String("stage1")) return 0;
  if (s == QLatin1String("cam-evaluation")) return 1;
  if (s == QLatin1String("pseudo-masks")) return 2;
  if (s == QLatin1String("stage2") || s.startsWith(QLatin1String("stage2-"))) return 3;
  return -1;
}

QString PipelineProgress::stepName(int step) {
  switch (step) {
    case 0: return QCoreApplication::translate("PipelineProgress", "stage 1 (classifier)");
    case 1: return QCoreApplication::translate("PipelineProgress", "CAM evaluation");
    case 2: return QCoreApplication::translate("PipelineProgress", "pseudo masks");
    case 3: return QCoreApplication::translate("PipelineProgress", "stage 2 (segmenter)");
    default: return QString();
  }
}

void PipelineProgress::update(const QString& stage, double fraction) {
  const int step = stepOf(stage);
  if (step < 0 || step < step_) return;  // not a step, or a late event of a finished one
  if (step > step_) {
    step_ = step;
    stepFraction_ = 0;
  }
  if (stage.startsWith(QLatin1String("stage2-"))) return;  // stage 2's val / test passes
  if (fraction >= 0) stepFraction_ = std::max(stepFraction_, std::min(fraction, 1.0));
}

double PipelineProgress::fraction() const { return step_ < 0 ? 0.0 : (step_ + stepFraction_) / kSteps; }

QString PipelineProgress::text() const {
  if (step_ < 0) return QString();
  return QCoreApplication::translate("PipelineProgress", "Step %1 of %2: %3 — %4%")
      .arg(step_ + 1)
      .arg(kSteps)
      .arg(stepName(step_))
      .arg(static_cast<int>(std::floor(fraction() * 100)));
}

}  // namespace arml::ui
