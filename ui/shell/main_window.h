#pragma once
#include <QMainWindow>
#include <functional>

#include "ui/project/project.h"

class QAction;
class QDockWidget;
class QListWidget;
class QStackedWidget;
class QMenu;
class QLabel;
class QProgressBar;

namespace arml::ui {

class CurrentRun;
class DemoProjectMaker;
struct DatasetSummary;
class ProjectPage;
class ReviewPage;
class SlidePage;
class RunsPage;
class TrainingPage;
class ShortcutsDialog;

// The application window: a page list on the left (Project, Training, Runs, Review, Slides), the
// current page on the right. Owns its pages and the open project.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  enum class CloseChoice { StopJob, LetFinish, Cancel };
  enum Page { ProjectPageIndex, TrainingPageIndex, RunsPageIndex, ReviewPageIndex, SlidesPageIndex };

  explicit MainWindow(QWidget* parent = nullptr);

  QStackedWidget* pages() const { return pages_; }
  QListWidget* pageList() const { return pageList_; }
  ProjectPage* projectPage() const { return projectPage_; }
  TrainingPage* trainingPage() const { return trainingPage_; }
  RunsPage* runsPage() const { return runsPage_; }
  ReviewPage* reviewPage() const { return reviewPage_; }
  SlidePage* slidePage() const { return slidePage_; }
  const Project& project() const { return project_; }
  // The open project's current run, shared by every page (ui/runs/current_run.h).
  CurrentRun* currentRun() const { return currentRun_; }
  // The status bar's "Run: … · stage 1: … · stage 2: … · masks: …" (full paths in its tooltip).
  QLabel* currentRunLabel() const { return currentRunLabel_; }

  bool openProjectFolder(const QString& folder);
  bool createProject(const QString& folder, const QString& datasetPath);
  void closeProject();
  // Opens the built-in demo project in place of any open one, first making it (an `arml
  // make-demo-data` child process, progress in the status bar) when its folder has none. Returns
  // at once.
  void openDemoProject();
  // On the very first start (no project ever opened), openDemoProject(); returns whether it did.
  bool openDemoProjectOnFirstStart();
  DemoProjectMaker* demoProjectMaker();
  void showPage(int index);
  // Whether a new project may go into `folder`: yes when it is missing or empty (or already holds
  // a project, which createProject refuses with its own message); for a folder with other files
  // in it, only when the user agrees to add project.json, runs/, masks/ and edits/ beside them.
  bool confirmProjectFolder(const QString& folder);
  // Replaces that question (for tests): gets the folder and the names of what it holds.
  void setNonEmptyFolderConsentProvider(std::function<bool(const QString&, const QStringList&)> provider) {
    askNonEmptyFolderConsent_ = std::move(provider);
  }
  // Help › Keyboard Shortcuts (F1): the table of every key, read from this window. Returns the
  // dialog (shown, deleted on close).
  ShortcutsDialog* showShortcuts();
  // The README (user guide) that Help › User Guide opens: the installed copy, else the checkout's.
  static QString userGuidePath();
  QAction* undoAction() const { return undoAction_; }
  QAction* redoAction() const { return redoAction_; }
  // Null until Edit › Undo History is first opened.
  QDockWidget* undoHistoryDock() const { return undoHistoryDock_; }
  // Replaces the question asked when closing with a job running (for tests).
  void setCloseChoiceProvider(std::function<CloseChoice()> provider) { askCloseChoice_ = std::move(provider); }

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void addPage(const QString& title, const QString& icon, QWidget* page);
  void buildMenus();
  void rebuildRecentMenu();
  void newProjectDialog();
  void openProjectDialog();
  void changeDataset();
  void showSettings();
  void showAbout();
  void openUserGuide();
  void updateEditActions();
  // Makes `project` the open one: remembered as recent, every page told.
  void adoptProject(const Project& project);
  void projectChanged();
  // The current run in the status bar, and its models and mask set as the Training form's defaults.
  void showCurrentRun();
  // Makes (if needed) the demo project; it opens when done unless another project was opened
  // meanwhile and the user did not ask for the demo (demoRequested_).
  void startDemoProject();
  void adoptDatasetClasses(const DatasetSummary& summary);
  void saveEditedClasses(const QVector<TissueClass>& classes);
  CloseChoice askCloseChoice();

  QListWidget* pageList_;
  QStackedWidget* pages_;
  ProjectPage* projectPage_;
  TrainingPage* trainingPage_;
  RunsPage* runsPage_;
  ReviewPage* reviewPage_;
  SlidePage* slidePage_;
  QMenu* recentMenu_ = nullptr;
  DemoProjectMaker* demoMaker_ = nullptr;
  QProgressBar* demoProgress_ = nullptr;
  Project project_;
  CurrentRun* currentRun_;
  QLabel* currentRunLabel_;
  std::function<CloseChoice()> askCloseChoice_;
  QAction* undoAction_ = nullptr;
  QAction* redoAction_ = nullptr;
  QDockWidget* undoHistoryDock_ = nullptr;
  std::function<bool(const QString&, const QStringList&)> askNonEmptyFolderConsent_;
  bool finishingDetached_ = false;
  bool demoRequested_ = false;
};

}  // namespace arml::ui
