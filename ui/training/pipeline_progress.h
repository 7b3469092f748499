#pragma once
// Where a whole `arml pipeline` run is, as one bar over its steps instead of one that restarts
// with each: stage 1 (train the classifier), CAM evaluation, pseudo masks, stage 2 (train and
// evaluate the segmenter). The step is read from the "stage" of each event: step events of
// "stage1" / "stage2", progress events of "cam-evaluation", "pseudo-masks", "stage2-val",
// "stage2-test", and the pipeline's own {"type": "stage", "stage": "pseudo_masks", ...} events.
// Each step is an equal share of the bar; a resumed pipeline starts at the step it resumes.
#include <QString>

namespace arml::ui {

class PipelineProgress {
public:
  static constexpr int kSteps = 4;
  // The step (0..3) an event's stage belongs to; -1 for none.
  static int stepOf(const QString& stage);
  // The step's name for the user ("pseudo masks").
  static QString stepName(int step);

  // `stage` reached `fraction` (0..1, or < 0 when unknown) of itself. Evaluation of stage 2 on
  // val/test does not move the bar back: the step's fraction only counts its training steps.
  void update(const QString& stage, double fraction);
  void reset() { *this = PipelineProgress(); }
  int step() const { return step_; }  // -1 before the first event
  // The whole pipeline's fraction, 0..1.
  double fraction() const;
  // "Step 3 of 4: pseudo masks — 37%" (the whole pipeline's percentage); empty before the first event.
  QString text() const;

private:
  int step_ = -1;
  double stepFraction_ = 0;
};

}  // namespace arml::ui
