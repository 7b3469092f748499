// PipelineProgress: one fraction over a pipeline's four steps, from the stage names its events carry.
#include <QtTest>

#include "ui/training/pipeline_progress.h"

using arml::ui::PipelineProgress;

class TestPipelineProgress : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void stepsOfEventStages() {
    QCOMPARE(PipelineProgress::stepOf("stage1"), 0);
    QCOMPARE(PipelineProgress::stepOf("cam-evaluation"), 1);
    QCOMPARE(PipelineProgress::stepOf("cam_evaluation"), 1);  // the pipeline's own stage events
    QCOMPARE(PipelineProgress::stepOf("pseudo-masks"), 2);
    QCOMPARE(PipelineProgress::stepOf("pseudo_masks"), 2);
    QCOMPARE(PipelineProgress::stepOf("stage2"), 3);
    QCOMPARE(PipelineProgress::stepOf("stage2-val"), 3);
    QCOMPARE(PipelineProgress::stepOf("stage2-test"), 3);
    QCOMPARE(PipelineProgress::stepOf("data"), -1);
  }

  // The fraction only grows over the whole run: each step a quarter, stage 2's validation passes
  // (a progress bar of their own in the event stream) and late events of an earlier step do not
  // move it back.
  void oneFractionOverAllSteps() {
    PipelineProgress p;
    QCOMPARE(p.step(), -1);
    QVERIFY(p.text().isEmpty());
    p.update("stage1", 0.5);
    QCOMPARE(p.fraction(), 0.125);
    QCOMPARE(p.text(), QString("Step 1 of 4: stage 1 (classifier) — 12%"));
    p.update("cam-evaluation", 0.5);
    QCOMPARE(p.fraction(), 0.375);
    p.update("pseudo_masks", 0.0);  // {"type": "stage", "stage": "pseudo_masks", "state": "started"}
    p.update("pseudo-masks", 3.0 / 8);
    QCOMPARE(p.fraction(), 2.375 / 4);
    QCOMPARE(p.text(), QString("Step 3 of 4: pseudo masks — 59%"));
    p.update("stage1", 1.0);  // late
    QCOMPARE(p.step(), 2);
    p.update("stage2", 0.5);
    QCOMPARE(p.fraction(), 0.875);
    p.update("stage2-val", 0.1);
    QCOMPARE(p.fraction(), 0.875);
    QCOMPARE(p.text(), QString("Step 4 of 4: stage 2 (segmenter) — 87%"));
    p.update("stage2", 1.0);
    QCOMPARE(p.fraction(), 1.0);
    p.reset();
    QCOMPARE(p.step(), -1);
    // A resumed pipeline reports its finished steps done, then continues where it stopped.
    p.update("stage1", 1.0);
    p.update("stage2", 0.0);
    QCOMPARE(p.fraction(), 0.75);
  }
};

QTEST_MAIN(TestPipelineProgress)
#include "test_pipeline_progress.moc"
