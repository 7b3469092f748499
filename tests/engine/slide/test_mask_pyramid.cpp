// Class-mask TIFF pyramids: round trip, levels, metadata, region reads, bad files.
#include <QtTest>

#include <fstream>

#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "test_paths.h"

using namespace arml;
using namespace arml::slide;

namespace {
// Blocky random classes: 4x4 blocks of one value, so 2x2-mode reduction equals taking every other pixel.
cv::Mat blockyMask(int w, int h, unsigned seed) {
  cv::Mat small((h + 3) / 4, (w + 3) / 4, CV_8UC1);
  cv::RNG rng(seed);
  rng.fill(small, cv::RNG::UNIFORM, 0, 5);
  cv::Mat big;
  cv::resize(small, big, cv::Size(small.cols * 4, small.rows * 4), 0, 0, cv::INTER_NEAREST);
  return big(cv::Rect(0, 0, w, h)).clone();
}
bool same(const cv::Mat& a, const cv::Mat& b) { return a.size() == b.size() && cv::countNonZero(a != b) == 0; }
}  // namespace

class TestMaskPyramid : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void roundTrip() {
    const std::string dir = test::scratchDir("mask-pyramid");
    const cv::Mat mask = blockyMask(1100, 700, 7);
    MaskPyramidMetadata meta;
    meta.slideDownsample = 4.0;
    meta.umPerPx = 1.996;
    meta.extraJson = R"({"class_names":["TE","NEC","LYM","TAS"]})";
    const std::string path = dir + "/mask.tiff";
    writeMaskPyramid(path, mask, meta);
    // No temporary files left beside it.
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      (void)e;
      ++files;
    }
    QCOMPARE(files, 1);
    MaskPyramidReader r(path);
    // 1100x700 -> 550x350 -> 275x175 (fits a 256 tile? no: 275 > 256) -> 138x88.
    QCOMPARE(int(r.levels().size()), 4);
    QCOMPARE(r.levels()[1].width, std::int64_t(550));
    QCOMPARE(r.levels()[3].width, std::int64_t(138));
    QCOMPARE(r.levels()[3].height, std::int64_t(88));
    QCOMPARE(r.metadata().background, std::uint8_t(4));
    QCOMPARE(r.metadata().slideDownsample, 4.0);
    QVERIFY(r.metadata().umPerPx && std::abs(*r.metadata().umPerPx - 1.996) < 1e-12);
    QVERIFY(r.metadata().extraJson.find("LYM") != std::string::npos);
    // Level 0 exactly; region reads across tile borders; outside reads as background.
    QVERIFY(same(r.readMaskRegion(0, cv::Rect(0, 0, 1100, 700)), mask));
    QVERIFY(same(r.readMaskRegion(0, cv::Rect(250, 200, 300, 100)), mask(cv::Rect(250, 200, 300, 100))));
    const cv::Mat edge = r.readMaskRegion(0, cv::Rect(1000, 650, 200, 100));
    QVERIFY(same(edge(cv::Rect(0, 0, 100, 50)), mask(cv::Rect(1000, 650, 100, 50))));
    QCOMPARE(cv::countNonZero(edge(cv::Rect(100, 0, 100, 100)) != 4), 0);
    // Lower levels: the mode of 4x4-constant blocks is every other pixel.
    cv::Mat expected = mask;
    for (int level = 1; level < 4; ++level) {
      cv::Mat next((expected.rows + 1) / 2, (expected.cols + 1) / 2, CV_8UC1);
      for (int y = 0; y < next.rows; ++y)
        for (int x = 0; x < next.cols; ++x) next.at<uchar>(y, x) = expected.at<uchar>(2 * y, 2 * x);
      expected = next;
      if (level <= 2)  // blocks stay 2x2-constant for two halvings
        QVERIFY2(same(r.readMaskRegion(level, cv::Rect(0, 0, next.cols, next.rows)), next),
                 qPrintable(QString("level %1").arg(level)));
    }
    QVERIFY_THROWS_EXCEPTION(InputError, r.readMaskRegion(4, cv::Rect(0, 0, 8, 8)));
    // OpenSlide reads it as a generic tiled TIFF as well (what other viewers would do).
    SlideReader s(path);
    QCOMPARE(s.levelCount(), 4);
  }

  void modeTiesAndOddSizes() {
    const std::string dir = test::scratchDir("mask-pyramid-mode");
    cv::Mat mask(300, 301, CV_8UC1, cv::Scalar(2));
    // A 2x2 block with three 1s and one 3 -> 1; a block with 0,0,3,3 -> 0 (tie to lowest).
    mask.at<uchar>(0, 0) = 1; mask.at<uchar>(0, 1) = 1; mask.at<uchar>(1, 0) = 1; mask.at<uchar>(1, 1) = 3;
    mask.at<uchar>(0, 2) = 3; mask.at<uchar>(0, 3) = 0; mask.at<uchar>(1, 2) = 0; mask.at<uchar>(1, 3) = 3;
    writeMaskPyramid(dir + "/m.tiff", mask, {});
    MaskPyramidReader r(dir + "/m.tiff");
    QCOMPARE(int(r.levels().size()), 2);
    QCOMPARE(r.levels()[1].width, std::int64_t(151));
    const cv::Mat l1 = r.readMaskRegion(1, cv::Rect(0, 0, 151, 150));
    QCOMPARE(int(l1.at<uchar>(0, 0)), 1);
    QCOMPARE(int(l1.at<uchar>(0, 1)), 0);
    QCOMPARE(int(l1.at<uchar>(0, 150)), 2);  // last odd column
  }

  void bigMaskStreamsInBands() {
    // A 3000x2600 mask produced row by row (never whole in memory) round-trips.
    const std::string dir = test::scratchDir("mask-pyramid-stream");
    auto value = [](std::int64_t x, std::int64_t y) { return static_cast<std::uint8_t>(((x / 37) + (y / 53)) % 5); };
    writeMaskPyramid(dir + "/s.tiff", 3000, 2600,
                     [&](std::int64_t y0, int n, std::uint8_t* dst) {
                       for (int y = 0; y < n; ++y)
                         for (int x = 0; x < 3000; ++x) dst[y * 3000 + x] = value(x, y0 + y);
                     },
                     {});
    MaskPyramidReader r(dir + "/s.tiff");
    QCOMPARE(int(r.levels().size()), 5);  // 3000, 1500, 750, 375, 188
    const cv::Mat part = r.readMaskRegion(0, cv::Rect(2500, 2300, 500, 300));
    int wrong = 0;
    for (int y = 0; y < 300; ++y)
      for (int x = 0; x < 500; ++x) wrong += part.at<uchar>(y, x) != value(2500 + x, 2300 + y);
    QCOMPARE(wrong, 0);
  }

  void badFiles() {
    const std::string dir = test::scratchDir("mask-pyramid-bad");
    QVERIFY_THROWS_EXCEPTION(InputError, MaskPyramidReader(dir + "/missing.tiff"));
    { std::ofstream(dir + "/junk.tiff") << "junk"; }
    QVERIFY_THROWS_EXCEPTION(InputError, MaskPyramidReader(dir + "/junk.tiff"));
    QVERIFY_THROWS_EXCEPTION(InputError, writeMaskPyramid(dir + "/x.tiff", cv::Mat(), {}));
  }
};

QTEST_APPLESS_MAIN(TestMaskPyramid)
#include "test_mask_pyramid.moc"
