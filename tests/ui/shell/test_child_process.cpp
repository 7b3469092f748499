// ChildProcess (ui/shell/child_process.h), the one way the app runs a child process: its output is
// read, a failure to start is one sentence, an abandoned child says nothing more, and destroying
// the object while its child runs kills the child without hanging.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>
#include <cerrno>
#include <csignal>
#include <memory>

#include "ui/shell/child_process.h"

using arml::ui::ChildProcess;

namespace {
bool processExists(qint64 pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH; }
}  // namespace

class TestChildProcess : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void readsBothStreamsAndTheExitCode() {
    ChildProcess child;
    QByteArray out, err;
    connect(&child, &ChildProcess::standardOutputReady, this, [&] { out += child.readAllStandardOutput(); });
    connect(&child, &ChildProcess::standardErrorReady, this, [&] { err += child.readAllStandardError(); });
    QSignalSpy started(&child, &ChildProcess::started);
    QSignalSpy finished(&child, &ChildProcess::finished);
    QVERIFY(child.start("/bin/sh", {"-c", "echo out; echo err >&2; exit 3"}));
    QVERIFY(child.isRunning());
    QVERIFY(finished.wait(10000));
    QVERIFY(!child.isRunning());
    QCOMPARE(started.count(), 1);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 3);
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    out += child.readAllStandardOutput();
    err += child.readAllStandardError();
    QCOMPARE(out, QByteArray("out\n"));
    QCOMPARE(err, QByteArray("err\n"));
    QVERIFY(child.errorMessage().isEmpty());
  }

  void mergedChannelsAreReadAsOneAfterFinishing() {
    ChildProcess child;
    child.setMergedChannels(true);
    QString output;
    connect(&child, &ChildProcess::finished, this, [&] { output = QString::fromUtf8(child.readAllStandardOutput()); });
    QSignalSpy finished(&child, &ChildProcess::finished);
    child.start("/bin/sh", {"-c", "echo one; echo two >&2"});
    QVERIFY(finished.wait(10000));
    QCOMPARE(output, QString("one\ntwo\n"));
  }

  void aCrashIsReportedAsSuch() {
    ChildProcess child;
    QSignalSpy finished(&child, &ChildProcess::finished);
    child.start("/bin/sh", {"-c", "kill -KILL $$"});
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(1).toBool(), true);
  }

  void failureToStartIsOneSentence() {
    ChildProcess child;
    QSignalSpy failed(&child, &ChildProcess::failedToStart);
    QSignalSpy finished(&child, &ChildProcess::finished);
    child.start("/no/such/program", {"--help"});
    QVERIFY(failed.count() == 1 || failed.wait(10000));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.startsWith("Could not start /no/such/program: ") && message.size() > 34, qPrintable(message));
    QCOMPARE(child.errorMessage(), message);
    QVERIFY(!child.isRunning());
    QTest::qWait(100);
    QCOMPARE(finished.count(), 0);
    // It can be started again afterwards.
    QVERIFY(child.start("/bin/true", {}));
    QVERIFY(finished.wait(10000));
    QVERIFY(child.errorMessage().isEmpty());
  }

  void aSecondStartIsIgnoredWhileOneRuns() {
    ChildProcess child;
    QSignalSpy finished(&child, &ChildProcess::finished);
    QVERIFY(child.start("/bin/sleep", {"0.3"}));
    QVERIFY(!child.start("/bin/true", {}));
    QCOMPARE(child.program(), QString("/bin/sleep"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
  }

  void anAbandonedChildIsKilledAndSaysNothingMore() {
    ChildProcess child;
    QSignalSpy finished(&child, &ChildProcess::finished);
    QSignalSpy started(&child, &ChildProcess::started);
    child.start("/bin/sleep", {"60"});
    QVERIFY(started.wait(10000));
    const qint64 pid = child.processId();
    QVERIFY(pid > 0);
    child.abandon();
    QVERIFY(!child.isRunning());
    QString output;
    connect(&child, &ChildProcess::finished, this, [&] { output = QString::fromUtf8(child.readAllStandardOutput()); });
    QVERIFY(child.start("/bin/echo", {"next"}));
    QVERIFY(finished.wait(10000));
    QTest::qWait(200);
    QCOMPARE(finished.count(), 1);  // only the second child's
    QCOMPARE(output, QString("next\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
  }

  void destructionWhileRunningKillsTheChildWithoutHanging() {
    auto child = std::make_unique<ChildProcess>();
    QSignalSpy started(child.get(), &ChildProcess::started);
    // Ignores SIGTERM: only a kill ends it.
    child->start("/bin/sh", {"-c", "trap '' TERM; exec /bin/sleep 60"});
    QVERIFY(started.wait(10000));
    QTest::qWait(100);  // past the trap, into sleep
    const qint64 pid = child->processId();
    QVERIFY(pid > 0);
    QVERIFY(processExists(pid));
    QElapsedTimer timer;
    timer.start();
    child.reset();
    QVERIFY2(timer.elapsed() < ChildProcess::teardownWaitMs(), qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!processExists(pid));  // killed and reaped, not left as an orphan or a zombie
  }

  void destructionReapsAnAbandonedChildToo() {
    qint64 pid = 0;
    {
      ChildProcess child;
      QSignalSpy started(&child, &ChildProcess::started);
      child.start("/bin/sleep", {"60"});
      QVERIFY(started.wait(10000));
      pid = child.processId();
      child.abandon();
    }
    QVERIFY(pid > 0);
    QVERIFY(!processExists(pid));
  }
};

QTEST_GUILESS_MAIN(TestChildProcess)
#include "test_child_process.moc"
