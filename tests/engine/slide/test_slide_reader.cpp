// SlideReader, resolution choice and tissue detection: real Aperio slides, generated TIFF pyramids,
// tile seams, bad files.
#include <QtTest>

#include <fstream>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "core/resources.h"
#include "slide/read_resolution.h"
#include "slide/slide_reader.h"
#include "slide/tile_grid.h"
#include "slide/tissue_mask.h"
#include "synthetic_tiff.h"
#include "test_paths.h"

using namespace arml;
using namespace arml::slide;

namespace {

bool equalMats(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a.reshape(1) != b.reshape(1)) == 0;
}

// Reads `rect` (level pixels) of `level` as one region and as a mosaic of tiles of size `tile`
// starting at the rect's corner; they must agree pixel for pixel.
void checkSeams(const SlideReader& reader, int level, cv::Rect rect, int tile) {
  const double ds = reader.level(level).downsample;
  auto l0 = [ds](int v) { return static_cast<std::int64_t>(std::llround(v * ds)); };
  const cv::Mat whole = reader.readRegion(level, l0(rect.x), l0(rect.y), rect.width, rect.height);
  cv::Mat mosaic(rect.size(), CV_8UC3, cv::Scalar(0, 0, 0));
  for (int y = 0; y < rect.height; y += tile)
    for (int x = 0; x < rect.width; x += tile) {
      const int w = std::min(tile, rect.width - x), h = std::min(tile, rect.height - y);
      reader.readRegion(level, l0(rect.x + x), l0(rect.y + y), w, h).copyTo(mosaic(cv::Rect(x, y, w, h)));
    }
  QVERIFY2(equalMats(whole, mosaic), qPrintable(QString("seam mismatch at level %1").arg(level)));
}

cv::Mat patternImage(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>((x * 7 + y * 3) % 256), static_cast<uchar>((x ^ y) % 256),
                                          static_cast<uchar>((x / 16 + y / 16) % 2 ? 200 : 40));
  return img;
}

}  // namespace

