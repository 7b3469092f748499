// `arml demo --out DIR` makes a project folder that arml-studio opens as it is: the Runs page lists
// the demo run with its settings and curves, and the Review queue holds that run's pseudo masks at
// once. Runs the real `arml` on a small demo (one epoch per stage); screenshots go to the scratch
// folder "ui_screens" for a human to look at.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QTableWidget>
#include <QtTest>

#include "cli_runner.h"
#include "run_rows.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/project/project_page.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/review/review_queue_model.h"
#include "ui/runs/runs_page.h"
#include "widgets/review_queue_view.h"

using namespace arml::ui;

class TestDemoProject : public QObject {
  Q_OBJECT
  QString demo_, shots_;

  void shoot(QWidget* w, const QString& name) {
    QApplication::processEvents();
    QVERIFY(w->grab().save(shots_ + "/" + name + ".png"));
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_demo_project");
    AppSettings s = AppSettings::load();
    s.armlProgram = QString::fromStdString(arml::test::cliPath());
    s.device = "cpu";
    s.threads = 2;
    s.save();
    demo_ = QString::fromStdString(arml::test::scratchDir("ui_demo_project")) + "/demo";
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens"));
    const arml::test::CliResult r =
        arml::test::runArml({"demo", "--out", demo_, "--train", "16", "--val", "4", "--test", "4", "--set",
                             "stage1.epochs=1", "--set", "stage2.epochs=1", "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY(r.out.contains("arml-studio " + demo_));
  }

  void demoFolderIsAProject() {
    QVERIFY(QFile::exists(demo_ + "/project.json"));
    QVERIFY(QFile::exists(demo_ + "/runs/demo/summary.json"));
    Project p;
    QString error;
    QVERIFY2(Project::open(demo_, &p, &error), qPrintable(error));
    QCOMPARE(QDir(p.datasetPath()).absolutePath(), QDir(demo_ + "/data").absolutePath());
    QCOMPARE(QDir(p.runsDir()).absolutePath(), QDir(demo_ + "/runs").absolutePath());
  }

  void appShowsTheDemoRunAndItsMasks() {
    MainWindow w;
    w.resize(1366, 768);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.openProjectFolder(demo_);
    QTRY_VERIFY_WITH_TIMEOUT(w.projectPage()->isSummaryReady(), 20000);
    shoot(&w, "demo-01-project");

    w.showPage(MainWindow::RunsPageIndex);
    const int row = arml::test::rowOfRun(w.runsPage()->runs(), "demo");
    QVERIFY(row >= 0);
    QCOMPARE(w.runsPage()->table()->item(row, 2)->text(), QString("finished"));
    w.runsPage()->table()->selectRow(row);
    shoot(&w, "demo-02-runs");

    w.showPage(MainWindow::ReviewPageIndex);
    ReviewQueueController* queue = w.reviewPage()->queue();
    QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowCount(), 16, 10000);
    QVERIFY(queue->model()->maskSet().contains("runs/demo/masks"));
    QVERIFY(queue->view()->maskSetCombo()->currentText().contains("demo"));
    shoot(&w, "demo-03-review");
    // With a project's runs, masks and classes shown, the window still fits a 1366-px screen.
    QVERIFY2(w.minimumSizeHint().width() <= 1366, qPrintable(QString::number(w.minimumSizeHint().width())));
  }
};

QTEST_MAIN(TestDemoProject)
#include "test_demo_project.moc"
