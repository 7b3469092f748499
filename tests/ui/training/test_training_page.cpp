// The Training page's progress bar for a whole pipeline: one bar over its four steps, the step
// named on it, driven by a recorded `arml pipeline --events -` stream that stops in the middle of
// the pseudo masks (a stand-in program that then waits to be stopped).
#include <QFile>
#include <QProgressBar>
#include <QSignalSpy>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/shell/app_settings.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"

using namespace arml::ui;

namespace {
// Stage 1 to its end, CAM evaluation, pseudo masks 3 of 8; then waits for Stop (SIGTERM).
const char* kPipelineStream = R"(#!/bin/sh
trap 'exit 130' TERM
cat <<'END'
{"type":"stage","time":0.0,"stage":"stage1","state":"started"}
{"type":"step","time":0.1,"stage":"stage1","epoch":0,"epochs":2,"step":0,"steps":2,"loss":0.7,"lr":0.01}
{"type":"step","time":0.2,"stage":"stage1","epoch":0,"epochs":2,"step":1,"steps":2,"loss":0.6,"lr":0.01}
{"type":"step","time":0.3,"stage":"stage1","epoch":1,"epochs":2,"step":0,"steps":2,"loss":0.5,"lr":0.005}
{"type":"step","time":0.4,"stage":"stage1","epoch":1,"epochs":2,"step":1,"steps":2,"loss":0.4,"lr":0.001}
{"type":"stage","time":0.5,"stage":"stage1","state":"done"}
{"type":"stage","time":0.5,"stage":"cam_evaluation","state":"started"}
{"type":"progress","time":0.6,"stage":"cam-evaluation","done":2,"total":2}
{"type":"stage","time":0.7,"stage":"pseudo_masks","state":"started"}
{"type":"progress","time":0.8,"stage":"pseudo-masks","done":1,"total":8}
{"type":"progress","time":0.9,"stage":"pseudo-masks","done":3,"total":8}
END
while true; do sleep 0.05; done
)";
}  // namespace

class TestTrainingPage : public QObject {
  Q_OBJECT
  QString root_;

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_training_page");
    root_ = QString::fromStdString(arml::test::scratchDir("ui_training_page"));
    QFile program(root_ + "/arml");
    QVERIFY(program.open(QIODevice::WriteOnly));
    program.write(kPipelineStream);
    program.close();
    program.setPermissions(program.permissions() | QFileDevice::ExeOwner);
    AppSettings s = AppSettings::load();
    s.armlProgram = root_ + "/arml";
    s.save();
  }

  // Third of four steps, 3/8 of it done: the bar stands at (2 + 3/8) / 4 of the whole run and
  // names the step, instead of restarting at 3/8 for the pseudo masks.
  void pipelineProgressIsOneBarOverAllSteps() {
    QDir().mkpath(root_ + "/data/train");
    TrainingPage page;
    page.resize(1200, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = root_ + "/data";
    s.outDir = root_ + "/run";
    page.setSettings(s);
    page.start();
    QVERIFY2(page.shownProblems().isEmpty(), qPrintable(page.shownProblems().join('\n')));
    QTRY_COMPARE_WITH_TIMEOUT(page.progressBarText(), QString("Step 3 of 4: pseudo masks — 59%"), 10000);
    QCOMPARE(page.progressValue(), 593);
    QVERIFY2(page.progressText().contains("pseudo-masks · 3 of 8"), qPrintable(page.progressText()));
    const QString shots = QString::fromStdString(arml::test::scratchDir("ui_screens_training_page"));
    QVERIFY(page.grab().save(shots + "/training-pipeline-progress.png"));

    QSignalSpy finished(page.controller(), &RunController::finished);
    page.stop();
    QVERIFY(finished.wait(10000));
  }
};

QTEST_MAIN(TestTrainingPage)
#include "test_training_page.moc"
