// Issue #15: the demo project (`arml demo`, what scripts/demo.sh opens) shows its CAMs on the Review
// page without a click: the page opens on "Compare CAMs" with the demo run's stage-1 classifier
// chosen, and the plain and relocalized CAMs of the first queued patch are computed at once by the
// in-process engine. Runs the real `arml demo` on a small demo (one epoch per stage); the screenshot
// goes to the scratch folder "ui_screens_demo_cams" for a human to look at.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTabWidget>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/compare/cam_compare_controller.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/project/project_demo.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/review/review_queue_model.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "widgets/cam_compare_view.h"

using namespace arml::ui;
using arml::widgets::CamPanel;

class TestDemoReviewCams : public QObject {
  Q_OBJECT
  QString demo_, shots_;

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_demo_review_cams");
    AppSettings s = AppSettings::load();
    s.armlProgram = QString::fromStdString(arml::test::cliPath());
    s.device = "cpu";
    s.threads = 2;
    s.save();
    demo_ = QString::fromStdString(arml::test::scratchDir("ui_demo_review_cams")) + "/demo";
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_demo_cams"));
    // The whole demo (both stages), however long a loaded machine takes: runArml stops at two minutes.
    QProcess demo;
    demo.start(QString::fromStdString(arml::test::cliPath()),
               {"demo", "--out", demo_, "--train", "16", "--val", "4", "--test", "4", "--set", "stage1.epochs=1", "--set",
                "stage2.epochs=1", "--threads", "2"});
    QVERIFY(demo.waitForFinished(840000));
    QVERIFY2(demo.exitStatus() == QProcess::NormalExit && demo.exitCode() == 0, demo.readAllStandardError().constData());
  }

  void demoDataIsRecognised() {
    QVERIFY(isDemoDataset(demo_ + "/data"));
    const QString real = QString::fromStdString(arml::test::sharedPath("data/wsss4luad"));
    if (QDir(real).exists()) QVERIFY(!isDemoDataset(real));
  }

  void reviewPageOpensOnComputedCams() {
    MainWindow w;
    w.resize(1366, 768);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.openProjectFolder(demo_);
    QElapsedTimer clock;
    clock.start();
    w.showPage(MainWindow::ReviewPageIndex);
    ReviewPage* page = w.reviewPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->queue()->model()->rowCount(), 16, 10000);
    auto* tabs = page->findChild<QTabWidget*>("reviewViews");
    QVERIFY(tabs);
    QCOMPARE(tabs->currentWidget(), page->camCompare());
    CamCompareController* cams = page->camCompare()->controller();
    QVERIFY2(cams->checkpoints().arsClassifier.contains("runs/demo"), qPrintable(cams->checkpoints().arsClassifier));
    QVERIFY2(cams->checkpoints().segmenter.contains("runs/demo"), qPrintable(cams->checkpoints().segmenter));
    QVERIFY(!cams->imagePath().isEmpty());  // the queue's first patch, followed by the CAM tab
    // Computed without a click: the plain and relocalized CAM panels hold maps.
    arml::widgets::CamCompareView* view = page->camCompare()->view();
    const auto camsShown = [view] {
      int withMaps = 0;
      for (int i = 0; i < view->panelCount(); ++i)
        if (view->panel(i).kind == CamPanel::Kind::Cam && view->panel(i).message.isEmpty() && !view->panel(i).cams.isEmpty()) ++withMaps;
      return withMaps;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!cams->isBusy() && camsShown() >= 2, 120000);
    qInfo("CAMs of the first demo patch shown %lld ms after the Review page was opened", clock.elapsed());
    QCOMPARE(cams->computeCount() > 0, true);
    QApplication::processEvents();
    QVERIFY(w.grab().save(shots_ + "/demo-review-cams.png"));
  }
};

QTEST_MAIN(TestDemoReviewCams)
#include "test_demo_review_cams.moc"
