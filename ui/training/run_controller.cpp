#include "ui/training/run_controller.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include "ui/shell/child_process.h"

namespace arml::ui {

namespace {
// One readable line for an event in a failure message: "step stage=stage1 epoch=2 loss=0.7648 ...".
QString eventSummary(const StreamItem& item) {
  QStringList parts{item.type};
  for (auto it = item.fields.begin(); it != item.fields.end(); ++it) {
    if (it.key() == QLatin1String("type") || it.key() == QLatin1String("time")) continue;
    if (it->isDouble()) parts << QStringLiteral("%1=%2").arg(it.key()).arg(it->toDouble(), 0, 'g', 4);
    else if (it->isString()) parts << QStringLiteral("%1=%2").arg(it.key(), it->toString());
    else if (it->isBool()) parts << QStringLiteral("%1=%2").arg(it.key(), it->toBool() ? QStringLiteral("true") : QStringLiteral("false"));
  }
  return parts.join(QLatin1Char(' '));
}
}  // namespace

RunController::RunController(QObject* parent) : QObject(parent), process_(new ChildProcess(this)) {
  killTimer_ = new QTimer(this);
  killTimer_->setSingleShot(true);
  connect(killTimer_, &QTimer::timeout, this, [this] {
    if (process_->isRunning()) {
      Q_EMIT logLine(tr("The job did not stop in time; killing it."), LogSource::Controller);
      process_->kill();
    }
  });
  connect(process_, &ChildProcess::standardOutputReady, this, &RunController::readStdout);
  connect(process_, &ChildProcess::standardErrorReady, this, &RunController::readStderr);
  connect(process_, &ChildProcess::finished, this, &RunController::onFinished);
  connect(process_, &ChildProcess::failedToStart, this, &RunController::onFailedToStart);
  connect(process_, &ChildProcess::started, this, &RunController::started);
}

QString RunController::stateName(State state) {
  switch (state) {
    case State::Idle: return tr("idle");
    case State::Running: return tr("running");
    case State::Stopping: return tr("stopping");
    case State::Finished: return tr("finished");
    case State::Cancelled: return tr("stopped");
    case State::Failed: return tr("failed");
  }
  return QString();
}

qint64 RunController::processId() const { return process_->processId(); }

void RunController::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  Q_EMIT stateChanged(state);
}

void RunController::start(const QString& program, const QStringList& args, const QString& workDir) {
  if (isActive()) return;
  program_ = program;
  arguments_ = args;
  stdoutParser_ = EventStreamParser();
  stderrPending_.clear();
  stderrTail_.clear();
  outputTail_.clear();
  failureMessage_.clear();
  exitCode_ = -1;
  stopRequested_ = false;
  sawDoneEvent_ = false;

  delete eventLog_;
  eventLog_ = nullptr;
  if (!eventLogPath_.isEmpty()) {
    QDir().mkpath(QFileInfo(eventLogPath_).absolutePath());
    eventLog_ = new QFile(eventLogPath_);
    if (!eventLog_->open(QIODevice::WriteOnly | QIODevice::Append)) {
      Q_EMIT logLine(tr("Cannot write the event log %1: %2").arg(eventLogPath_, eventLog_->errorString()),
                     LogSource::Controller);
      delete eventLog_;
      eventLog_ = nullptr;
    }
  }

  process_->setWorkingDirectory(workDir);
  setState(State::Running);
  process_->start(program, args);
}

void RunController::stop(int killAfterMs) {
  if (!isActive()) return;
  stopRequested_ = true;
  setState(State::Stopping);
  Q_EMIT logLine(tr("Stop requested: the job saves a checkpoint and exits."), LogSource::Controller);
  process_->terminate();  // SIGTERM on Unix
  killTimer_->start(killAfterMs);
}

bool RunController::waitForFinished(int timeoutMs) {
  if (!isActive()) return true;
  QEventLoop loop;
  QTimer timeout;
  timeout.setSingleShot(true);
  connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
  connect(this, &RunController::finished, &loop, &QEventLoop::quit);
  timeout.start(timeoutMs);
  loop.exec();
  return !isActive();
}

void RunController::readStdout() {
  dispatch(stdoutParser_.feed(process_->readAllStandardOutput()));
}

