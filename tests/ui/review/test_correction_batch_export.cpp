// Issue #15: "Export all corrections…" writes every edits/<stem>.png of a project into a chosen
// folder as PNG, GeoJSON and ASAP XML, never into (or over) the corrections themselves, and sums up
// how many were exported and which failed, naming the file and why.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QtTest>

#include <opencv2/core.hpp>

#include "data/palette_png.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/project.h"
#include "ui/review/correction_batch_export.h"
#include "ui/review/review_page.h"

using namespace arml::ui;

namespace {
QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A 16x16 class-index mask: tumour (0) on the left, background (4) on the right.
void writeMask(const QString& path) {
  cv::Mat m(16, 16, CV_8UC1, cv::Scalar(4));
  m(cv::Rect(0, 0, 8, 16)).setTo(0);
  arml::data::Palette palette;
  for (const TissueClass& c : Project::defaultClasses())
    palette.push_back({std::uint8_t(c.colour.red()), std::uint8_t(c.colour.green()), std::uint8_t(c.colour.blue())});
  arml::data::writePalettePng(path.toStdString(), m, palette);
}
}  // namespace

class TestCorrectionBatchExport : public QObject {
  Q_OBJECT
  QString root_;
  Project project_;

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_correction_batch_export");
    root_ = QString::fromStdString(arml::test::scratchDir("ui_correction_batch_export"));
    QString error;
    QVERIFY2(Project::create(root_ + "/proj", "export", QString(), &project_, &error), qPrintable(error));
    QVERIFY(QDir().mkpath(project_.editsDir()));
    writeMask(project_.editsDir() + "/patch-a-[1 0 0 1].png");
    writeMask(project_.editsDir() + "/patch-b-[1 0 0 0].png");
    QFile broken(project_.editsDir() + "/patch-c-[0 1 0 0].png");  // a truncated file
    QVERIFY(broken.open(QIODevice::WriteOnly) && broken.write("\x89PNG\r\n") > 0);
  }

  void everyCorrectionInThreeFormats() {
    const QString out = root_ + "/exported";
    const QByteArray before = readAll(project_.editsDir() + "/patch-a-[1 0 0 1].png");
    const CorrectionExportSummary s = CorrectionBatchExport::run(project_.folder(), project_.editsDir(), out);
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    QCOMPARE(s.corrections, 3);
    QVERIFY2(s.exported == 2, qPrintable(s.failures.join('\n')));
    for (const QString& stem : {"patch-a-[1 0 0 1]", "patch-b-[1 0 0 0]"}) {
      QCOMPARE(readAll(out + "/" + stem + ".png"), readAll(project_.editsDir() + "/" + stem + ".png"));
      QVERIFY2(readAll(out + "/" + stem + ".geojson").contains("\"FeatureCollection\""), qPrintable(stem));
      QVERIFY2(readAll(out + "/" + stem + ".xml").contains("<ASAP_Annotations"), qPrintable(stem));
    }
    QVERIFY(!QFile::exists(out + "/patch-c-[0 1 0 0].geojson"));
    // The failure names the file.
    QVERIFY2(s.failures.join('\n').contains("patch-c-[0 1 0 0].png"), qPrintable(s.failures.join('\n')));
    const QString text = CorrectionBatchExport::summaryText(s);
    QVERIFY2(text.contains("Exported 2 of 3") && text.contains("patch-c-[0 1 0 0].png"), qPrintable(text));
    // The sources are as they were.
    QCOMPARE(readAll(project_.editsDir() + "/patch-a-[1 0 0 1].png"), before);
  }

  void theCorrectionsFolderIsNeverTheTarget() {
    const QStringList before = QDir(project_.editsDir()).entryList(QDir::Files, QDir::Name);
    for (const QString& out : {project_.editsDir(), project_.editsDir() + "/sub"}) {
      const CorrectionExportSummary s = CorrectionBatchExport::run(project_.folder(), project_.editsDir(), out);
      QVERIFY2(s.error.contains("choose another folder"), qPrintable(s.error));
      QCOMPARE(s.exported, 0);
    }
    QCOMPARE(QDir(project_.editsDir()).entryList(QDir::Files, QDir::Name), before);
    QVERIFY(!QFileInfo::exists(project_.editsDir() + "/sub"));
  }

  void aProjectWithoutCorrectionsSaysSo() {
    Project empty;
    QString error;
    QVERIFY(Project::create(root_ + "/empty", "empty", QString(), &empty, &error));
    const CorrectionExportSummary s = CorrectionBatchExport::run(empty.folder(), empty.editsDir(), root_ + "/out2");
    QVERIFY2(s.error.contains("no saved corrections"), qPrintable(s.error));
  }

  void theReviewPageOffersTheAction() {
    ReviewPage page;
    page.setProject(project_);
    auto* button = page.findChild<QPushButton*>("exportAllCorrections");
    QVERIFY(button);
    QCOMPARE(button->text(), QString("Export all corrections…"));
    // The action row still fits a 1366-px screen beside the queue.
    QVERIFY2(page.minimumSizeHint().width() <= 1366, qPrintable(QString::number(page.minimumSizeHint().width())));
    page.resize(1366, 760);
    page.show();
    QTest::qWait(100);
    QVERIFY(page.grab().save(QString::fromStdString(arml::test::scratchDir("ui_screens_batch_export")) + "/review-page.png"));
  }
};

QTEST_MAIN(TestCorrectionBatchExport)
#include "test_correction_batch_export.moc"
