// The Training page's own code path against the REAL `arml` child process on a tiny synthetic job
// (make-demo-data + train-cls, resnet38d-lite at 64 px): events parsed, the loss plot fed, progress
// with ETA; Stop -> exit 130 with the checkpoint kept and Resume continuing it; kill -9 -> shown as
// failed with the last lines of output, and the page still runs the next job to the end. The GUI's
// record of each job (job.json) lies beside the CLI's own config.json and never replaces it: a
// pipeline started here still refuses a changed setting when re-run; an Evaluate job started
// outside a project records into a run folder of its own, not into the checkpoints/ folder.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QAbstractButton>
#include <QtTest>
#include <csignal>

#include "cli_runner.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/runs/run_history.h"
#include "ui/shell/app_settings.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"
#include "widgets/loss_plot.h"
#include "widgets/qcustomplot_include.h"

using namespace arml::ui;
using State = RunController::State;

class TestTrainingJob : public QObject {
  Q_OBJECT
  QString root_, data_, shots_;

  static QAbstractButton* button(QWidget* w, const char* name) { return w->findChild<QAbstractButton*>(name); }
  static QString logText(QWidget* w) { return w->findChild<QPlainTextEdit*>("log")->toPlainText(); }
  static QJsonObject readJson(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
  }
  static QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

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
    // The GUI's record and the CLI's own files, side by side.
    const QJsonObject job = readJson(run + "/job.json");
    QCOMPARE(job["state"].toString(), QString("failed"));
    QCOMPARE(job["kind"].toString(), QString("stage1"));
    QVERIFY(job["command"].toString().contains("train-cls"));
    const QJsonObject cliConfig = readJson(run + "/config.json");
    QCOMPARE(cliConfig["stage"].toString(), QString("stage1"));
    QCOMPARE(cliConfig["arch"].toString(), QString("resnet38d-lite"));
    QCOMPARE(cliConfig["epochs"].toInt(), 400);
    QCOMPARE(cliConfig["patch_size"].toInt(), 64);
    QVERIFY(cliConfig.contains("ars"));
    QVERIFY(!cliConfig.contains("kind"));
    QVERIFY(readBytes(run + "/metrics.csv").startsWith("epoch,loss,exact_match,jaccard"));  // the trainer's table
    QVERIFY(readBytes(run + "/job-metrics.csv").startsWith("stage,epoch,"));
    const RunRecord record = readRun(run);
    QCOMPARE(record.state, QString("failed"));
    QCOMPARE(record.kind, QString("stage1"));
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
    QCOMPARE(readJson(root_ + "/run2/config.json")["stage"].toString(), QString("stage1"));
    QCOMPARE(readJson(root_ + "/run2/job.json")["state"].toString(), QString("finished"));
  }

  // A pipeline started on the page keeps its own config.json, so re-running it with a changed
  // setting is still refused; its events.jsonl (written by the pipeline) holds each event once.
  void pipelineKeepsItsConfig() {
    TrainingPage page;
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = data_;
    s.outDir = root_ + "/pipe";
    s.device = "cpu";
    s.threads = 1;
    page.setSettings(s);
    QSignalSpy events(page.controller(), &RunController::eventReceived);
    QSignalSpy finished(page.controller(), &RunController::finished);
    QTest::mouseClick(button(&page, "start"), Qt::LeftButton);
    QVERIFY2(page.shownProblems().isEmpty(), qPrintable(page.shownProblems().join('\n')));
    QVERIFY(finished.wait(180000));
    QCOMPARE(page.controller()->state(), State::Finished);

    const QString run = root_ + "/pipe";
    const QJsonObject config = readJson(run + "/config.json");
    QCOMPARE(config["config"].toObject()["preset"].toString(), QString("cpu-demo"));
    QVERIFY(config["software"].isObject());
    QVERIFY(!config.contains("kind"));
    QCOMPARE(readJson(run + "/job.json")["kind"].toString(), QString("pipeline"));
    QCOMPARE(readJson(run + "/job.json")["state"].toString(), QString("finished"));
    QVERIFY(readBytes(run + "/metrics.csv").startsWith("stage,split,metric,value\n"));
    QCOMPARE(readBytes(run + "/events.jsonl").count('\n'), events.count());

    const RunRecord record = readRun(run);
    QCOMPARE(record.kind, QString("pipeline"));
    QCOMPARE(record.state, QString("finished"));

    // The pipeline still checks its settings against its config.json when re-run in the folder.
    const auto r = arml::test::runArml({"pipeline", "--data", data_, "--out", run, "--preset", "paper", "--device", "cpu"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("config.json") && r.err.contains("different"), qPrintable(r.err));
  }

  // Outside a project, an Evaluate job without an output folder records into a new run folder
  // beside the evaluated run (here the pipeline's stage-2 model), never into its checkpoints/.
  void evaluateRecordsIntoItsOwnFolder() {
    const QString checkpoints = root_ + "/pipe/stage2/checkpoints";
    const QString model = checkpoints + "/best.pt";
    if (!QFile::exists(model)) QSKIP("needs the stage-2 model of pipelineKeepsItsConfig, which runs before");
    const QStringList before = QDir(checkpoints).entryList(QDir::Files);
    TrainingPage page;
    JobSettings s;
    s.kind = JobKind::Evaluate;
    s.dataset = data_;
    s.model = model;
    s.split = "val";
    s.device = "cpu";
    s.threads = 1;
    page.setSettings(s);
    QSignalSpy finished(page.controller(), &RunController::finished);
    QTest::mouseClick(button(&page, "start"), Qt::LeftButton);
    QVERIFY2(page.shownProblems().isEmpty(), qPrintable(page.shownProblems().join('\n')));
    QVERIFY(finished.wait(120000));
    QVERIFY2(page.controller()->state() == State::Finished, qPrintable(page.controller()->failureMessage()));

    const QString folder = page.currentRunFolder();
    QCOMPARE(QFileInfo(folder).absolutePath(), QFileInfo(root_).absoluteFilePath());
    QVERIFY2(folder.endsWith("-evaluate"), qPrintable(folder));
    QCOMPARE(readJson(folder + "/job.json")["kind"].toString(), QString("evaluate"));
    QVERIFY(QFile::exists(folder + "/metrics.json"));
    QCOMPARE(QDir(checkpoints).entryList(QDir::Files), before);
    QCOMPARE(readJson(root_ + "/pipe/stage2/config.json")["stage"].toString(), QString("stage2"));
    QVERIFY(readJson(root_ + "/pipe/config.json")["config"].isObject());
  }
};

QTEST_MAIN(TestTrainingJob)
#include "test_training_job.moc"
