// RunController against real child processes: the `arml` CLI itself, shell scripts that print
// a recorded event stream slowly, fail, crash, and ignore SIGTERM.
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

#include "test_paths.h"
#include "ui/training/run_controller.h"

using arml::ui::RunController;
using State = arml::ui::RunController::State;

class TestRunController : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void runsTheRealCliAndSeesItsDoneEvent() {
    RunController rc;
    QStringList logs;
    QStringList events;
    connect(&rc, &RunController::logLine, this, [&](const QString& l, RunController::LogSource) { logs << l; });
    connect(&rc, &RunController::eventReceived, this, [&](const arml::ui::StreamItem& e) { events << e.type; });
    QSignalSpy finished(&rc, &RunController::finished);
    const QString dir = QString::fromStdString(arml::test::scratchDir("ui_run_controller_cli"));
    rc.setEventLogPath(dir + "/events.jsonl");
    rc.start(QString::fromStdString(arml::test::cliPath()), {"--events", "-", "info"});
    QCOMPARE(rc.state(), State::Running);
    QVERIFY(finished.wait(60000));
    QCOMPARE(rc.state(), State::Finished);
    QCOMPARE(rc.exitCode(), 0);
    QVERIFY2(logs.join('\n').contains("LibTorch"), qPrintable(logs.join('\n')));
    QCOMPARE(events, QStringList{"done"});
    QFile log(dir + "/events.jsonl");
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("\"type\":\"done\""));
  }

  void cliBadUsageIsAFailureWithItsMessage() {
    RunController rc;
    QSignalSpy finished(&rc, &RunController::finished);
    rc.start(QString::fromStdString(arml::test::cliPath()), {"no-such-command"});
    QVERIFY(finished.wait(60000));
    QCOMPARE(rc.state(), State::Failed);
    QCOMPARE(rc.exitCode(), 2);
    QVERIFY2(!rc.stderrTail().isEmpty(), "the CLI's complaint is kept");
    QVERIFY(rc.failureMessage().contains("exit code 2"));
  }

  void slowEventStreamArrivesInOrder() {
    // Events written in pieces with pauses, so stdout chunks split the lines.
    const QString script =
        "printf '{\"type\":\"step\",\"stage\":\"s1\",\"step\":1,\"loss\":0.9'; sleep 0.2; "
        "printf ',\"lr\":0.01}\\n{\"type\":\"ep'; sleep 0.2; "
        "printf 'och\",\"epoch\":1,\"miou\":0.5}\\nplain text\\n'; "
        "printf '{\"type\":\"metric\",\"name\":\"miou\",\"value\":0.6}\\n{\"type\":\"progress\",\"done\":1,\"total\":2}\\n'";
    RunController rc;
    QVector<double> losses;
    double miou = -1, metric = -1;
    int progress = 0;
    QStringList text;
    connect(&rc, &RunController::stepReceived, this, [&](const QJsonObject& e) { losses << e["loss"].toDouble(); });
    connect(&rc, &RunController::epochReceived, this, [&](const QJsonObject& e) { miou = e["miou"].toDouble(); });
    connect(&rc, &RunController::metricReceived, this, [&](const QJsonObject& e) { metric = e["value"].toDouble(); });
    connect(&rc, &RunController::progressReceived, this, [&](const QJsonObject& e) { progress = e["done"].toInt(); });
    connect(&rc, &RunController::logLine, this, [&](const QString& l, RunController::LogSource s) {
      if (s == RunController::LogSource::Stdout) text << l;
    });
    QSignalSpy finished(&rc, &RunController::finished);
    rc.start("/bin/sh", {"-c", script});
    QVERIFY(finished.wait(10000));
    QCOMPARE(rc.state(), State::Finished);
    QCOMPARE(losses, QVector<double>{0.9});
    QCOMPARE(miou, 0.5);
    QCOMPARE(metric, 0.6);
    QCOMPARE(progress, 1);
    QCOMPARE(text, QStringList{"plain text"});
  }

  void nonZeroExitIsFailedWithStderrTail() {
    RunController rc;
    rc.setStderrTailLines(2);
    QSignalSpy finished(&rc, &RunController::finished);
    rc.start("/bin/sh", {"-c", "echo one >&2; echo two >&2; printf 'three' >&2; exit 3"});
    QVERIFY(finished.wait(10000));
    QCOMPARE(rc.state(), State::Failed);
    QCOMPARE(finished.first().at(0).toInt(), 3);
    QCOMPARE(rc.stderrTail(), (QStringList{"two", "three"}));
    QVERIFY(rc.failureMessage().contains("exit code 3"));
    QVERIFY(rc.failureMessage().contains("three"));
  }

  void deathBySignalIsACrash() {
    RunController rc;
    QSignalSpy finished(&rc, &RunController::finished);
    rc.start("/bin/sh", {"-c", "echo about to crash >&2; kill -SEGV $$"});
    QVERIFY(finished.wait(10000));
    QCOMPARE(rc.state(), State::Failed);
    QCOMPARE(rc.exitCode(), -1);
    QVERIFY(rc.failureMessage().contains("about to crash"));
  }

  void missingProgramFailsToStart() {
    RunController rc;
    QSignalSpy finished(&rc, &RunController::finished);
    rc.start("/nonexistent/arml", {"info"});
    QVERIFY(finished.wait(10000));
    QCOMPARE(rc.state(), State::Failed);
    QVERIFY(rc.failureMessage().contains("/nonexistent/arml"));
  }

  void stopSendsSigtermAndJobExits130() {
    RunController rc;
    QSignalSpy finished(&rc, &RunController::finished);
    QSignalSpy steps(&rc, &RunController::stepReceived);
    // Like the CLI: on SIGTERM it "saves a checkpoint" and exits 130.
    rc.start("/bin/sh", {"-c", "trap 'echo checkpoint saved >&2; exit 130' TERM; "
                               "echo '{\"type\":\"step\",\"loss\":1}'; while true; do sleep 0.05; done"});
    QVERIFY(steps.wait(10000));
    QElapsedTimer t;
    t.start();
    rc.stop(5000);
    QCOMPARE(rc.state(), State::Stopping);
    QVERIFY(finished.wait(10000));
    QVERIFY2(t.elapsed() < 4000, "ended by SIGTERM, not by the kill timer");
    QCOMPARE(rc.state(), State::Cancelled);
    QCOMPARE(rc.exitCode(), 130);
    QVERIFY(rc.stderrTail().contains("checkpoint saved"));
  }

  void stopKillsAJobThatIgnoresSigterm() {
    RunController rc;
    QSignalSpy finished(&rc, &RunController::finished);
    QSignalSpy steps(&rc, &RunController::stepReceived);
    rc.start("/bin/sh", {"-c", "trap '' TERM; echo '{\"type\":\"step\"}'; while true; do sleep 0.05; done"});
    QVERIFY(steps.wait(10000));
    rc.stop(300);
    QVERIFY(finished.wait(10000));
    QCOMPARE(rc.state(), State::Cancelled);
    QCOMPARE(rc.exitCode(), -1);
  }

  void guiThreadIsNotBlockedWhileAJobRuns() {
    RunController rc;
    QSignalSpy finished(&rc, &RunController::finished);
    QElapsedTimer t;
    t.start();
    rc.start("/bin/sh", {"-c", "sleep 1"});
    QVERIFY2(t.elapsed() < 500, "start() returns at once");
    int ticks = 0;
    QTimer timer;
    connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
    timer.start(20);
    QVERIFY(finished.wait(10000));
    QVERIFY2(ticks > 10, qPrintable(QString("event loop ran %1 timer ticks during the job").arg(ticks)));
  }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "test_run_controller.moc"
