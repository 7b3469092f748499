// The built-in demo project on the first start: made by the real `arml make-demo-data` in a child
// process under a test AppData folder, with progress in the status bar, then opened; never twice.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/project_demo.h"
#include "ui/project/project_page.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"

using namespace arml::ui;

class TestProjectDemo : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_project_demo");
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    AppSettings s = AppSettings::load();
    s.armlProgram = QString::fromStdString(arml::test::cliPath());
    s.save();
  }

  void firstStartMakesAndOpensTheDemoProject() {
    QVERIFY(DemoProjectMaker::isFirstStart());
    const QString folder = DemoProjectMaker::defaultFolder();
    QVERIFY(folder.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    QVERIFY(!QDir(folder).exists());

    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    DemoProjectMaker* maker = w.demoProjectMaker();
    maker->setSizes(8, 2, 2, 64);
    QSignalSpy progress(maker, &DemoProjectMaker::progress);
    QSignalSpy finished(maker, &DemoProjectMaker::finished);
    QVERIFY(w.openDemoProjectOnFirstStart());
    // It returned at once: the data is made by a child process while the window works.
    QVERIFY(maker->isRunning());
    QVERIFY(!w.project().isValid());
    QVERIFY(w.statusBar()->findChild<QProgressBar*>("demoProgress")->isVisible());
    QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);  // the window still answers
    QCOMPARE(w.pages()->currentIndex(), int(MainWindow::TrainingPageIndex));
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(2).toString()));
    QVERIFY(progress.count() >= 2);
    QCOMPARE(progress.last().at(0).toInt(), 24);  // 2 PNGs (image + mask) per patch
    QCOMPARE(progress.last().at(1).toInt(), 24);
    QVERIFY(!w.statusBar()->findChild<QProgressBar*>("demoProgress")->isVisible());

    QVERIFY(w.project().isValid());
    QCOMPARE(w.project().folder(), folder);
    QCOMPARE(w.project().datasetPath(), folder + "/data");
    QCOMPARE(recentProjects().value(0), folder);
    QTRY_VERIFY_WITH_TIMEOUT(w.projectPage()->isSummaryReady(), 60000);
    QCOMPARE(w.projectPage()->summary().kind, QString("luad"));
    QCOMPARE(w.projectPage()->summary().train.images, 8);
    QTRY_COMPARE_WITH_TIMEOUT(w.project().classesSource(), QString("luad"), 10000);
    w.showPage(MainWindow::ProjectPageIndex);
    QTRY_VERIFY_WITH_TIMEOUT(w.projectPage()->sampleTileCount() > 0, 10000);
    QVERIFY(w.grab().save(QString::fromStdString(arml::test::scratchDir("ui_screens_demo")) + "/project-demo.png"));

    // Never again, even with no project open; the File menu still opens it without re-making it.
    QVERIFY(!DemoProjectMaker::isFirstStart());
    QVERIFY(!w.openDemoProjectOnFirstStart());
    w.closeProject();
    finished.clear();
    progress.clear();
    w.openDemoProject();
    QVERIFY(finished.wait(10000));
    QCOMPARE(progress.count(), 0);  // the finished dataset was kept
    QCOMPARE(w.project().folder(), folder);

    // Asked for from the File menu while another project is open, the demo replaces it (it used
    // to do nothing at all).
    const QString other = QString::fromStdString(arml::test::scratchDir("ui_demo_other")) + "/project";
    QVERIFY(w.createProject(other, QString()));
    QCOMPARE(w.project().folder(), other);
    finished.clear();
    QAction* menuItem = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
      if (a->text() == QStringLiteral("Open &Demo Project")) menuItem = a;
    QVERIFY(menuItem);
    menuItem->trigger();
    QVERIFY(finished.wait(10000));
    QCOMPARE(w.project().folder(), folder);
  }

  void aFailingCliIsReportedAndTheWindowKeepsWorking() {
    QSettings().clear();
    AppSettings s = AppSettings::load();
    s.armlProgram = "/bin/false";
    s.save();
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    DemoProjectMaker* maker = w.demoProjectMaker();
    QSignalSpy finished(maker, &DemoProjectMaker::finished);
    maker->start(QString::fromStdString(arml::test::scratchDir("ui_demo_fail")) + "/demo");
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.first().at(0).toBool());
    QVERIFY2(finished.first().at(2).toString().contains("exit code 1"), qPrintable(finished.first().at(2).toString()));
    QVERIFY(!w.project().isValid());
    QVERIFY(w.statusBar()->currentMessage().contains("could not be created"));
  }
};

QTEST_MAIN(TestProjectDemo)
#include "test_project_demo.moc"