void RunController::readStderr() {
  stderrPending_.append(process_->readAllStandardError());
  qsizetype start = 0;
  for (;;) {
    const qsizetype newline = stderrPending_.indexOf('\n', start);
    if (newline < 0) break;
    QByteArray line = stderrPending_.mid(start, newline - start);
    if (line.endsWith('\r')) line.chop(1);
    appendStderrLine(QString::fromUtf8(line));
    start = newline + 1;
  }
  stderrPending_.remove(0, start);
}

void RunController::appendStderrLine(const QString& line) {
  stderrTail_.push_back(line);
  while (stderrTail_.size() > stderrTailLines_) stderrTail_.pop_front();
  appendOutputLine(line);
  Q_EMIT logLine(line, LogSource::Stderr);
}

void RunController::appendOutputLine(const QString& line) {
  outputTail_.push_back(line);
  while (outputTail_.size() > stderrTailLines_) outputTail_.pop_front();
}

void RunController::dispatch(const QVector<StreamItem>& items) {
  for (const StreamItem& item : items) {
    if (item.isEvent()) appendOutputLine(eventSummary(item));
    else if (!item.text.isEmpty()) appendOutputLine(item.text);
    if (!item.isEvent()) {
      if (!item.text.isEmpty()) Q_EMIT logLine(item.text, LogSource::Stdout);
      continue;
    }
    if (eventLog_) {
      eventLog_->write(item.text.toUtf8());
      eventLog_->write("\n", 1);
    }
    Q_EMIT eventReceived(item);
    const QString& type = item.type;
    if (type == QLatin1String("step")) {
      Q_EMIT stepReceived(item.fields);
    } else if (type == QLatin1String("epoch")) {
      Q_EMIT epochReceived(item.fields);
    } else if (type == QLatin1String("metric")) {
      Q_EMIT metricReceived(item.fields);
    } else if (type == QLatin1String("progress")) {
      Q_EMIT progressReceived(item.fields);
    } else if (type == QLatin1String("artifact")) {
      Q_EMIT artifactReceived(item.fields);
      Q_EMIT logLine(tr("artifact %1: %2").arg(item.fields.value("kind").toString(),
                                               item.fields.value("path").toString()),
                     LogSource::Event);
    } else if (type == QLatin1String("warning")) {
      Q_EMIT logLine(tr("warning: %1").arg(item.fields.value("message").toString()), LogSource::Event);
    } else if (type == QLatin1String("error")) {
      Q_EMIT logLine(tr("error: %1").arg(item.fields.value("message").toString()), LogSource::Event);
    } else if (type == QLatin1String("done")) {
      sawDoneEvent_ = true;
    }
  }
  if (eventLog_) eventLog_->flush();
}

void RunController::onFailedToStart(const QString& message) {
  killTimer_->stop();
  exitCode_ = -1;
  failureMessage_ = message;
  Q_EMIT logLine(failureMessage_, LogSource::Controller);
  delete eventLog_;
  eventLog_ = nullptr;
  setState(State::Failed);
  Q_EMIT finished(exitCode_, state_);
}

void RunController::onFinished(int exitCode, bool crashed) {
  killTimer_->stop();
  readStdout();
  readStderr();
  dispatch(stdoutParser_.finish());
  if (!stderrPending_.isEmpty()) {
    appendStderrLine(QString::fromUtf8(stderrPending_));
    stderrPending_.clear();
  }
  delete eventLog_;
  eventLog_ = nullptr;

  constexpr int kExitCancelled = 130;
  State result;
  if (crashed) {
    exitCode_ = -1;
    result = stopRequested_ ? State::Cancelled : State::Failed;
    if (result == State::Failed) failureMessage_ = tr("The job crashed (killed by a signal).");
  } else {
    exitCode_ = exitCode;
    if (exitCode == 0) {
      result = State::Finished;
    } else if (exitCode == kExitCancelled) {
      result = State::Cancelled;
    } else {
      result = State::Failed;
      failureMessage_ = exitCode == 2 ? tr("The job rejected its input (exit code 2).")
                                      : tr("The job failed (exit code %1).").arg(exitCode);
    }
  }
  if (result == State::Failed && !outputTail_.isEmpty())
    failureMessage_ += QLatin1Char('\n') + tr("Its last lines of output:") + QLatin1Char('\n') +
                       outputTail_.mid(std::max<qsizetype>(0, outputTail_.size() - 6)).join(QLatin1Char('\n'));
  if (!failureMessage_.isEmpty()) Q_EMIT logLine(failureMessage_, LogSource::Controller);
  setState(result);
  Q_EMIT finished(exitCode_, result);
}

}  // namespace arml::ui
