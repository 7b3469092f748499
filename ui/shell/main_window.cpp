#include "ui/shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUrl>

#include "ui/project/initial_weights_dialog.h"
#include "ui/project/project_demo.h"
#include "ui/project/project_page.h"
#include "ui/review/edit_journal.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/runs/current_run.h"
#include "ui/runs/runs_page.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/shell/about_dialog.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/project_file_dialogs.h"
#include "ui/shell/settings_dialog.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/slides/slide_page.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"
#include "widgets/mask_canvas.h"
#include "widgets/mask_edit_commands.h"
#include "widgets/mask_undo_history.h"
#include "widgets/tinted_icon.h"

namespace arml::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("ARML Studio"));
  resize(1280, 800);

  auto* central = new QWidget(this);
  auto* layout = new QHBoxLayout(central);
  pageList_ = new QListWidget(central);
  pageList_->setObjectName(QStringLiteral("pageList"));
  pageList_->setFixedWidth(160);
  pageList_->setStyleSheet(QStringLiteral("QListWidget::item { padding: 8px; }"));
  pages_ = new QStackedWidget(central);
  layout->addWidget(pageList_);
  layout->addWidget(pages_, 1);
  setCentralWidget(central);

  projectPage_ = new ProjectPage;
  trainingPage_ = new TrainingPage;
  runsPage_ = new RunsPage;
  addPage(tr("Project"), QStringLiteral(":/icons/project.svg"), projectPage_);
  addPage(tr("Training"), QStringLiteral(":/icons/training.svg"), trainingPage_);
  addPage(tr("Runs"), QStringLiteral(":/icons/runs.svg"), runsPage_);
  reviewPage_ = new ReviewPage;
  addPage(tr("Review"), QStringLiteral(":/icons/review.svg"), reviewPage_);
  slidePage_ = new SlidePage;
  addPage(tr("Slides"), QStringLiteral(":/icons/slides.svg"), slidePage_);
  connect(pageList_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
  pageList_->setCurrentRow(0);

  // One current run for every page: chosen on the Runs page or by picking a run's model anywhere.
  currentRun_ = new CurrentRun(this);
  currentRunLabel_ = new QLabel;
  currentRunLabel_->setObjectName(QStringLiteral("currentRunLabel"));
  statusBar()->addPermanentWidget(currentRunLabel_);
  connect(currentRun_, &CurrentRun::changed, this, &MainWindow::showCurrentRun);
  runsPage_->setCurrentRun(currentRun_);
  reviewPage_->camCompare()->setCurrentRun(currentRun_);
  reviewPage_->queue()->setCurrentRun(currentRun_);
  slidePage_->setCurrentRun(currentRun_);
  // A job that starts or ends changes what is finished (and so the default run).
  connect(trainingPage_, &TrainingPage::runFinished, currentRun_, &CurrentRun::refresh);

  connect(projectPage_, &ProjectPage::newProjectRequested, this, &MainWindow::newProjectDialog);
  connect(projectPage_, &ProjectPage::openProjectRequested, this, &MainWindow::openProjectDialog);
  connect(projectPage_, &ProjectPage::openRecentRequested, this, &MainWindow::openProjectFolder);
  connect(projectPage_, &ProjectPage::changeDatasetRequested, this, &MainWindow::changeDataset);
  connect(projectPage_, &ProjectPage::datasetInspected, this, &MainWindow::adoptDatasetClasses);
  connect(projectPage_, &ProjectPage::datasetInspected, trainingPage_, &TrainingPage::setDatasetSummary);
  connect(projectPage_, &ProjectPage::classesEdited, this, &MainWindow::saveEditedClasses);
  connect(trainingPage_, &TrainingPage::runFinished, runsPage_, &RunsPage::refresh);
  // A pipeline's or pseudo-mask job's masks appear in the review queue at once.
  connect(trainingPage_, &TrainingPage::runFinished, reviewPage_->queue(), &ReviewQueueController::refreshMaskSets);
  // Review page > "Train stage 2 on reviewed masks": a stage-2 job on the reviewed set, ready to start.
  connect(reviewPage_->queue(), &ReviewQueueController::trainStage2Requested, this,
          [this](const QString& generated, const QString& edits, const QString& review) {
            JobSettings s = trainingPage_->settings();
            if (s.kind != JobKind::Stage2) {
              s.kind = JobKind::Stage2;
              applyPreset(s, s.preset);
            }
            // The reviewed set, else the current run's masks.
            if (!generated.isEmpty()) s.masks = generated;
            else if (!currentRun_->maskSetDir().isEmpty()) s.masks = currentRun_->maskSetDir();
            s.edits = edits;
            s.review = review;
            trainingPage_->setSettings(s);
            showPage(TrainingPageIndex);
          });
  // Slides page > a region sent to review: the Review page's queue lists its patches at once
  // (without waiting for its file watcher).
  connect(slidePage_, &SlidePage::regionSent, this, [this](const RegionExportResult& result) {
    if (!result.error.isEmpty()) return;  // the Slides page shows why
    reviewPage_->queue()->reloadReview();
    statusBar()->showMessage(tr("%n patch(es) sent to review", nullptr, static_cast<int>(result.images.size())));
  });
  connect(trainingPage_->controller(), &RunController::stateChanged, this, [this](RunController::State state) {
    statusBar()->showMessage(tr("Job %1").arg(RunController::stateName(state)));
  });
  connect(trainingPage_->controller(), &RunController::started, runsPage_, &RunsPage::refresh);
  connect(trainingPage_->controller(), &RunController::started, currentRun_, &CurrentRun::refresh);
  connect(trainingPage_->controller(), &RunController::finished, this, [this] {
    if (finishingDetached_) QApplication::quit();
  });

  buildMenus();
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::addPage(const QString& title, const QString& icon, QWidget* page) {
  auto* item = new QListWidgetItem(widgets::tintedIcon(icon), title);
  item->setToolTip(tr("%1 (Ctrl+%2)").arg(title).arg(pageList_->count() + 1));
  pageList_->addItem(item);
  pages_->addWidget(page);
}

void MainWindow::showPage(int index) { pageList_->setCurrentRow(index); }

void MainWindow::buildMenus() {
  auto* fileMenu = menuBar()->addMenu(tr("&File"));
  fileMenu->addAction(tr("&New Project…"), QKeySequence::New, this, &MainWindow::newProjectDialog);
  fileMenu->addAction(tr("&Open Project…"), QKeySequence::Open, this, &MainWindow::openProjectDialog);
  recentMenu_ = fileMenu->addMenu(tr("Open &Recent"));
  rebuildRecentMenu();
  fileMenu->addAction(tr("Open &Demo Project"), this, &MainWindow::openDemoProject);
  fileMenu->addAction(tr("&Close Project"), this, &MainWindow::closeProject);
  fileMenu->addSeparator();
  fileMenu->addAction(tr("&Settings…"), QKeySequence(tr("Ctrl+,")), this, &MainWindow::showSettings);
  fileMenu->addSeparator();
  fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  // Edit: the Review page's mask edits (the only undoable work in the app) and their history.
  auto* editMenu = menuBar()->addMenu(tr("&Edit"));
  widgets::MaskUndoStack* maskUndo = reviewPage_->session()->undoStack();
  undoAction_ = editMenu->addAction(widgets::tintedIcon(QStringLiteral(":/icons/undo.svg")), tr("&Undo"), reviewPage_->canvas(),
                                    &widgets::MaskCanvas::undo);
  undoAction_->setShortcuts(QKeySequence::Undo);
  redoAction_ = editMenu->addAction(widgets::tintedIcon(QStringLiteral(":/icons/redo.svg")), tr("&Redo"), reviewPage_->canvas(),
                                    &widgets::MaskCanvas::redo);
  redoAction_->setShortcuts(QKeySequence::Redo);
  editMenu->addSeparator();
  // The history dock is made the first time it is asked for, not at start-up.
  QAction* historyAction = editMenu->addAction(tr("Undo &History"));
  historyAction->setCheckable(true);
  historyAction->setShortcut(QKeySequence(tr("Ctrl+Shift+H")));
  connect(historyAction, &QAction::toggled, this, [this, historyAction](bool on) {
    if (!undoHistoryDock_) {
      if (!on) return;
      undoHistoryDock_ = new QDockWidget(tr("Undo History"), this);
      undoHistoryDock_->setObjectName(QStringLiteral("undoHistoryDock"));
      auto* history = new widgets::MaskUndoHistory;
      history->setMinimumWidth(170);
      history->setStack(reviewPage_->session()->undoStack());
      undoHistoryDock_->setWidget(history);
      addDockWidget(Qt::RightDockWidgetArea, undoHistoryDock_);
      connect(undoHistoryDock_, &QDockWidget::visibilityChanged, historyAction, [this, historyAction](bool) {
        historyAction->setChecked(!undoHistoryDock_->isHidden());  // closed with its own button
      });
    }
    undoHistoryDock_->setVisible(on);
  });
  connect(maskUndo, &widgets::MaskUndoStack::indexChanged, this, &MainWindow::updateEditActions);
  connect(pages_, &QStackedWidget::currentChanged, this, &MainWindow::updateEditActions);
  updateEditActions();

  auto* runMenu = menuBar()->addMenu(tr("&Run"));
  runMenu->addAction(tr("&Start Job"), QKeySequence(tr("Ctrl+R")), this, [this] {
    showPage(TrainingPageIndex);
    trainingPage_->start();
  });
  runMenu->addAction(tr("S&top Job"), QKeySequence(tr("Ctrl+.")), trainingPage_, &TrainingPage::stop);
  runMenu->addAction(tr("&Resume Job"), QKeySequence(tr("Ctrl+Shift+R")), trainingPage_, &TrainingPage::resume);

  auto* viewMenu = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < pageList_->count(); ++i) {
    QAction* action = viewMenu->addAction(pageList_->item(i)->text(), this, [this, i] { showPage(i); });
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
  }

  auto* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showShortcuts);
  helpMenu->addAction(tr("&User Guide"), this, &MainWindow::openUserGuide);
  helpMenu->addAction(tr("&ImageNet Weights for Real Data…"), this, [this] {
    InitialWeightsDialog(project_.isValid() ? project_.folder() : QString(), this).exec();
  });
  helpMenu->addSeparator();
  helpMenu->addAction(tr("&About ARML Studio"), this, &MainWindow::showAbout);
}

