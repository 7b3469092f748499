#include "ui/project/project_demo.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include "ui/project/project.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/child_process.h"

namespace arml::ui {

bool isDemoDataset(const QString& datasetFolder) {
  // The first training patch found tells: the demo's are all synth-NNNN-[…].png.
  QDirIterator it(datasetFolder + QStringLiteral("/train"), {QStringLiteral("*.png")}, QDir::Files);
  return it.hasNext() && QFileInfo(it.next()).fileName().startsWith(QLatin1String("synth-"));
}

namespace {
const char* kOfferedKey = "demo/offered";
}  // namespace

DemoProjectMaker::DemoProjectMaker(QObject* parent) : QObject(parent), process_(new ChildProcess(this)) {
  poll_ = new QTimer(this);
  poll_->setInterval(200);
  connect(poll_, &QTimer::timeout, this, [this] { Q_EMIT progress(countFiles(), expectedFiles()); });
  process_->setMergedChannels(true);
  connect(process_, &ChildProcess::finished, this, &DemoProjectMaker::onFinished);
  connect(process_, &ChildProcess::failedToStart, this, [this](const QString& message) {
    poll_->stop();
    fail(message);
  });
}

bool DemoProjectMaker::isRunning() const { return process_->isRunning(); }

QString DemoProjectMaker::defaultFolder() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("demo-project"));
}

bool DemoProjectMaker::isFirstStart() {
  return recentProjects().isEmpty() && !QSettings().value(QString::fromLatin1(kOfferedKey)).toBool();
}

void DemoProjectMaker::markOffered() { QSettings().setValue(QString::fromLatin1(kOfferedKey), true); }

void DemoProjectMaker::setSizes(int train, int val, int test, int patchSize) {
  train_ = train;
  val_ = val;
  test_ = test;
  patchSize_ = patchSize;
}

QString DemoProjectMaker::dataFolder() const { return QDir(folder_).filePath(QStringLiteral("data")); }

// make-demo-data writes train/ + train_mask/ and {val,test}/{img,mask}/: two PNGs per patch.
int DemoProjectMaker::expectedFiles() const { return 2 * (train_ + val_ + test_); }

int DemoProjectMaker::countFiles() const {
  int n = 0;
  QDirIterator it(dataFolder(), {QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    it.next();
    ++n;
  }
  return n;
}

void DemoProjectMaker::start(const QString& folder) {
  if (isRunning()) return;
  folder_ = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
  markOffered();
  // A finished dataset is kept (its completeness marker is written last, below).
  if (QFileInfo::exists(QDir(dataFolder()).filePath(QStringLiteral(".complete")))) {
    QTimer::singleShot(0, this, &DemoProjectMaker::finishProject);
    return;
  }
  QDir(dataFolder()).removeRecursively();  // a half-written one from an interrupted start
  if (!QDir().mkpath(folder_)) {
    QTimer::singleShot(0, this, [this] { fail(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(folder_))); });
    return;
  }
  Q_EMIT progress(0, expectedFiles());
  poll_->start();
  process_->start(armlProgramPath(), {QStringLiteral("make-demo-data"), QStringLiteral("--out"), dataFolder(),
                                      QStringLiteral("--train"), QString::number(train_), QStringLiteral("--val"),
                                      QString::number(val_), QStringLiteral("--test"), QString::number(test_),
                                      QStringLiteral("--patch-size"), QString::number(patchSize_)});
}

void DemoProjectMaker::onFinished(int exitCode, bool crashed) {
  poll_->stop();
  const QString output = QString::fromUtf8(process_->readAllStandardOutput()).trimmed();
  if (crashed || exitCode != 0) {
    fail(tr("`arml make-demo-data` failed (exit code %1): %2").arg(exitCode).arg(output.section(QLatin1Char('\n'), -1)));
    return;
  }
  QFile marker(QDir(dataFolder()).filePath(QStringLiteral(".complete")));
  if (!marker.open(QIODevice::WriteOnly)) {
    fail(tr("Cannot write %1.").arg(QDir::toNativeSeparators(marker.fileName())));
    return;
  }
  marker.close();
  Q_EMIT progress(expectedFiles(), expectedFiles());
  finishProject();
}

void DemoProjectMaker::finishProject() {
  if (!QFileInfo::exists(QDir(folder_).filePath(QStringLiteral("project.json")))) {
    Project p;
    QString error;
    if (!Project::create(folder_, tr("Demo project"), dataFolder(), &p, &error)) {
      fail(error);
      return;
    }
  }
  Q_EMIT finished(true, folder_, QString());
}

void DemoProjectMaker::fail(const QString& error) { Q_EMIT finished(false, folder_, error); }

}  // namespace arml::ui
