#include "ui/shell/child_process.h"

#include <QDir>
#include <QProcess>

namespace arml::ui {

namespace {
// Ends a child that is still running without letting any of its signals reach `owner`.
void killAndWait(QProcess* process, QObject* owner) {
  process->disconnect(owner);
  if (process->state() == QProcess::NotRunning) return;
  process->kill();
  process->waitForFinished(ChildProcess::teardownWaitMs());
}
}  // namespace

ChildProcess::ChildProcess(QObject* parent) : QObject(parent) {}

ChildProcess::~ChildProcess() {
  // The current child and the abandoned ones still being reaped are QObject children of this
  // one; a QProcess destroyed while running would only warn. End every one of them here.
  for (QProcess* p : findChildren<QProcess*>(Qt::FindDirectChildrenOnly)) killAndWait(p, this);
}

void ChildProcess::release() {
  if (!process_) return;
  process_->disconnect(this);
  process_->deleteLater();
  process_ = nullptr;
}

bool ChildProcess::start(const QString& program, const QStringList& args) {
  if (running_) return false;
  release();
  program_ = program;
  arguments_ = args;
  errorMessage_.clear();
  process_ = new QProcess(this);
  if (!workDir_.isEmpty()) process_->setWorkingDirectory(workDir_);
  if (merged_) process_->setProcessChannelMode(QProcess::MergedChannels);
  QProcess* p = process_;
  connect(p, &QProcess::started, this, &ChildProcess::started);
  connect(p, &QProcess::readyReadStandardOutput, this, &ChildProcess::standardOutputReady);
  connect(p, &QProcess::readyReadStandardError, this, &ChildProcess::standardErrorReady);
  connect(p, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
    running_ = false;
    Q_EMIT finished(exitCode, status == QProcess::CrashExit);
  });
  connect(p, &QProcess::errorOccurred, this, [this, p](QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) return;  // crashes arrive through finished()
    running_ = false;
    errorMessage_ = tr("Could not start %1: %2").arg(QDir::toNativeSeparators(program_), p->errorString());
    Q_EMIT failedToStart(errorMessage_);
  });
  running_ = true;
  p->start(program, args, QIODevice::ReadOnly);
  return true;
}

void ChildProcess::abandon() {
  if (!process_) return;
  QProcess* old = process_;
  process_ = nullptr;
  running_ = false;
  old->disconnect(this);
  if (old->state() == QProcess::NotRunning) {
    old->deleteLater();
    return;
  }
  // Reaped asynchronously; this object keeps it (and kills it in its destructor) until then.
  connect(old, &QProcess::finished, old, &QObject::deleteLater);
  old->kill();
}

void ChildProcess::terminate() {
  if (process_ && process_->state() != QProcess::NotRunning) process_->terminate();
}

void ChildProcess::kill() {
  if (process_ && process_->state() != QProcess::NotRunning) process_->kill();
}

qint64 ChildProcess::processId() const { return process_ ? process_->processId() : 0; }

QByteArray ChildProcess::readAllStandardOutput() { return process_ ? process_->readAllStandardOutput() : QByteArray(); }

QByteArray ChildProcess::readAllStandardError() { return process_ ? process_->readAllStandardError() : QByteArray(); }

}  // namespace arml::ui