void MainWindow::updateEditActions() {
  const widgets::MaskUndoStack* stack = reviewPage_->session()->undoStack();
  const bool reviewing = pages_->currentWidget() == reviewPage_;
  undoAction_->setEnabled(reviewing && stack->canUndo());
  redoAction_->setEnabled(reviewing && stack->canRedo());
}

ShortcutsDialog* MainWindow::showShortcuts() {
  QVector<std::pair<QString, QWidget*>> pages;
  for (int i = 0; i < pageList_->count(); ++i) pages.push_back({pageList_->item(i)->text(), pages_->widget(i)});
  auto* dialog = new ShortcutsDialog(collectShortcuts(menuBar(), pages), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
  return dialog;
}

QString MainWindow::userGuidePath() {
  // Installed: <prefix>/share/doc/arml-studio/README.md beside <prefix>/bin; in a build tree: the
  // checkout's README.md.
  const QString installed =
      QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/doc/arml-studio/README.md"));
  if (QFileInfo::exists(installed)) return QDir::cleanPath(installed);
  return QStringLiteral(ARML_SOURCE_README);
}

void MainWindow::openUserGuide() {
  const QString guide = userGuidePath();
  if (!QFileInfo::exists(guide) || !QDesktopServices::openUrl(QUrl::fromLocalFile(guide)))
    statusBar()->showMessage(tr("Could not open the user guide %1.").arg(QDir::toNativeSeparators(guide)));
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = recentProjects();
  for (const QString& folder : recent)
    recentMenu_->addAction(QDir::toNativeSeparators(folder), this, [this, folder] { openProjectFolder(folder); });
  recentMenu_->setEnabled(!recent.isEmpty());
}

bool MainWindow::openProjectFolder(const QString& folder) {
  Project p;
  QString error;
  if (!Project::open(folder, &p, &error)) {
    removeRecentProject(folder);
    rebuildRecentMenu();
    projectPage_->refreshRecent();
    if (isVisible()) QMessageBox::warning(this, tr("Open project"), error);
    statusBar()->showMessage(error);
    return false;
  }
  adoptProject(p);
  return true;
}

bool MainWindow::createProject(const QString& folder, const QString& datasetPath) {
  Project p;
  QString error;
  if (!Project::create(folder, QString(), datasetPath, &p, &error)) {
    if (isVisible()) QMessageBox::warning(this, tr("New project"), error);
    statusBar()->showMessage(error);
    return false;
  }
  adoptProject(p);
  return true;
}

void MainWindow::adoptProject(const Project& project) {
  project_ = project;
  addRecentProject(project_.folder());
  projectChanged();
}

void MainWindow::closeProject() {
  project_ = Project();
  projectChanged();
}

void MainWindow::adoptDatasetClasses(const DatasetSummary& summary) {
  if (!project_.isValid() || !project_.adoptDatasetClasses(summary.classes, summary.backgroundIndex, summary.kind)) return;
  QString error;
  if (!project_.save(&error)) statusBar()->showMessage(error);
  projectPage_->refreshClasses();
  reviewPage_->setProject(project_);
  slidePage_->setProject(&project_);
}

void MainWindow::saveEditedClasses(const QVector<TissueClass>& classes) {
  if (!project_.isValid()) return;
  project_.setClasses(classes);
  QString error;
  if (!project_.save(&error)) QMessageBox::warning(this, tr("Save project"), error);
  projectPage_->refreshClasses();
  reviewPage_->setProject(project_);
  slidePage_->setProject(&project_);
}

DemoProjectMaker* MainWindow::demoProjectMaker() {
  if (!demoMaker_) {
    demoMaker_ = new DemoProjectMaker(this);
    demoProgress_ = new QProgressBar;
    demoProgress_->setObjectName(QStringLiteral("demoProgress"));
    demoProgress_->setMaximumWidth(220);
    demoProgress_->hide();
    statusBar()->addPermanentWidget(demoProgress_);
    connect(demoMaker_, &DemoProjectMaker::progress, this, [this](int done, int total) {
      demoProgress_->setRange(0, total);
      demoProgress_->setValue(done);
      demoProgress_->show();
      statusBar()->showMessage(tr("Creating the demo project: %1 of %2 files…").arg(done).arg(total));
    });
    connect(demoMaker_, &DemoProjectMaker::finished, this, [this](bool ok, const QString& folder, const QString& error) {
      demoProgress_->hide();
      if (!ok) {
        statusBar()->showMessage(tr("The demo project could not be created: %1").arg(error));  // no modal box for a background task
        return;
      }
      // Asked for from the menu: opened in place of the open project. Made on the first start:
      // opened only while the user has not opened another project meanwhile.
      const bool asked = demoRequested_;
      demoRequested_ = false;
      if (asked || !project_.isValid() || project_.folder() == folder) {
        openProjectFolder(folder);
      } else {
        statusBar()->showMessage(tr("The demo project is ready in %1: File › Open Demo Project opens it.")
                                     .arg(QDir::toNativeSeparators(folder)));
      }
    });
  }
  return demoMaker_;
}

void MainWindow::openDemoProject() {
  demoRequested_ = true;
  startDemoProject();
}

void MainWindow::startDemoProject() {
  DemoProjectMaker* maker = demoProjectMaker();
  if (maker->isRunning()) {
    statusBar()->showMessage(tr("The demo project is still being created; it opens when it is ready."));
    return;
  }
  maker->start(DemoProjectMaker::defaultFolder());
}

bool MainWindow::openDemoProjectOnFirstStart() {
  if (!DemoProjectMaker::isFirstStart()) return false;
  startDemoProject();
  return true;
}

void MainWindow::showCurrentRun() {
  const QString text = currentRun_->summary();
  const QFontMetrics metrics(currentRunLabel_->font());
  // The run id and both models come first; a long mask-set name is what gets elided.
  currentRunLabel_->setText(metrics.elidedText(text, Qt::ElideRight, 900));
  currentRunLabel_->setToolTip(text + QStringLiteral("\n") + currentRun_->details());
  currentRunLabel_->setVisible(!text.isEmpty());
  trainingPage_->setCurrentRunDefaults(currentRun_->stage1Checkpoint(), currentRun_->stage2Checkpoint(),
                                       currentRun_->maskSetDir());
}

void MainWindow::projectChanged() {
  const bool open = project_.isValid();
  // First, so that the pages see this project's current run when they take the project.
  currentRun_->setProject(open ? project_.folder() : QString(), open ? project_.runsDir() : QString());
  ProjectFileDialogs::setProjectFolder(open ? project_.folder() : QString());
  setWindowTitle(open ? tr("%1 — ARML Studio").arg(project_.name()) : tr("ARML Studio"));
  projectPage_->setProject(open ? &project_ : nullptr);
  trainingPage_->setProject(open ? &project_ : nullptr);
  runsPage_->setRunsDir(open ? project_.runsDir() : QString());
  reviewPage_->setProject(open ? project_ : Project());
  slidePage_->setProject(open ? &project_ : nullptr);
  rebuildRecentMenu();
  statusBar()->showMessage(open ? tr("Project %1 open").arg(QDir::toNativeSeparators(project_.folder())) : tr("No project open"));
}

void MainWindow::newProjectDialog() {
  const AppSettings settings = AppSettings::load();
  const QString folder = ProjectFileDialogs::getExistingDirectory(this, tr("New project: choose or create an empty folder"),
                                                                  settings.projectsFolder);
  if (folder.isEmpty() || !confirmProjectFolder(folder)) return;
  const QString dataset = ProjectFileDialogs::getExistingDirectory(this, tr("New project: choose the dataset folder (optional)"),
                                                                   settings.datasetsFolder);
  createProject(folder, dataset);
}

bool MainWindow::confirmProjectFolder(const QString& folder) {
  const QDir dir(folder);
  if (!dir.exists() || dir.exists(QStringLiteral("project.json"))) return true;
  const QStringList entries = dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
  if (entries.isEmpty()) return true;
  if (askNonEmptyFolderConsent_) return askNonEmptyFolderConsent_(folder, entries);
  QStringList shown = entries.mid(0, 5);
  if (entries.size() > shown.size()) shown << QStringLiteral("…");
  QMessageBox box(QMessageBox::Question, tr("New project"),
                  tr("%1 is not empty: it holds %2. A project adds project.json and the folders runs, masks and "
                     "edits to it. Use this folder anyway? (An empty or new folder keeps a project apart from "
                     "other files.)")
                      .arg(QDir::toNativeSeparators(folder), shown.join(QStringLiteral(", "))),
                  QMessageBox::Yes | QMessageBox::No, this);
  box.setDefaultButton(QMessageBox::No);
  return box.exec() == QMessageBox::Yes;
}

void MainWindow::openProjectDialog() {
  const QString folder = ProjectFileDialogs::getExistingDirectory(this, tr("Open project folder"), AppSettings::load().projectsFolder);
  if (!folder.isEmpty()) openProjectFolder(folder);
}

void MainWindow::changeDataset() {
  if (!project_.isValid()) return;
  const QString dataset = ProjectFileDialogs::getExistingDirectory(this, tr("Dataset folder"), project_.datasetPath());
  if (dataset.isEmpty()) return;
  project_.setDatasetPath(dataset);
  QString error;
  if (!project_.save(&error)) QMessageBox::warning(this, tr("Save project"), error);
  projectChanged();
}

void MainWindow::showSettings() {
  SettingsDialog dialog(this);
  dialog.exec();
}

void MainWindow::showAbout() {
  auto* dialog = new AboutDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
}

MainWindow::CloseChoice MainWindow::askCloseChoice() {
  if (askCloseChoice_) return askCloseChoice_();
  QMessageBox box(QMessageBox::Question, tr("A job is running"),
                  tr("A job is still running. Stop it (it saves a checkpoint you can resume), or let it "
                     "finish? If it finishes, ARML Studio closes its window and quits when the job ends."),
                  QMessageBox::NoButton, this);
  QPushButton* stop = box.addButton(tr("Stop the job"), QMessageBox::DestructiveRole);
  QPushButton* finish = box.addButton(tr("Let it finish"), QMessageBox::AcceptRole);
  box.addButton(QMessageBox::Cancel);
  box.setDefaultButton(finish);
  box.exec();
  if (box.clickedButton() == stop) return CloseChoice::StopJob;
  if (box.clickedButton() == finish) return CloseChoice::LetFinish;
  return CloseChoice::Cancel;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (finishingDetached_ || !trainingPage_->isJobActive()) {
    event->accept();
    return;
  }
  switch (askCloseChoice()) {
    case CloseChoice::Cancel:
      event->ignore();
      return;
    case CloseChoice::StopJob:
      trainingPage_->stop();
      trainingPage_->controller()->waitForFinished(20000);
      event->accept();
      return;
    case CloseChoice::LetFinish:
      // The job is our child and its events come through our pipe, so the process stays alive
      // without a window until the job ends, then quits (see the finished connection).
      finishingDetached_ = true;
      QApplication::setQuitOnLastWindowClosed(false);
      hide();
      event->ignore();
      return;
  }
}

}  // namespace arml::ui
