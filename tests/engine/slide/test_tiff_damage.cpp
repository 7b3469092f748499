// A slide file cut short says so: describeTiffDamage reports the truncation, SlideReader's message
// says "truncated or damaged" instead of only "not a slide format OpenSlide can read".
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "slide/slide_reader.h"
#include "slide/tiff_damage.h"
#include "synthetic_tiff.h"
#include "test_paths.h"

using namespace arml;
namespace fs = std::filesystem;

class TestTiffDamage : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void truncatedSlideIsNamedTruncated() {
    const std::string dir = test::scratchDir("tiff-damage");
    const cv::Mat img(600, 700, CV_8UC3, cv::Scalar(200, 40, 40));
    test::writeRgbPyramid(dir + "/whole.tiff", img, 2, 128);
    QCOMPARE(QString::fromStdString(slide::describeTiffDamage(dir + "/whole.tiff")), QString());
    slide::SlideReader whole(dir + "/whole.tiff");

    for (const double keep : {0.5, 0.9}) {
      const fs::path cut = dir + "/cut.svs";
      fs::copy_file(dir + "/whole.tiff", cut, fs::copy_options::overwrite_existing);
      fs::resize_file(cut, static_cast<std::uintmax_t>(fs::file_size(cut) * keep));
      const QString damage = QString::fromStdString(slide::describeTiffDamage(cut));
      QVERIFY2(damage.startsWith("truncated or damaged"), qPrintable(damage));
      if (keep > 0.6) continue;  // OpenSlide may still open the first directories of a file cut late
      try {
        slide::SlideReader reader(cut);
        QFAIL("a truncated slide opened");
      } catch (const InputError& e) {
        const QString m = e.what();
        QVERIFY2(m.contains("cut.svs") && m.contains("truncated or damaged"), qPrintable(m));
      }
    }
    const fs::path text = dir + "/notes.svs";
    std::ofstream(text) << "not a slide";
    QCOMPARE(QString::fromStdString(slide::describeTiffDamage(text)), QString());
  }
};

QTEST_APPLESS_MAIN(TestTiffDamage)
#include "test_tiff_damage.moc"
