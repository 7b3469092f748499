// The main window end to end with a stand-in `arml` (a shell script printing a recorded event
// stream, tests/ui/fake_arml.sh): project creation, Training page validation and a full run recorded in runs/<id>/,
// the Runs page, keyboard shortcuts, closing with a job running, the Chinese translation, and
// screenshots of every page (saved to the scratch folder "ui_screens" for a human to look at).
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableWidget>
#include <QToolButton>
#include <QTranslator>
#include <QAbstractButton>
#include <QtTest>

#include "data/review_state.h"
#include "run_rows.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/project_demo.h"
#include "ui/project/project_page.h"
#include "ui/review/edit_journal.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/review/review_queue_model.h"
#include "ui/runs/runs_page.h"
#include "ui/shell/about_dialog.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/shell/settings_dialog.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/slides/slide_page.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"
#include "widgets/mask_edit_commands.h"
#include "widgets/mask_undo_history.h"
#include "widgets/loss_plot.h"
#include "widgets/qcustomplot_include.h"

using namespace arml::ui;


class TestMainWindow : public QObject {
  Q_OBJECT
  QString root_, shots_;

  void shoot(QWidget* w, const QString& name) {
    QApplication::processEvents();
    QVERIFY(w->grab().save(shots_ + "/" + name + ".png"));
  }
  QAbstractButton* button(QWidget* w, const char* name) { return w->findChild<QAbstractButton*>(name); }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_main_window");
    QApplication::setApplicationVersion("test");
    root_ = QString::fromStdString(arml::test::scratchDir("ui_main_window"));
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens"));
    // Absolute path: __FILE__-relative lookup (QFINDTESTDATA) breaks when ccache rewrites paths.
    const QString source = QString::fromStdString(arml::test::testsSourceDir()) + "/ui/fake_arml.sh";
    QVERIFY2(QFile::exists(source), qPrintable(source));
    QVERIFY(QFile::copy(source, root_ + "/arml"));
    QFile fake(root_ + "/arml");
    fake.setPermissions(fake.permissions() | QFileDevice::ExeOwner);
    AppSettings s = AppSettings::load();
    s.armlProgram = root_ + "/arml";
    s.device = "cpu";
    s.threads = 2;
    s.save();
    QCOMPARE(armlProgramPath(), root_ + "/arml");
    qputenv("ARML_REAL_CLI", QByteArray::fromStdString(arml::test::cliPath()));
  }

  void emptyStateAndShortcuts() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.findChild<QPushButton*>("newProject")->isVisible());
    QVERIFY(w.findChild<QPushButton*>("openProject")->isVisible());
    shoot(&w, "01-project-empty");
    // Every page has its icon in the list, and the SVG icons render (Qt's SVG icon engine found).
    for (int i = 0; i < w.pageList()->count(); ++i) QVERIFY(!w.pageList()->item(i)->icon().isNull());
    QVERIFY(!w.pageList()->item(0)->icon().pixmap(24, 24).isNull());
    // The Review page's tools are icons whose tooltip names the tool and its key.
    QStringList tools;
    for (QToolButton* b : w.reviewPage()->findChildren<QToolButton*>())
      if (b->isCheckable() && !b->icon().isNull() && b->toolButtonStyle() == Qt::ToolButtonIconOnly) tools << b->toolTip();
    QCOMPARE(tools, (QStringList{"Brush (B)", "Eraser (E)", "Polygon (P)", "Bucket (G)", "Relabel (R)", "Pick (I)"}));
    QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(w.pages()->currentIndex(), int(MainWindow::TrainingPageIndex));
    QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(w.pages()->currentIndex(), int(MainWindow::RunsPageIndex));
    shoot(&w, "02-runs-empty");
    QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
    shoot(&w, "03-review-placeholder");
    // Ctrl+R without settings: the job is refused with reasons, nothing runs.
    TrainingPage* page = w.trainingPage();
    page->setSettings(JobSettings{});
    QTest::keyClick(&w, Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(w.pages()->currentIndex(), int(MainWindow::TrainingPageIndex));
    QVERIFY(!page->isJobActive());
    QVERIFY(page->shownProblems().join('\n').contains("dataset folder"));
    QVERIFY(page->findChild<QLabel*>("problems")->isVisible());
    shoot(&w, "04-training-refused");
  }

  // Edit › Undo / Redo act on the Review page's mask edits (enabled only there, when there is
  // something to undo), Edit › Undo History lists them; F1 shows every key in one table.
  void editMenuUndoHistoryAndShortcutsTable() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    arml::widgets::MaskModel* mask = w.reviewPage()->session()->model();
    arml::widgets::MaskUndoStack* stack = w.reviewPage()->session()->undoStack();
    mask->reset(64, 64);
    mask->touch(QRect(0, 0, 8, 8));
    mask->bits()[0] = 3;
    stack->push(std::make_unique<arml::widgets::MaskStrokeCommand>(mask, 1, mask->takeDelta(), "Brush"));
    stack->closeStroke();
    QVERIFY(!w.undoAction()->isEnabled());  // not on the Review page
    w.showPage(MainWindow::ReviewPageIndex);
    QVERIFY(w.undoAction()->isEnabled());
    QVERIFY(!w.redoAction()->isEnabled());
    w.undoAction()->trigger();
    QCOMPARE(mask->at(0, 0), quint8(0));
    QVERIFY(!w.undoAction()->isEnabled());
    QVERIFY(w.redoAction()->isEnabled());
    w.redoAction()->trigger();
    QCOMPARE(mask->at(0, 0), quint8(3));
    QVERIFY(!w.undoHistoryDock());  // made when first asked for
    QTest::keyClick(&w, Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(w.undoHistoryDock()->isVisible());
    auto* history = w.undoHistoryDock()->findChild<arml::widgets::MaskUndoHistory*>();
    QCOMPARE(history->count(), 2);
    QCOMPARE(history->item(1)->text(), QString("Brush"));
    shoot(&w, "15-undo-history");

    QTest::keyClick(&w, Qt::Key_F1);
    ShortcutsDialog* dialog = w.findChild<ShortcutsDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QStringList rows;
    for (int r = 0; r < dialog->table()->rowCount(); ++r)
      rows << dialog->table()->item(r, 0)->text() + " | " + dialog->table()->item(r, 1)->text() + " | " +
                  dialog->table()->item(r, 2)->text();
    for (const char* expected : {"Menu | Keyboard Shortcuts | F1", "Menu | Undo | Ctrl+Z", "Menu | Start Job | Ctrl+R",
                                 "Review | Brush | B", "Review | Pick | I", "Review | Accept | A"})
      QVERIFY2(std::any_of(rows.begin(), rows.end(), [&](const QString& row) { return row.startsWith(expected); }),
               qPrintable(expected + QString(" not in:\n") + rows.join('\n')));
    QVERIFY(dialog->grab().save(shots_ + "/16-shortcuts.png"));
    dialog->filter()->setText("brush");
    int shown = 0;
    for (int r = 0; r < dialog->table()->rowCount(); ++r) shown += dialog->table()->isRowHidden(r) ? 0 : 1;
    QCOMPARE(shown, 1);
    dialog->close();
    QVERIFY(QFileInfo::exists(MainWindow::userGuidePath()));
  }

  // A new project goes into a new or empty folder; one with other files in it only after the user
  // agreed, and a refusal writes nothing.
  void newProjectAsksBeforeANonEmptyFolder() {
    MainWindow w;
    QStringList asked;
    bool answer = false;
    w.setNonEmptyFolderConsentProvider([&](const QString& folder, const QStringList& entries) {
      asked << folder + ": " + entries.join(',');
      return answer;
    });
    const QString empty = root_ + "/empty-folder";
    QVERIFY(QDir().mkpath(empty));
    QVERIFY(w.confirmProjectFolder(empty));
    QVERIFY(w.confirmProjectFolder(root_ + "/not-made-yet"));
    QVERIFY(asked.isEmpty());
    const QString busy = root_ + "/busy-folder";
    QVERIFY(QDir().mkpath(busy + "/slides"));
    QFile notes(busy + "/notes.txt");
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.close();
    QVERIFY(!w.confirmProjectFolder(busy));
    QCOMPARE(asked, QStringList{busy + ": notes.txt,slides"});
    QCOMPARE(QDir(busy).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), (QStringList{"notes.txt", "slides"}));
    answer = true;
    QVERIFY(w.confirmProjectFolder(busy));
  }

  void projectTrainingRunAndRunsPage() {
    const QString dataset = QString::fromStdString(arml::test::sharedPath("data/wsss4luad"));
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.createProject(root_ + "/project", dataset));
    QCOMPARE(recentProjects().value(0), root_ + "/project");
    if (!dataset.isEmpty()) {
      QTRY_VERIFY_WITH_TIMEOUT(w.projectPage()->isSummaryReady(), 10000);
      QCOMPARE(w.projectPage()->summary().layout, QString("WSSS4LUAD"));
    }
    shoot(&w, "05-project-open");

    w.showPage(MainWindow::TrainingPageIndex);
    TrainingPage* page = w.trainingPage();
    JobSettings s = page->settings();
    s.kind = JobKind::Pipeline;
    s.outDir.clear();
    if (dataset.isEmpty()) {
      QDir().mkpath(root_ + "/data/train");
      s.dataset = root_ + "/data";
    }
    page->setSettings(s);
    QVERIFY(page->commandText().contains("pipeline --data"));
    QVERIFY(page->commandText().contains("runs/<new run>"));
    if (!dataset.isEmpty()) {
      // Issue #16: WSSS4LUAD's 4 labelled patches are fewer than cpu-demo's batch of 8: refused
      // before Start, with the remedy; labels derived from the val masks fit.
      QTest::mouseClick(button(page, "start"), Qt::LeftButton);
      QVERIFY(!page->isJobActive());
      QVERIFY2(page->shownProblems().join('\n').contains("4 labelled training patches, fewer than one batch of 8"),
               qPrintable(page->shownProblems().join('\n')));
      s.deriveLabelsFrom = "val";
      page->setSettings(s);
      QVERIFY(page->commandText().contains("--derive-labels-from-masks val"));
    }
    QTest::mouseClick(button(page, "start"), Qt::LeftButton);
    QVERIFY2(page->shownProblems().isEmpty(), qPrintable(page->shownProblems().join('\n')));
    QVERIFY(page->isJobActive());
    QSignalSpy finished(page->controller(), &RunController::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(page->controller()->state(), RunController::State::Finished);
    page->plot()->flush();
    QCOMPARE(page->plot()->stepCount(0), 3200);
    // The metric plot: each stage's epochs from 1, its series named by the stage.
    const auto epochsOf = [](QCustomPlot* plot, const QString& series) {
      QVector<double> keys;
      for (int g = 0; g < plot->graphCount(); ++g)
        if (plot->graph(g)->name() == series)
          for (auto it = plot->graph(g)->data()->constBegin(); it != plot->graph(g)->data()->constEnd(); ++it)
            keys << it->key;
      return keys;
    };
    const QVector<double> fourEpochs{1, 2, 3, 4};
    QCOMPARE(epochsOf(page->plot()->metricPlot(), "stage1: cam_miou"), fourEpochs);
    QCOMPARE(epochsOf(page->plot()->metricPlot(), "stage2: val_miou"), fourEpochs);
    QVERIFY(epochsOf(page->plot()->metricPlot(), "val_miou").isEmpty());
    QVERIFY(page->findChild<QPlainTextEdit*>("log")->toPlainText().contains("epoch 4 (stage2)"));
    shoot(&w, "06-training-finished");

    const QString run = page->currentRunFolder();
    QVERIFY(run.startsWith(root_ + "/project/runs/"));
    QFile job(run + "/job.json");  // the GUI's record
    QVERIFY(job.open(QIODevice::ReadOnly));
    const QJsonObject c = QJsonDocument::fromJson(job.readAll()).object();
    QCOMPARE(c["state"].toString(), QString("finished"));
    QCOMPARE(c["kind"].toString(), QString("pipeline"));
    // What the command passes: the preset, not the form's stage settings a pipeline does not take.
    QCOMPARE(c["settings"].toObject()["preset"].toString(), QString("cpu-demo"));
    QVERIFY(!c["settings"].toObject().contains("epochs") && !c["settings"].toObject().contains("batch"));
    QCOMPARE(c["final_metrics"].toObject()["test/miou"].toDouble(), 0.6871);
    QVERIFY(c["command"].toString().contains("--events -"));
    QFile config(run + "/config.json");  // the pipeline's own record, left as it wrote it
    QVERIFY(config.open(QIODevice::ReadOnly));
    QVERIFY(QJsonDocument::fromJson(config.readAll()).object()["config"].isObject());
    QFile csv(run + "/job-metrics.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), 1 + 8);
    QFile events(run + "/events.jsonl");  // the pipeline writes it; the GUI does not add a copy
    QVERIFY(events.open(QIODevice::ReadOnly));
    QCOMPARE(events.readAll().count('\n'), 3200 + 8 + 2);

    // A second run to compare with.
    QTest::qWait(1100);  // run ids are per second
    QTest::mouseClick(button(page, "start"), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    w.showPage(MainWindow::RunsPageIndex);
    RunsPage* runs = w.runsPage();
    QCOMPARE(runs->runs().size(), 2);
    QCOMPARE(runs->table()->item(0, 4)->text(), QString("0.6871 (test)"));
    runs->table()->selectRow(0);
    QCOMPARE(runs->plot()->runCount(), 1);
    runs->plot()->flush();
    QCOMPARE(epochsOf(runs->plot()->metricPlot(), "stage2: val_miou"), fourEpochs);
    QCOMPARE(epochsOf(runs->plot()->metricPlot(), "stage1: cam_miou"), fourEpochs);
    shoot(&w, "07-runs-one");
    runs->table()->setSelectionMode(QAbstractItemView::MultiSelection);
    runs->table()->selectRow(1);
    QCOMPARE(runs->plot()->runCount(), 2);
    QCOMPARE(runs->plot()->stepCount(1), 3200);
    shoot(&w, "08-runs-compare");

    // Reopen from the recent list.
    w.closeProject();
    QVERIFY(!w.project().isValid());
    QVERIFY(w.openProjectFolder(recentProjects().value(0)));
    QCOMPARE(w.runsPage()->runs().size(), 2);

    // A run `arml train-cls --out runs/<id>` made on its own is listed too, from its own files.
    const QString cliRun = w.project().runsDir() + "/cli-stage1";
    QDir().mkpath(cliRun + "/checkpoints");
    const auto write = [](const QString& path, const QByteArray& text) {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(text);
    };
    write(cliRun + "/config.json", R"({"stage": "stage1", "arch": "resnet38d-lite", "ars": "reference", "epochs": 2})");
    write(cliRun + "/metrics.csv", "epoch,loss,exact_match,jaccard,lr,ars,seconds\n0,0.6,0.2,0.3,0.01,0,1.5\n1,0.4,0.5,0.6,0.005,1,1.4\n");
    write(cliRun + "/checkpoints/final.pt", "x");
    w.showPage(MainWindow::RunsPageIndex);
    w.runsPage()->refresh();
    QCOMPARE(w.runsPage()->runs().size(), 3);
    const int row = arml::test::rowOfRun(w.runsPage()->runs(), "cli-stage1");
    QVERIFY(row >= 0);
    QCOMPARE(w.runsPage()->table()->item(row, 1)->text(), QString("stage1"));
    QCOMPARE(w.runsPage()->table()->item(row, 2)->text(), QString("finished"));
    w.runsPage()->table()->selectRow(row);
    const QString details = w.runsPage()->findChild<QPlainTextEdit*>()->toPlainText();
    QVERIFY2(details.contains("arch: resnet38d-lite") && details.contains("last_epoch/jaccard = 0.6"), qPrintable(details));
    shoot(&w, "08b-runs-cli-run");
  }

  void stopResumeAndCloseWithARunningJob() {
    qputenv("FAKE_ARML_HANG", "1");
    auto* w = new MainWindow;
    w->setAttribute(Qt::WA_DeleteOnClose, false);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    QVERIFY(w->openProjectFolder(root_ + "/project"));
    TrainingPage* page = w->trainingPage();
    JobSettings s = page->settings();
    s.kind = JobKind::Stage1;
    if (s.dataset.isEmpty() || !QDir(s.dataset).exists()) {
      s.dataset = root_ + "/data";  // never write into the shared dataset
      QDir().mkpath(s.dataset + "/train");
    }
    page->setSettings(s);
    QSignalSpy steps(page->controller(), &RunController::stepReceived);
    QSignalSpy finished(page->controller(), &RunController::finished);
    QTest::mouseClick(button(page, "start"), Qt::LeftButton);
    QVERIFY(steps.wait(10000));
    QVERIFY(!button(page, "start")->isEnabled());
    QVERIFY(button(page, "stop")->isEnabled());
    shoot(w, "09-training-running");

    // Stop with the keyboard: SIGTERM, the job exits 130, Resume becomes available.
    QTest::keyClick(w, Qt::Key_Period, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QCOMPARE(page->controller()->state(), RunController::State::Cancelled);
    QVERIFY(button(page, "resume")->isEnabled());
    const QString run = page->currentRunFolder();
    QTest::mouseClick(button(page, "resume"), Qt::LeftButton);
    QVERIFY(page->isJobActive());
    QCOMPARE(page->currentRunFolder(), run);
    QVERIFY(page->controller()->arguments().contains("--resume"));
    QVERIFY(steps.wait(10000));

    // Closing: Cancel keeps everything; Stop ends the job (checkpoint, exit 130) and closes.
    w->setCloseChoiceProvider([] { return MainWindow::CloseChoice::Cancel; });
    w->close();
    QVERIFY(w->isVisible());
    QVERIFY(page->isJobActive());
    w->setCloseChoiceProvider([] { return MainWindow::CloseChoice::StopJob; });
    QVERIFY(w->close());
    QVERIFY(!page->isJobActive());
    QCOMPARE(page->controller()->exitCode(), 130);
    QVERIFY(!w->isVisible());
    // Let it finish: the window goes away, the job keeps running.
    w->show();
    QTest::mouseClick(button(page, "resume"), Qt::LeftButton);
    QVERIFY(steps.wait(10000));
    w->setCloseChoiceProvider([] { return MainWindow::CloseChoice::LetFinish; });
    w->close();
    QVERIFY(!w->isVisible());
    QVERIFY(page->isJobActive());
    page->stop();
    QVERIFY(page->controller()->waitForFinished(10000));
    qunsetenv("FAKE_ARML_HANG");
    QApplication::setQuitOnLastWindowClosed(true);
    delete w;
  }

  // Patches the Slides page sends to review are in the Review page's queue at once (before its
  // file watcher could notice review.json), and the status bar says how many.
  void regionSentShowsInTheReviewQueue() {
    QDir().mkpath(root_ + "/regions-data/train");
    MainWindow w;
    QVERIFY(w.createProject(root_ + "/regions", root_ + "/regions-data"));
    ReviewQueueModel* queue = w.reviewPage()->queue()->model();
    QCOMPARE(queue->rowCount(), 0);

    // What the region export writes: the patches and their review.json entries.
    RegionExportResult sent;
    arml::data::ReviewFile review;
    for (const QString stem : {"slide_x0_y0_s128", "slide_x128_y0_s128"}) {
      const QString image = root_ + "/regions/slide-patches/slide/" + stem + ".png";
      QDir().mkpath(QFileInfo(image).absolutePath());
      QImage patch(64, 64, QImage::Format_RGB888);
      patch.fill(Qt::magenta);
      QVERIFY(patch.save(image));
      arml::data::PatchReview entry;
      entry.image = ("slide-patches/slide/" + stem + ".png").toStdString();
      review.put(stem.toStdString(), entry);
      sent.images << image;
    }
    sent.added = 2;
    review.save((root_ + "/regions/review.json").toStdString());
    Q_EMIT w.slidePage()->regionSent(sent);
    QCOMPARE(queue->rowCount(), 2);
    QVERIFY(queue->patch(queue->rowOfStem("slide_x128_y0_s128")).fromSlide);
    QCOMPARE(w.reviewPage()->queue()->currentStem(), QString("slide_x0_y0_s128"));  // the queue was empty: opened
    const QString message = w.statusBar()->currentMessage();
    QVERIFY2(message.contains("2 patch") && message.contains("sent to review"), qPrintable(message));
    w.showPage(MainWindow::ReviewPageIndex);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    shoot(&w, "14-review-slide-patches");

    // A failed export: the Slides page says why; the status bar is left alone.
    w.statusBar()->showMessage("unchanged");
    RegionExportResult failed;
    failed.error = "review.json: broken";
    Q_EMIT w.slidePage()->regionSent(failed);
    QCOMPARE(w.statusBar()->currentMessage(), QString("unchanged"));
  }

  // File > Open Demo Project used to do nothing while another project was open. The demo's data
  // is already made here (its completeness marker), so no `arml` runs.
  void openDemoProjectReplacesAnOpenProject() {
    const QString demo = DemoProjectMaker::defaultFolder();
    QDir(demo).removeRecursively();
    QVERIFY(QDir().mkpath(demo + "/data"));
    QFile marker(demo + "/data/.complete");
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.close();
    MainWindow w;
    const QString other = root_ + "/other-project";
    QVERIFY(w.createProject(other, QString()));
    QSignalSpy finished(w.demoProjectMaker(), &DemoProjectMaker::finished);
    QAction* menuItem = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
      if (a->text() == "Open &Demo Project") menuItem = a;
    QVERIFY(menuItem);
    menuItem->trigger();
    QVERIFY(finished.wait(10000));
    QCOMPARE(w.project().folder(), QDir::cleanPath(demo));
    // Made on the first start (not asked for), it does not replace a project opened meanwhile.
    QVERIFY(w.openProjectFolder(other));
    finished.clear();
    w.demoProjectMaker()->start(demo);
    QVERIFY(finished.wait(10000));
    QCOMPARE(w.project().folder(), QDir::cleanPath(other));
    QVERIFY(w.statusBar()->currentMessage().contains("demo project is ready"));
    QDir(demo).removeRecursively();
  }

  void dialogsAndAbout() {
    SettingsDialog settings;
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    QCOMPARE(settings.values().device, QString("cpu"));
    shoot(&settings, "10-settings");
    AboutDialog about;
    about.show();
    QSignalSpy ready(&about, &AboutDialog::engineInfoReady);
    QVERIFY(ready.count() > 0 || ready.wait(10000));
    QVERIFY(about.engineInfo().contains("LibTorch"));
    shoot(&about, "11-about");
  }

  void chineseTranslation() {
    QTranslator zh;
    QVERIFY(zh.load(":/i18n/arml_studio_zh_CN.qm"));
    QApplication::installTranslator(&zh);
    {
      MainWindow w;
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QCOMPARE(w.pageList()->item(1)->text(), QString::fromUtf8("训练"));
      shoot(&w, "12-zh-project");
      w.showPage(MainWindow::TrainingPageIndex);
      shoot(&w, "13-zh-training");
    }
    QApplication::removeTranslator(&zh);
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
