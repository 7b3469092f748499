// The Project page reads its dataset through the real `arml inspect-data --json` (a child process):
// synthetic BCSS-like and LUAD-like folders made here, the real WSSS4LUAD patches, a missing
// folder; the detected classes go into project.json and keep the user's edits.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/dataset_summary.h"
#include "ui/project/project.h"
#include "ui/project/project_page.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"

using namespace arml::ui;

namespace {
void writeRgb(const QString& path, QColor colour) {
  QImage image(32, 32, QImage::Format_RGB888);
  image.fill(colour);
  QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
  QVERIFY(image.save(path));
}

// A grey 8-bit PNG whose value is the class index: left half `left`, right half `right`.
void writeMask(const QString& path, int left, int right) {
  QImage mask(32, 32, QImage::Format_Grayscale8);
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 32; ++x) mask.scanLine(y)[x] = uchar(x < 16 ? left : right);
  QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
  QVERIFY(mask.save(path));
}

QVector<int> labelsIn(const QString& fileName) {
  const QString inside = fileName.section('[', -1).section(']', 0, 0);
  QVector<int> out;
  for (QChar c : inside)
    if (c == '0' || c == '1') out << (c == '1');
  return out;
}
}  // namespace

class TestProjectPage : public QObject {
  Q_OBJECT
  QString root_, shots_;

  // Waits for the page's inspection and returns what it found.
  DatasetSummary inspectWithPage(ProjectPage& page, const Project& project) {
    page.setProject(&project);
    if (!QTest::qWaitFor([&] { return page.isSummaryReady(); }, 60000)) return DatasetSummary();
    return page.summary();
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_project_page");
    AppSettings s = AppSettings::load();
    s.armlProgram = QString::fromStdString(arml::test::cliPath());
    s.save();
    root_ = QString::fromStdString(arml::test::scratchDir("ui_project_page"));
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_project"));

    // BCSS-WSSS: train/<name>[abcd].png, val/{img,mask}.
    const QStringList bcss = {"a[1000]", "b[0100]", "c[0010]", "d[0001]", "e[1100]", "f[1111]"};
    for (int i = 0; i < bcss.size(); ++i) writeRgb(root_ + "/bcss/train/" + bcss[i] + ".png", QColor::fromHsv(40 * i, 200, 200));
    writeRgb(root_ + "/bcss/val/img/v1.png", Qt::red);
    writeMask(root_ + "/bcss/val/mask/v1.png", 0, 4);
    writeRgb(root_ + "/bcss/val/img/v2.png", Qt::blue);
    writeMask(root_ + "/bcss/val/mask/v2.png", 2, 2);
    // LUAD-HistoSeg: train/<name>-[a b c d].png, test/{img,mask}.
    for (const QString& name : {"p1-[1 0 0 1]", "p2-[0 1 0 0]", "p3-[1 1 1 0]"})
      writeRgb(root_ + "/luad/train/" + name + ".png", Qt::magenta);
    writeRgb(root_ + "/luad/test/img/t1.png", Qt::white);
    writeMask(root_ + "/luad/test/mask/t1.png", 3, 4);
  }

