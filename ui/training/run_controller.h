#pragma once
// Runs one `arml` job as a child process and turns its stdout event stream into signals.
// Lives on the GUI thread; everything is asynchronous (ChildProcess signals), nothing blocks.
// Stop sends SIGTERM (the job checkpoints and exits 130) and kills the process if it has not
// ended after a grace period.
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include "ui/training/event_stream_parser.h"

class QFile;
class QTimer;

namespace arml::ui {

class ChildProcess;

class RunController : public QObject {
  Q_OBJECT
public:
  enum class State { Idle, Running, Stopping, Finished, Cancelled, Failed };
  Q_ENUM(State)
  enum class LogSource { Stdout, Stderr, Event, Controller };
  Q_ENUM(LogSource)

  // A job still running when the controller is destroyed is killed with it (ChildProcess).
  explicit RunController(QObject* parent = nullptr);

  // Starts `program args` in workDir (empty = current). Ignored while a job runs.
  void start(const QString& program, const QStringList& args, const QString& workDir = QString());
  // SIGTERM now, SIGKILL after killAfterMs if the job is still alive.
  void stop(int killAfterMs = 15000);

  // Each event line is also appended to this file (e.g. runs/<id>/events.jsonl). Set before start.
  void setEventLogPath(const QString& path) { eventLogPath_ = path; }
  // How many stderr lines (and lines of output) are kept for the failure message.
  void setStderrTailLines(int n) { stderrTailLines_ = n; }

  State state() const { return state_; }
  bool isActive() const { return state_ == State::Running || state_ == State::Stopping; }
  QString program() const { return program_; }
  QStringList arguments() const { return arguments_; }
  QStringList stderrTail() const { return stderrTail_; }
  // The last lines the job wrote on either stream (events summarised as "type key=value ..."),
  // oldest first.
  QStringList outputTail() const { return outputTail_; }
  // Why the job failed ("exit code 3", "killed by a signal", "could not start ...") plus its
  // last lines of output; empty unless state() == Failed.
  QString failureMessage() const { return failureMessage_; }
  int exitCode() const { return exitCode_; }
  qint64 processId() const;
  // Waits (spinning the event loop) until the job ended; for tests and shutdown only.
  bool waitForFinished(int timeoutMs);

  static QString stateName(State state);

Q_SIGNALS:
  void started();
  void stateChanged(arml::ui::RunController::State state);
  void eventReceived(const arml::ui::StreamItem& event);
  void stepReceived(const QJsonObject& event);
  void epochReceived(const QJsonObject& event);
  void metricReceived(const QJsonObject& event);
  void progressReceived(const QJsonObject& event);
  void artifactReceived(const QJsonObject& event);
  void logLine(const QString& line, arml::ui::RunController::LogSource source);
  // exitCode: the process exit code (-1 when it could not start or died by a signal).
  void finished(int exitCode, arml::ui::RunController::State state);

private:
  void setState(State state);
  void readStdout();
  void readStderr();
  void dispatch(const QVector<StreamItem>& items);
  void onFinished(int exitCode, bool crashed);
  void onFailedToStart(const QString& message);
  void appendStderrLine(const QString& line);
  void appendOutputLine(const QString& line);

  ChildProcess* process_ = nullptr;
  QTimer* killTimer_ = nullptr;
  QFile* eventLog_ = nullptr;
  EventStreamParser stdoutParser_;
  QByteArray stderrPending_;
  QString program_;
  QStringList arguments_;
  QString eventLogPath_;
  QStringList stderrTail_;
  QStringList outputTail_;
  QString failureMessage_;
  int stderrTailLines_ = 20;
  int exitCode_ = -1;
  bool stopRequested_ = false;
  bool sawDoneEvent_ = false;
  State state_ = State::Idle;
};

}  // namespace arml::ui
