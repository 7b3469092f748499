// The Training page's own code path against the REAL `arml` child process on a tiny synthetic job
// (make-demo-data + train-cls, resnet38d-lite at 64 px): events parsed, the loss plot fed, progress
// with ETA; Stop -> exit 130 with the checkpoint kept and Resume continuing it; kill -9 -> shown as
// failed with the last lines of output, and the page still runs the next job to the end.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>
#include <csignal>

#include "cli_runner.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/app_settings.h"
#include "ui/run_controller.h"
#include "ui/training_page.h"
#include "widgets/loss_plot.h"
#include "widgets/qcustomplot_include.h"

using namespace arml::ui;
using State = RunController::State;

class TestTrainingJob : public QObject {
  Q_OBJECT
  QString root_, data_, shots_;

  static QPushButton* button(QWidget* w, const char* name) { return w->findChild<QPushButton*>(name); }
  static QString logText(QWidget* w) { return w->findChild<QPlainTextEdit*>("log")->toPlainText(); }

  JobSettings tinyStage1(const QString& out, int epochs) {
    JobSettings s;
    s.kind = JobKind::Stage1;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = data_;
    s.outDir = out;
    s.epochs = epochs;
    s.batch = 2;
    s.patchSize = 64;
    s.device = "cpu";
    s.threads = 1;
    s.seed = 1;
    return s;
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_training_job");
    AppSettings s = AppSettings::load();
    s.armlProgram = QString::fromStdString(arml::test::cliPath());
    s.save();
    root_ = QString::fromStdString(arml::test::scratchDir("ui_training_job"));
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_training"));
    data_ = root_ + "/data";
    const auto r = arml::test::runArml({"--seed", "3", "make-demo-data", "--out", data_, "--train", "8", "--val", "2",
                                        "--test", "2", "--patch-size", "64"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
  }

  void realJobStopResumeCrashAndNextJob() {
    TrainingPage page;
    page.resize(1280, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RunController* rc = page.controller();
    const QString run = root_ + "/run1";
    page.setSettings(tinyStage1(run, 400));
    QVERIFY(page.commandText().contains("train-cls --data " + data_));
    QVERIFY(page.commandText().contains("--arch resnet38d-lite"));
    QVERIFY(page.commandText().contains("--patch-size 64"));

    QSignalSpy steps(rc, &RunController::stepReceived);
    QSignalSpy epochs(rc, &RunController::epochReceived);
    QSignalSpy finished(rc, &RunController::finished);
    QTest::mouseClick(button(&page, "start"), Qt::LeftButton);
    QVERIFY2(page.shownProblems().isEmpty(), qPrintable(page.shownProblems().join('\n')));
    QVERIFY(page.isJobActive());
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1 && steps.count() >= 6, 120000);

    // Events reached the plot, the metric plot and the progress line.
    page.plot()->flush();
    QVERIFY(page.plot()->stepCount(0) >= 6);
    QVERIFY(page.plot()->lossPlot()->graph(0)->dataCount() >= 6);
    QVERIFY(page.plot()->metricPlot()->graphCount() >= 1);  // stage 1's exact_match / jaccard
    QTRY_VERIFY_WITH_TIMEOUT(page.progressText().contains("ETA"), 20000);
    QVERIFY2(page.progressText().contains("images/s") && page.progressText().contains("stage1 · epoch"),
             qPrintable(page.progressText()));
    QVERIFY(page.progressValue() > 0);
    QVERIFY(page.grab().save(shots_ + "/training-running.png"));

    // Stop: SIGTERM, the job saves last.pt and exits 130.
    QTest::mouseClick(button(&page, "stop"), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(rc->state(), State::Cancelled);
    QCOMPARE(rc->exitCode(), 130);
    QVERIFY(QFile::exists(run + "/checkpoints/last.pt"));
    QVERIFY(button(&page, "resume")->isEnabled());
    QVERIFY(page.progressText().startsWith("Stopped"));
    page.plot()->flush();
    const int stepsBeforeResume = page.plot()->stepCount(0);

    // Resume: the same run folder, --resume, the trainer says where it continues.
    QVector<QJsonObject> resumeEvents;
    connect(rc, &RunController::eventReceived, this, [&](const StreamItem& e) {
      if (e.type == "resume") resumeEvents << e.fields;
    });
    steps.clear();
    QTest::mouseClick(button(&page, "resume"), Qt::LeftButton);
    QVERIFY(page.isJobActive());
    QVERIFY(rc->arguments().contains("--resume"));
    QCOMPARE(page.currentRunFolder(), run);
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 2, 120000);
    QCOMPARE(resumeEvents.size(), 1);
    QVERIFY(resumeEvents[0]["epoch"].toInt() >= 1);  // at least the finished epoch is kept
    QVERIFY(logText(&page).contains("Resuming stage1"));
    page.plot()->flush();
    QVERIFY(page.plot()->stepCount(0) > stepsBeforeResume);  // one curve, continued

    // kill -9: failed, with the reason and the last lines of output; nothing else breaks.
    QVERIFY(rc->processId() > 0);
    QCOMPARE(::kill(pid_t(rc->processId()), SIGKILL), 0);
    QVERIFY(finished.wait(30000));
    QCOMPARE(rc->state(), State::Failed);
    QVERIFY2(rc->failureMessage().contains("killed by a signal"), qPrintable(rc->failureMessage()));
    QVERIFY2(rc->failureMessage().contains("last lines of output") && rc->failureMessage().contains("step ars=true epoch="),
             qPrintable(rc->failureMessage()));
    QVERIFY(page.progressText().startsWith("Failed"));
    QVERIFY(logText(&page).contains("killed by a signal"));
    QFile config(run + "/config.json");
    QVERIFY(config.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(config.readAll()).object()["state"].toString(), QString("failed"));
    QVERIFY(button(&page, "start")->isEnabled());
    QVERIFY(page.grab().save(shots_ + "/training-crashed.png"));

    // The page keeps working: a fresh one-epoch job runs to the end.
    page.setSettings(tinyStage1(root_ + "/run2", 1));
    finished.clear();
    QTest::mouseClick(button(&page, "start"), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QCOMPARE(rc->state(), State::Finished);
    QCOMPARE(rc->exitCode(), 0);
    QVERIFY(QFile::exists(root_ + "/run2/checkpoints/final.pt"));
    QCOMPARE(page.progressValue(), 1000);
    QCOMPARE(page.progressText(), QString("Finished."));
  }
};

QTEST_MAIN(TestTrainingJob)
#include "test_training_job.moc"