  void bcssLikeDatasetIsReadByTheCli() {
    Project p;
    QString error;
    QVERIFY2(Project::create(root_ + "/proj-bcss", QString(), root_ + "/bcss", &p, &error), qPrintable(error));
    ProjectPage page;
    page.resize(1000, 900);
    page.show();
    const DatasetSummary s = inspectWithPage(page, p);
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QCOMPARE(s.kind, QString("bcss"));
    QCOMPARE(s.layout, QString("BCSS-WSSS"));
    QCOMPARE(s.backgroundIndex, 4);
    QCOMPARE(s.classes.size(), 5);
    QCOMPARE(s.classes[0].name, QString("Tumour"));
    QCOMPARE(s.classes[0].colour, QColor(255, 0, 0));
    QCOMPARE(s.classes[3].colour, QColor(153, 0, 255));
    QCOMPARE(s.abbreviations.mid(0, 4), (QStringList{"TUM", "STR", "LYM", "NEC"}));
    QCOMPARE(s.train.images, 6);
    QCOMPARE(s.train.perClass, (QVector<int>{3, 3, 2, 2}));
    QCOMPARE(s.val.images, 2);
    QCOMPARE(s.val.perClass, (QVector<int>{1, 0, 1, 0, 1}));  // masks containing each index
    QVERIFY(!s.test.present);
    QVERIFY2(s.problems.isEmpty(), qPrintable(s.problems.join('\n')));
    // Samples cover every class first; their labels are those of their file names.
    QCOMPARE(s.samples.size(), 6);
    for (const DatasetSample& sample : s.samples) QCOMPARE(sample.label, labelsIn(QFileInfo(sample.image).fileName()));

    // Without an owner adopting them, the table still shows the project's classes, with counts.
    QTableWidget* table = page.classTable();
    QCOMPARE(table->rowCount(), 5);
    QCOMPARE(table->item(0, ProjectPage::TrainColumn)->text(), QString("3"));
    QCOMPARE(table->item(2, ProjectPage::ValColumn)->text(), QString("1"));
    QCOMPARE(table->item(4, ProjectPage::TrainColumn)->text(), QString("–"));
    QCOMPARE(table->item(0, ProjectPage::TestColumn)->text(), QString("–"));
    QTRY_COMPARE_WITH_TIMEOUT(page.sampleTileCount(), 6, 10000);
    const QString summary = page.findChild<QLabel*>("datasetSummary")->text();
    QVERIFY2(summary.contains("BCSS-WSSS") && summary.contains("6 labelled patches") && summary.contains("2 image/mask pairs"),
             qPrintable(summary));
    QVERIFY(page.grab().save(shots_ + "/project-bcss.png"));
  }

  void detectedClassesGoIntoTheProjectAndKeepEdits() {
    QStandardPaths::setTestModeEnabled(true);
    MainWindow w;
    w.resize(1280, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.createProject(root_ + "/proj-main", root_ + "/bcss"));
    QTRY_VERIFY_WITH_TIMEOUT(w.project().classesSource() == "bcss", 60000);
    QCOMPARE(w.project().classes()[1].name, QString("Stroma"));
    QCOMPARE(w.project().classes()[3].name, QString("Necrosis"));
    QFile f(root_ + "/proj-main/project.json");
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    f.close();
    QCOMPARE(o["classes_source"].toString(), QString("bcss"));
    QCOMPARE(o["classes"].toArray()[0].toObject()["name"].toString(), QString("Tumour"));
    QCOMPARE(o["classes"].toArray()[0].toObject()["colour"].toString(), QString("#ff0000"));

    // The user renames class 0 in the table (F2, type, Enter) and recolours Necrosis.
    QTableWidget* table = w.projectPage()->classTable();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QCOMPARE(table->item(0, ProjectPage::NameColumn)->text(), QString("Tumour"));
    table->setFocus();
    table->setCurrentCell(0, ProjectPage::NameColumn);
    QTest::keyClick(table, Qt::Key_F2);
    QWidget* editor = QApplication::focusWidget();
    QVERIFY(editor && editor != table);
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, "Tumour cells");
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(w.project().classes()[0].name, QString("Tumour cells"));
    QVector<TissueClass> classes = w.project().classes();
    classes[3].colour = QColor(1, 2, 3);
    classes[3].hotkey = "N";
    Project edited = w.project();
    edited.setClasses(classes);
    QString error;
    QVERIFY(edited.save(&error));

    // Re-opened, the same scheme is detected again: the edits stay.
    QVERIFY(w.openProjectFolder(root_ + "/proj-main"));
    QTRY_VERIFY_WITH_TIMEOUT(w.projectPage()->isSummaryReady(), 60000);
    QCOMPARE(w.project().classes()[0].name, QString("Tumour cells"));
    QCOMPARE(w.project().classes()[3].colour, QColor(1, 2, 3));

