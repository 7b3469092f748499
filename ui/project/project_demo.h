#pragma once
// The built-in demo project: a project folder in the application data folder whose dataset is
// made by `arml make-demo-data` (synthetic H&E-like patches with exact masks, LUAD-HistoSeg
// layout) in a child process. The window opens it on the very first start.
#include <QObject>
#include <QString>

class QTimer;

namespace arml::ui {

class ChildProcess;

// True for the synthetic data of `arml make-demo-data` / `arml demo` (train/synth-NNNN-[…].png):
// the demo, where ImageNet weights are not expected and the Review page opens on the CAMs.
bool isDemoDataset(const QString& datasetFolder);

class DemoProjectMaker : public QObject {
  Q_OBJECT
public:
  // A make-demo-data still running when the maker is destroyed is killed with it (ChildProcess).
  explicit DemoProjectMaker(QObject* parent = nullptr);

  // <AppDataLocation>/demo-project
  static QString defaultFolder();
  // No project was ever opened and the demo was never offered (QSettings).
  static bool isFirstStart();
  static void markOffered();

  // Patch counts and size passed to make-demo-data (defaults: the CLI's own, 48/12/12 at 224 px).
  void setSizes(int train, int val, int test, int patchSize);
  // Makes folder/data (unless it is complete) and folder/project.json (unless present); reports
  // progress while the files appear, then finished(). Ignored while running.
  void start(const QString& folder);
  bool isRunning() const;
  QString folder() const { return folder_; }

Q_SIGNALS:
  void progress(int filesWritten, int filesExpected);
  // ok: folder holds a project whose dataset is complete; error: one sentence for the user.
  void finished(bool ok, const QString& projectFolder, const QString& error);

private:
  QString dataFolder() const;
  int expectedFiles() const;
  int countFiles() const;
  void finishProject();
  void fail(const QString& error);
  void onFinished(int exitCode, bool crashed);

  ChildProcess* process_;
  QTimer* poll_;
  QString folder_;
  int train_ = 48, val_ = 12, test_ = 12, patchSize_ = 224;
};

}  // namespace arml::ui
