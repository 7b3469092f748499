#pragma once
// One child process of the app (an `arml` job, `arml inspect-data`, `arml make-demo-data`,
// `arml info`): started asynchronously on the GUI thread, its output read through signals, a
// failure to start reported as one sentence ("Could not start <program>: <why>"), and torn down
// with its owner: a child still running when the ChildProcess is destroyed is killed and waited
// for (briefly), so neither a QProcess warning nor an orphan remains and no signal of it arrives
// afterwards. GUI thread only.
#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

class QProcess;

namespace arml::ui {

class ChildProcess : public QObject {
  Q_OBJECT
public:
  explicit ChildProcess(QObject* parent = nullptr);
  // Kills a child still running and waits for it (at most teardownWaitMs()).
  ~ChildProcess() override;

  // stderr joins stdout (readAllStandardOutput() returns both). Set before start().
  void setMergedChannels(bool merged) { merged_ = merged; }
  // Empty: the app's working directory. Set before start().
  void setWorkingDirectory(const QString& folder) { workDir_ = folder; }

  // Starts `program args`; its stdin is closed. Ignored (false) while a child runs: abandon() it
  // first. Either finished() or failedToStart() follows, once.
  bool start(const QString& program, const QStringList& args);
  // Kills the running child and forgets it: none of its signals arrive any more, it is reaped in
  // the background. Nothing happens when no child runs.
  void abandon();
  // SIGTERM (the `arml` jobs checkpoint and exit 130) / SIGKILL, when a child runs.
  void terminate();
  void kill();

  // From start() until finished() or failedToStart() was emitted (or abandon()).
  bool isRunning() const { return running_; }
  qint64 processId() const;
  QString program() const { return program_; }
  QStringList arguments() const { return arguments_; }
  // What the child wrote and was not read yet; still readable in the slots of finished().
  QByteArray readAllStandardOutput();
  QByteArray readAllStandardError();
  // "Could not start <program>: <why>" after failedToStart(), else empty.
  QString errorMessage() const { return errorMessage_; }

  static int teardownWaitMs() { return 3000; }

Q_SIGNALS:
  void started();
  void standardOutputReady();
  void standardErrorReady();
  // crashed: killed by a signal (exitCode is then meaningless).
  void finished(int exitCode, bool crashed);
  void failedToStart(const QString& message);

private:
  void release();  // deletes the finished process_, if any

  QProcess* process_ = nullptr;
  QString program_;
  QStringList arguments_;
  QString workDir_;
  QString errorMessage_;
  bool merged_ = false;
  bool running_ = false;
};

}  // namespace arml::ui