    // Another dataset (LUAD-HistoSeg): its classes replace them; Necrosis keeps colour and hotkey.
    Project moved = w.project();
    moved.setDatasetPath(root_ + "/luad");
    QVERIFY(moved.save(&error));
    QVERIFY(w.openProjectFolder(root_ + "/proj-main"));
    QTRY_VERIFY_WITH_TIMEOUT(w.project().classesSource() == "luad", 60000);
    const QVector<TissueClass> luad = w.project().classes();
    QCOMPARE(luad.size(), 5);
    QCOMPARE(luad[0].name, QString("Tumour epithelium"));
    QCOMPARE(luad[0].colour, QColor(205, 51, 51));
    QCOMPARE(luad[1].name, QString("Necrosis"));
    QCOMPARE(luad[1].colour, QColor(1, 2, 3));
    QCOMPARE(luad[1].hotkey, QString("N"));
    QCOMPARE(luad[3].name, QString("Tumour-associated stroma"));
    QCOMPARE(w.projectPage()->summary().test.perClass, (QVector<int>{0, 0, 0, 1, 1}));
    QCOMPARE(w.projectPage()->summary().train.perClass, (QVector<int>{2, 2, 1, 1}));
    QTRY_COMPARE_WITH_TIMEOUT(w.projectPage()->sampleTileCount(), 3, 10000);
    QVERIFY(w.grab().save(shots_ + "/project-luad.png"));
  }

  void realWsss4luadHasThreeClassesAndBackground() {
    ARML_REQUIRE_SHARED(dataset, "data/wsss4luad");
    Project p;
    QString error;
    QVERIFY(Project::create(root_ + "/proj-wsss", QString(), QString::fromStdString(dataset), &p, &error));
    ProjectPage page;
    page.resize(1000, 900);
    page.show();
    const DatasetSummary s = inspectWithPage(page, p);
    QVERIFY2(s.isValid(), qPrintable(s.error));
    QCOMPARE(s.layout, QString("WSSS4LUAD"));
    QCOMPARE(s.backgroundIndex, 3);
    QStringList names;
    for (const TissueClass& c : s.classes) names << c.name;
    QCOMPARE(names, (QStringList{"Tumour epithelium", "Stroma", "Normal", "Background / exclude"}));
    QCOMPARE(s.classes[0].colour, QColor(0, 64, 128));
    QCOMPARE(s.train.images, 4);
    QCOMPARE(s.val.images, 31);
    QCOMPARE(s.test.images, 59);
    QVERIFY(s.val.hasBackgroundMasks && s.test.hasBackgroundMasks);
    QCOMPARE(s.val.perClass.size(), 4);
    QCOMPARE(s.samples.size(), 4);
    QVERIFY(p.adoptDatasetClasses(s.classes, s.backgroundIndex, s.kind));
    QCOMPARE(p.backgroundIndex(), 3);
    QCOMPARE(p.classes().size(), 4);
  }

  void missingFolderIsOneClearMessage() {
    Project p;
    QString error;
    QVERIFY(Project::create(root_ + "/proj-missing", QString(), root_ + "/no-such-data", &p, &error));
    ProjectPage page;
    const DatasetSummary s = inspectWithPage(page, p);
    QVERIFY(page.isSummaryReady());
    QVERIFY(!s.isValid());
    QVERIFY2(s.error.contains("no-such-data"), qPrintable(s.error));
    QVERIFY(page.findChild<QLabel*>("datasetSummary")->text().contains("no-such-data"));
    QCOMPARE(p.classesSource(), QString());  // nothing adopted
  }

  void parserRejectsWhatIsNotAReport() {
    DatasetSummary s;
    QString error;
    QVERIFY(!parseDatasetInspection("hello\n", &s, &error));
    QVERIFY(error.contains("inspect-data"));
    QVERIFY(parseDatasetInspection("log line\n{\"root\":\"/r\",\"kind\":\"csv\",\"classes\":[{\"index\":0,\"name\":\"a\","
                                   "\"abbreviation\":\"a\",\"colour\":[1,2,3]}],\"background\":{\"index\":1,\"colour\":[255,255,255]},"
                                   "\"splits\":{},\"problems\":[\"x\"]}\n",
                                   &s, &error));
    QCOMPARE(s.layout, QString("CSV labels"));
    QCOMPARE(s.classes.size(), 2);
    QCOMPARE(s.classes[1].colour, QColor(Qt::white));
    QCOMPARE(s.problems, QStringList{"x"});
  }
};

QTEST_MAIN(TestProjectPage)
#include "test_project_page.moc"
