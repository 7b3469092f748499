// Issue #16: a dataset `arml inspect-data` cannot read is told on the Project page in the app's
// words (what is wrong, with which folder, and what to do there), never in command-line words
// (`give --dataset …`), and the class table of the dataset read before does not stay on screen.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QTableWidget>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/dataset_problem_text.h"
#include "ui/project/project.h"
#include "ui/project/project_page.h"
#include "ui/shell/app_settings.h"

using namespace arml::ui;

namespace {
void writePatch(const QString& path) {
  QImage image(32, 32, QImage::Format_RGB888);
  image.fill(QColor(200, 120, 160));
  QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
  QVERIFY(image.save(path));
}
}  // namespace

class TestDatasetProblems : public QObject {
  Q_OBJECT
  QString root_, shots_;

  bool waitForSummary(ProjectPage& page) {
    return QTest::qWaitFor([&] { return page.isSummaryReady(); }, 60000);
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_dataset_problems");
    AppSettings s = AppSettings::load();
    s.armlProgram = QString::fromStdString(arml::test::cliPath());
    s.save();
    root_ = QString::fromStdString(arml::test::scratchDir("ui_dataset_problems"));
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_project"));
    // LUAD-HistoSeg-like: readable.
    writePatch(root_ + "/luad/train/a-[1 0 0 1].png");
    writePatch(root_ + "/luad/train/b-[0 1 1 0].png");
    // Images without labels in their names, no labels.csv, no val/test: not a dataset layout.
    writePatch(root_ + "/unrecognised/photos/p1.png");
    writePatch(root_ + "/unrecognised/photos/p2.png");
  }

  void engineMessagesAreRetoldWithoutFlags() {
    const QString root = "/data/slides";
    const QString layout = datasetErrorInAppWords(
        root + ": not a recognised dataset layout (expected train/ with labelled names like 'x-[1 0 0 1].png', "
               "training/, labels.csv, or val|test/{img,mask}); give --dataset bcss|luad|wsss4luad|csv",
        root);
    QVERIFY2(!layout.contains("--"), qPrintable(layout));
    QVERIFY2(layout.contains(QDir::toNativeSeparators(root)), qPrintable(layout));
    QVERIFY2(layout.contains("Change…"), qPrintable(layout));  // what to do, with the page's own button
    const QString missing = datasetErrorInAppWords("/gone/data: dataset folder does not exist", "/gone/data");
    QVERIFY2(missing.contains("does not exist") && missing.contains(QDir::toNativeSeparators("/gone/data")), qPrintable(missing));
    QVERIFY2(missing.contains("Change…"), qPrintable(missing));
    const QString csv = datasetErrorInAppWords("/d/labels.csv: the first line must be a header: file,<class name>", "/d");
    QVERIFY2(csv.contains(QDir::toNativeSeparators("/d/labels.csv")) && !csv.contains("--"), qPrintable(csv));
    // Something we have no sentence for still names the folder and drops command-line advice.
    const QString other = datasetErrorInAppWords("/d/x.png: odd thing (--data)", "/d");
    QVERIFY2(other.contains("odd thing") && !other.contains("--data"), qPrintable(other));
  }

  void unrecognisedDatasetClearsTheOldClassTable() {
    Project p;
    QString error;
    QVERIFY2(Project::create(root_ + "/proj", QString(), root_ + "/luad", &p, &error), qPrintable(error));
    ProjectPage page;
    page.resize(1000, 800);
    page.show();
    page.setProject(&p);
    QVERIFY(waitForSummary(page));
    QVERIFY2(page.summary().isValid(), qPrintable(page.summary().error));
    QVERIFY(p.adoptDatasetClasses(page.summary().classes, page.summary().backgroundIndex, page.summary().kind));
    page.refreshClasses();
    QCOMPARE(page.classTable()->rowCount(), 5);

    // The user points the project at a folder that is no dataset.
    p.setDatasetPath(root_ + "/unrecognised");
    page.setProject(&p);
    QVERIFY(waitForSummary(page));
    QVERIFY(!page.summary().isValid());
    QCOMPARE(page.classTable()->rowCount(), 0);
    page.refreshClasses();  // the owner redraws after any project change: still no stale rows
    QCOMPARE(page.classTable()->rowCount(), 0);
    const QString shown = page.findChild<QLabel*>("datasetSummary")->text();
    QVERIFY2(!shown.contains("--"), qPrintable(shown));
    QVERIFY2(shown.contains("unrecognised") && shown.contains("Change…"), qPrintable(shown));
    QTest::qWait(200);  // the page's relayout is posted
    QVERIFY(page.grab().save(shots_ + "/project-unrecognised-dataset.png"));

    // Back to the readable dataset: the classes return.
    p.setDatasetPath(root_ + "/luad");
    page.setProject(&p);
    QVERIFY(waitForSummary(page));
    QVERIFY(page.summary().isValid());
    QCOMPARE(page.classTable()->rowCount(), 5);
  }
};

QTEST_MAIN(TestDatasetProblems)
#include "test_dataset_problems.moc"