class TestSlideReader : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void cmuSmallRegionOpens() {
    ARML_REQUIRE_SHARED(path, "data/wsi/CMU-1-Small-Region.svs");
    SlideReader r(path);
    QCOMPARE(r.vendor(), std::string("aperio"));
    QCOMPARE(r.levelCount(), 1);
    QCOMPARE(r.width(), std::int64_t(2220));
    QCOMPARE(r.height(), std::int64_t(2967));
    QVERIFY(r.umPerPx().has_value());
    QVERIFY(std::abs(*r.umPerPx() - 0.499) < 1e-3);
    QVERIFY(r.objectivePower().has_value());
    QCOMPARE(*r.objectivePower(), 20.0);
    QVERIFY(r.property("aperio.AppMag").has_value());
    QVERIFY(!r.properties().empty());
    for (const char* name : {"label", "macro", "thumbnail"}) {
      const auto& names = r.associatedImageNames();
      QVERIFY2(std::find(names.begin(), names.end(), name) != names.end(), name);
      const cv::Mat img = r.readAssociatedImage(name);
      QCOMPARE(img.type(), CV_8UC3);
      QVERIFY(img.cols > 10 && img.rows > 10);
    }
    QVERIFY_THROWS_EXCEPTION(InputError, r.readAssociatedImage("no-such-image"));
    // Region reads: RGB, outside the slide composited on white.
    const cv::Mat outside = r.readRegion(0, 3000, 4000, 16, 16);
    QCOMPARE(cv::countNonZero(outside.reshape(1) != 255), 0);
    const cv::Mat inside = r.readRegion(0, 1000, 1000, 64, 64);
    QVERIFY(cv::mean(inside)[0] < 250);  // tissue, not white
    QVERIFY_THROWS_EXCEPTION(InputError, r.readRegion(1, 0, 0, 8, 8));
    QVERIFY_THROWS_EXCEPTION(InputError, r.readRegion(0, 0, 0, 0, 8));
    // Resolution: level 0 when nothing asked; 1.0 µm/px reads level 0 scaled by ~2.
    const ReadResolution res0 = resolveResolution(r, {});
    QCOMPARE(res0.level, 0);
    QCOMPARE(res0.downsample, 1.0);
    QCOMPARE(chooseLevel(r, 2.0), 0);
    ResolutionRequest q;
    q.targetUmPerPx = 0.998;
    const ReadResolution res = resolveResolution(r, q);
    QCOMPARE(res.level, 0);
    QVERIFY(std::abs(res.downsample - 2.0) < 1e-2);
    QCOMPARE(res.width, std::int64_t(std::llround(2220 / res.downsample)));
    QVERIFY(std::abs(*res.umPerPx - 0.998) < 1e-9);
  }

  void tcgaSlideWithoutMetadata() {
    ARML_REQUIRE_SHARED(path, "data/wsi/tcga-cr-7395-01a-01-ts1.svs");
    SlideReader r(path);
    QCOMPARE(r.levelCount(), 2);
    QCOMPARE(r.level(0).width, std::int64_t(4443));
    QCOMPARE(r.level(0).height, std::int64_t(3567));
    QCOMPARE(r.level(1).width, std::int64_t(2221));
    QVERIFY(std::abs(r.level(1).downsample - 2.0005) < 1e-3);
    QVERIFY(!r.umPerPx().has_value());
    QVERIFY(!r.objectivePower().has_value());
    const auto& names = r.associatedImageNames();
    QVERIFY(std::find(names.begin(), names.end(), "thumbnail") != names.end());
    QVERIFY(!r.readAssociatedImage("thumbnail").empty());
    // No metadata and no level: a clear InputError naming the slide and the way out.
    try {
      resolveResolution(r, {});
      QFAIL("expected InputError");
    } catch (const InputError& e) {
      const std::string m = e.what();
      QVERIFY2(m.find(path) != std::string::npos, e.what());
      QVERIFY2(m.find("has no resolution metadata") != std::string::npos, e.what());
      QVERIFY2(m.find("--level N") != std::string::npos && m.find("--um-per-px X") != std::string::npos, e.what());
    }
    ResolutionRequest target;
    target.targetUmPerPx = 1.0;
    QVERIFY_THROWS_EXCEPTION(InputError, resolveResolution(r, target));
    QVERIFY_THROWS_EXCEPTION(InputError, chooseLevel(r, 1.0));
    // A level, a downsample, or the slide's µm/px given by the user all work.
    ResolutionRequest lv;
    lv.level = 1;
    QCOMPARE(resolveResolution(r, lv).width, std::int64_t(2221));
    QVERIFY_THROWS_EXCEPTION(InputError, [&] { ResolutionRequest bad; bad.level = 2; resolveResolution(r, bad); }());
    target.slideUmPerPx = 0.25;
    const ReadResolution res = resolveResolution(r, target);  // 4x: between nothing, reads level 1 and halves
    QCOMPARE(res.level, 1);
    QVERIFY(std::abs(res.downsample - 4.0) < 1e-9);
    QVERIFY(std::abs(*res.umPerPx - 1.0) < 1e-9);
    const cv::Mat t = readRegionAt(r, res, 100, 100, 224, 224);
    QCOMPARE(t.cols, 224);
    QCOMPARE(t.rows, 224);
  }

  void realSlideTileSeams() {
    ARML_REQUIRE_SHARED(cmu, "data/wsi/CMU-1-Small-Region.svs");
    ARML_REQUIRE_SHARED(tcga, "data/wsi/tcga-cr-7395-01a-01-ts1.svs");
    {
      SlideReader r(cmu);  // JPEG tiles of 240: a 224 mosaic straddles them
      checkSeams(r, 0, cv::Rect(700, 900, 600, 500), 224);
      checkSeams(r, 0, cv::Rect(2100, 2800, 300, 300), 97);  // runs off the slide
    }
    {
      SlideReader r(tcga);  // JPEG 2000 tiles of 256
      checkSeams(r, 0, cv::Rect(1500, 1200, 500, 460), 224);
      checkSeams(r, 1, cv::Rect(700, 600, 480, 450), 224);
      checkSeams(r, 1, cv::Rect(2000, 1600, 300, 300), 100);
    }
  }

  void generatedTiledTiffPyramid() {
    const std::string dir = test::scratchDir("slide-reader-pyramid");
    const cv::Mat img = patternImage(1300, 900);
    const std::string path = dir + "/pyramid.tiff";
    test::writeRgbPyramid(path, img, 3);
    SlideReader r(path);
    QCOMPARE(r.vendor(), std::string("generic-tiff"));
    QCOMPARE(r.levelCount(), 3);
    QCOMPARE(r.level(1).width, std::int64_t(650));
    QCOMPARE(r.level(2).height, std::int64_t(225));
    QVERIFY(std::abs(r.level(2).downsample - 4.0) < 1e-6);
    QVERIFY(!r.umPerPx().has_value());
    // Level 0 is exactly what was written.
    QVERIFY(equalMats(r.readRegion(0, 0, 0, img.cols, img.rows), img));
    for (int level = 0; level < 3; ++level) {
      const int w = static_cast<int>(r.level(level).width), h = static_cast<int>(r.level(level).height);
      checkSeams(r, level, cv::Rect(0, 0, w, h), 224);
      checkSeams(r, level, cv::Rect(w / 3, h / 5, w / 2, h / 2), 61);
    }
    // Concurrent tile reads from several threads give the same pixels as serial ones.
    std::vector<cv::Mat> serial, parallel(16);
    for (int i = 0; i < 16; ++i) serial.push_back(r.readRegion(i % 3, 37 * i, 29 * i, 200, 150));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (int i = t; i < 16; i += 4) parallel[i] = r.readRegion(i % 3, 37 * i, 29 * i, 200, 150);
      });
    for (auto& t : threads) t.join();
    for (int i = 0; i < 16; ++i) QVERIFY(equalMats(serial[i], parallel[i]));
    // Between levels: downsample 3 reads level 1 and shrinks; aligned 2x2 blocks of a
    // 2-pixel-periodic image average exactly.
    ResolutionRequest q;
    q.downsample = 2.0;
    const ReadResolution res2 = resolveResolution(r, q);
    QCOMPARE(res2.level, 1);
    QCOMPARE(res2.extraScale(r), 1.0);
    QVERIFY(equalMats(readRegionAt(r, res2, 10, 20, 100, 80), r.readRegion(1, 20, 40, 100, 80)));
    q.downsample = 3.0;
    const ReadResolution res3 = resolveResolution(r, q);
    QCOMPARE(res3.level, 1);
    QCOMPARE(res3.width, std::int64_t(433));
    const cv::Mat scaled = readRegionAt(r, res3, 0, 0, 224, 224);
    cv::Mat expected;
    cv::resize(r.readRegion(1, 0, 0, 336, 336), expected, cv::Size(224, 224), 0, 0, cv::INTER_AREA);
    QVERIFY(equalMats(scaled, expected));
  }

  void tissueDetectionAndTileGrid() {
    cv::Mat img(600, 800, CV_8UC3, cv::Scalar(245, 245, 245));
    cv::rectangle(img, cv::Rect(100, 120, 250, 200), cv::Scalar(180, 80, 140), cv::FILLED);  // pink tissue
    cv::circle(img, cv::Point(600, 450), 4, cv::Scalar(150, 60, 120), cv::FILLED);           // dust: < 50 px
    const cv::Mat m = detectTissue(img);
    QCOMPARE(cv::countNonZero(m(cv::Rect(100, 120, 250, 200))), 250 * 200);
    QCOMPARE(cv::countNonZero(m), 250 * 200);
    const TileGrid g = makeTileGrid(800, 600, 224, 32);
    QCOMPARE(g.stride(), 192);
    QCOMPARE(g.cols, 4);  // 0,192,384,576 (576+224 = 800)
    QCOMPARE(g.rows, 3);  // 0,192,384 (384+224 >= 600)
    TissueMap map;
    map.mask = m;
    const auto flags = tissueTiles(g, map, 1.0);
    // Tissue spans x 100..349, y 120..319: tile columns 0,1 and rows 0,1.
    const std::vector<std::uint8_t> expected = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0};
    QCOMPARE(flags, expected);
    QVERIFY_THROWS_EXCEPTION(InputError, makeTileGrid(800, 600, 224, 113));
    QCOMPARE(makeTileGrid(100, 50, 224, 0).count(), 1L);
  }

  void realSlideTissue() {
    ARML_REQUIRE_SHARED(tcga, "data/wsi/tcga-cr-7395-01a-01-ts1.svs");
    SlideReader r(tcga);
    const TissueMap map = detectSlideTissue(r, {});
    const double fraction = cv::countNonZero(map.mask) / static_cast<double>(map.mask.total());
    // A frozen section with glass around it: some tissue, some glass.
    QVERIFY2(fraction > 0.05 && fraction < 0.95, qPrintable(QString::number(fraction)));
    QCOMPARE(map.mask.cols, 2048);
  }

  void hugeSingleLevelThumbnailIsBanded() {
    const std::string dir = test::scratchDir("slide-reader-huge");
    const std::string path = dir + "/huge.tiff";
    const int side = 8192;
    test::writeRgbSingleLevel(path, side, side, [](int x0, int y0, cv::Mat& t) {
      t.setTo(((x0 / 256 + y0 / 256) % 2) ? cv::Scalar(200, 60, 120) : cv::Scalar(250, 250, 250));
    });
    SlideReader r(path);
    QCOMPARE(r.levelCount(), 1);
    const double before = currentRssMb();
    if (!resetPeakRss()) QSKIP("kernel refuses to reset the peak RSS");
    const cv::Mat thumb = r.thumbnail(512);
    const double grew = peakRssMb() - before;
    QCOMPARE(thumb.cols, 512);
    QCOMPARE(thumb.rows, 512);
    // Checkerboard of 256-px squares -> 16-px squares in the thumbnail.
    QCOMPARE(thumb.at<cv::Vec3b>(8, 8), cv::Vec3b(250, 250, 250));
    QCOMPARE(thumb.at<cv::Vec3b>(8, 24), cv::Vec3b(200, 60, 120));
    const double wholeMb = double(side) * side * 4 / (1024.0 * 1024.0);  // 256 MiB as ARGB
    QVERIFY2(grew < wholeMb / 2, qPrintable(QString("thumbnail grew RSS by %1 MiB").arg(grew)));
  }

  void badFiles() {
    const std::string dir = test::scratchDir("slide-reader-bad");
    QVERIFY_THROWS_EXCEPTION(InputError, SlideReader(dir + "/missing.svs"));
    {
      std::ofstream(dir + "/notes.svs") << "this is not a slide";
    }
    try {
      SlideReader r(dir + "/notes.svs");
      QFAIL("expected InputError");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("notes.svs") != std::string::npos, e.what());
    }
    // A real slide cut short: the TIFF directory at the end is missing.
    ARML_REQUIRE_SHARED(cmu, "data/wsi/CMU-1-Small-Region.svs");
    std::ifstream in(cmu, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    bytes.resize(bytes.size() / 3);
    {
      std::ofstream out(dir + "/truncated.svs", std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    bool threw = false;
    try {
      SlideReader r(dir + "/truncated.svs");
      // OpenSlide may open it when the header survives; reading the lost tiles must then fail loudly.
      for (std::int64_t y = 0; y < r.height(); y += 512) r.readRegion(0, 0, y, static_cast<int>(r.width()), 512);
    } catch (const InputError& e) {
      threw = std::string(e.what()).find("truncated.svs") != std::string::npos;
    } catch (const RuntimeFailure& e) {
      threw = std::string(e.what()).find("truncated.svs") != std::string::npos;
    }
    QVERIFY(threw);
  }
};

QTEST_APPLESS_MAIN(TestSlideReader)
#include "test_slide_reader.moc"
