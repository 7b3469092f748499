// predictSlide: a synthetic slide with a known colour pattern comes back as its class map (with and
// without overlap, at two levels), cancel + resume equals an uninterrupted run, real slides finish.
#include <QtTest>

#include <fstream>

#include <torch/torch.h>

#include "../slide/synthetic_tiff.h"
#include "core/errors.h"
#include "slide/mask_pyramid.h"
#include "slide_inference/slide_predictor.h"
#include "test_paths.h"

using namespace arml;
using namespace arml::slide;

namespace {

const cv::Vec3b kColours[4] = {{200, 40, 40}, {40, 160, 40}, {60, 60, 200}, {230, 150, 20}};
constexpr int kWhiteFrom = 700;  // columns >= this are glass

// Diagonal colour bands not aligned with any tile grid; glass on the right.
cv::Mat patternSlide() {
  cv::Mat img(700, 1000, CV_8UC3, cv::Scalar(255, 255, 255));
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < kWhiteFrom; ++x) img.at<cv::Vec3b>(y, x) = kColours[((x + 2 * y) / 90) % 4];
  return img;
}

// Class from colour, per pixel: logit c = -L1 distance to colour c (white -> equal logits -> class 0
// after ties). Deterministic and exact for exact pixels.
at::Tensor colourLogits(const at::Tensor& tiles) {
  std::vector<at::Tensor> out;
  for (const auto& c : kColours) {
    const auto ref = torch::tensor({c[0] / 255.0f, c[1] / 255.0f, c[2] / 255.0f}).view({1, 3, 1, 1});
    out.push_back(-(tiles - ref).abs().sum(1));
  }
  auto logits = torch::stack(out, 1);
  const auto white = (tiles > 0.99f).all(1, /*keepdim=*/true).expand_as(logits);
  return torch::where(white, torch::zeros_like(logits), logits);
}

// Tile-dependent logits, so that blending order and overlap matter (for resume equality).
at::Tensor wobblyLogits(const at::Tensor& tiles) {
  auto logits = colourLogits(tiles);
  const auto m = tiles.mean({1, 2, 3}).view({-1, 1, 1, 1});
  const auto k = torch::arange(4, torch::kFloat32).view({1, 4, 1, 1}) + 1;
  return logits + 0.6f * torch::sin(m * 37.0f * k);
}

cv::Mat expectedClasses(const cv::Mat& rgb) {
  cv::Mat m(rgb.size(), CV_8UC1, cv::Scalar(0));
  for (int y = 0; y < rgb.rows; ++y)
    for (int x = 0; x < rgb.cols; ++x)
      for (int c = 0; c < 4; ++c)
        if (rgb.at<cv::Vec3b>(y, x) == kColours[c]) m.at<uchar>(y, x) = static_cast<uchar>(c);
  return m;
}

cv::Mat readLevel0(const std::filesystem::path& p) {
  MaskPyramidReader r(p);
  return r.readMaskRegion(0, cv::Rect(0, 0, static_cast<int>(r.levels()[0].width), static_cast<int>(r.levels()[0].height)));
}

std::vector<unsigned char> bytesOf(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

class TestSlidePredictor : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void reproducesColourPattern_data() {
    QTest::addColumn<int>("level");
    QTest::addColumn<int>("overlap");
    QTest::newRow("level0-no-overlap") << 0 << 0;
    QTest::newRow("level0-overlap32") << 0 << 32;
    QTest::newRow("level1-overlap48") << 1 << 48;
  }
  void reproducesColourPattern() {
    QFETCH(int, level);
    QFETCH(int, overlap);
    const std::string dir = test::scratchDir("slide-predict-pattern");
    const cv::Mat img = patternSlide();
    test::writeRgbPyramid(dir + "/slide.tiff", img, 2);
    SlideReader reader(dir + "/slide.tiff");
    // Level 1 of the file: area-averaged, so compare against the class of each exact level-1 pixel.
    const cv::Mat levelRgb = reader.readRegion(level, 0, 0, static_cast<int>(reader.level(level).width),
                                               static_cast<int>(reader.level(level).height));

    SlidePredictOptions o;
    o.resolution.level = level;
    o.overlap = overlap;
    o.batchSize = 3;
    o.outputTiff = dir + "/out/mask.tiff";
    o.checkpointSeconds = 0;
    EventSink events;
    CancelToken cancel;
    long calls = 0;
    const SlidePredictResult res = predictSlide(reader, o, [&](const at::Tensor& t) { ++calls; return colourLogits(t); },
                                                cancel, events);
    QCOMPARE(res.classes, 4);
    QVERIFY(res.tilesInferred > 0);
    QVERIFY2(res.tissueTiles < res.grid.count(), "glass tiles must be skipped");
    QCOMPARE(res.tilesInferred, res.tissueTiles);
    QVERIFY(std::filesystem::exists(o.outputTiff));
    QVERIFY(std::filesystem::exists(dir + "/out/mask.png"));
    QVERIFY(!std::filesystem::exists(dir + "/out/mask.tiff.partial"));
    QVERIFY(!std::filesystem::exists(dir + "/out/mask.tiff.resume.json"));

    const cv::Mat got = readLevel0(o.outputTiff);
    QCOMPARE(got.cols, levelRgb.cols);
    QCOMPARE(got.rows, levelRgb.rows);
    // Pixels of tissue tiles: the colour class (exact at every level pixel whose colour is one of the four);
    // pixels no tissue tile covers: background 4.
    const cv::Mat expected = expectedClasses(levelRgb);
    const int whiteFrom = kWhiteFrom >> level;
    int wrong = 0, exactPixels = 0, background = 0;
    for (int y = 0; y < got.rows; ++y)
      for (int x = 0; x < got.cols; ++x) {
        const cv::Vec3b px = levelRgb.at<cv::Vec3b>(y, x);
        bool exact = false;
        for (const auto& c : kColours) exact = exact || px == c;
        const uchar g = got.at<uchar>(y, x);
        if (exact) {
          ++exactPixels;
          wrong += g != expected.at<uchar>(y, x);
        }
        if (x >= whiteFrom + o.tileSize) background += g == 4 ? 0 : 1;  // deep in the glass: not analysed
      }
    QVERIFY(exactPixels > got.total() / 3);
    QCOMPARE(wrong, 0);
    QCOMPARE(background, 0);
    QVERIFY(calls >= (res.tilesInferred + o.batchSize - 1) / o.batchSize);
    // The preview is a palette PNG of the class indices.
    QVERIFY(std::filesystem::file_size(dir + "/out/mask.png") > 100);
  }

  void resumeAfterCancelEqualsUninterrupted_data() {
    QTest::addColumn<int>("overlap");
    QTest::newRow("no-overlap") << 0;
    QTest::newRow("overlap64") << 64;
  }
  void resumeAfterCancelEqualsUninterrupted() {
    QFETCH(int, overlap);
    const std::string dir = test::scratchDir("slide-predict-resume");
    test::writeRgbPyramid(dir + "/slide.tiff", patternSlide(), 1);
    SlideReader reader(dir + "/slide.tiff");
    SlidePredictOptions o;
    o.resolution.level = 0;
    o.overlap = overlap;
    o.tileSize = 128;  // more tile rows
    o.batchSize = 2;
    o.checkpointSeconds = 0;
    o.modelTag = "wobbly";
    EventSink events;

    o.outputTiff = dir + "/straight/mask.tiff";
    CancelToken never;
    const auto full = predictSlide(reader, o, wobblyLogits, never, events);

    o.outputTiff = dir + "/resumed/mask.tiff";
    CancelToken cancel;
    long calls = 0;
    auto cancelling = [&](const at::Tensor& t) {
      if (++calls == (overlap > 0 ? 25 : 8)) cancel.cancel();  // mid-way through a tile row, a few rows in
      return wobblyLogits(t);
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, predictSlide(reader, o, cancelling, cancel, events));
    QVERIFY(std::filesystem::exists(dir + "/resumed/mask.tiff.resume.json"));
    QVERIFY(std::filesystem::exists(dir + "/resumed/mask.tiff.partial"));
    QVERIFY(!std::filesystem::exists(o.outputTiff));

    CancelToken fresh;
    const auto resumed = predictSlide(reader, o, wobblyLogits, fresh, events);
    QVERIFY(resumed.tileRowsResumed > 0);
    QVERIFY(resumed.tilesInferred < full.tilesInferred);
    QVERIFY(cv::countNonZero(readLevel0(full.tiff) != readLevel0(resumed.tiff)) == 0);
    QVERIFY(bytesOf(full.tiff) == bytesOf(resumed.tiff));
    QVERIFY(!std::filesystem::exists(dir + "/resumed/mask.tiff.resume.json"));

    // A resume state from different settings is ignored, not misused.
    o.outputTiff = dir + "/other/mask.tiff";
    CancelToken c2;
    long n2 = 0;
    QVERIFY_THROWS_EXCEPTION(Cancelled, predictSlide(reader, o, [&](const at::Tensor& t) { if (++n2 == 5) c2.cancel(); return wobblyLogits(t); }, c2, events));
    o.modelTag = "another-model";
    CancelToken c3;
    const auto restarted = predictSlide(reader, o, wobblyLogits, c3, events);
    QCOMPARE(restarted.tileRowsResumed, 0);
  }

  void badTileFunctionAndNoMetadata() {
    const std::string dir = test::scratchDir("slide-predict-bad");
    test::writeRgbPyramid(dir + "/slide.tiff", patternSlide(), 1);
    SlideReader reader(dir + "/slide.tiff");
    SlidePredictOptions o;
    o.outputTiff = dir + "/mask.tiff";
    EventSink events;
    CancelToken cancel;
    // Generic TIFF has no µm/px: no level given -> the clear InputError.
    QVERIFY_THROWS_EXCEPTION(InputError, predictSlide(reader, o, colourLogits, cancel, events));
    o.resolution.level = 0;
    QVERIFY_THROWS_EXCEPTION(RuntimeFailure,
                             predictSlide(reader, o, [](const at::Tensor& t) { return t.mean(1); }, cancel, events));
    o.overlap = 200;
    QVERIFY_THROWS_EXCEPTION(InputError, predictSlide(reader, o, colourLogits, cancel, events));
  }

  // Spec §4.8: white glass inside tissue tiles (a hole in the tissue, the glass edge) is written as
  // background when markWhite is on, and left to the network's argmax when it is off.
  void marksWhiteGlassInsideTissueTiles() {
    const std::string dir = test::scratchDir("slide-predict-white");
    cv::Mat img = patternSlide();
    const cv::Rect hole(300, 250, 60, 50);
    img(hole).setTo(cv::Scalar(250, 250, 250));
    test::writeRgbPyramid(dir + "/slide.tiff", img, 1);
    SlideReader reader(dir + "/slide.tiff");
    EventSink events;
    CancelToken cancel;
    auto run = [&](bool markWhite, const std::string& name) {
      SlidePredictOptions o;
      o.resolution.level = 0;
      o.overlap = 32;
      o.markWhite = markWhite;
      o.outputTiff = dir + "/" + name + ".tiff";
      predictSlide(reader, o, colourLogits, cancel, events);
      return readLevel0(o.outputTiff);
    };
    const cv::Mat marked = run(true, "marked"), raw = run(false, "raw");
    QCOMPARE(cv::countNonZero(marked(hole) != 4), 0);
    QCOMPARE(cv::countNonZero(raw(hole) == 4), 0);  // the network alone calls the hole tissue
    const cv::Rect glassEdge(kWhiteFrom, 0, 20, img.rows);  // glass inside the last tissue tile column
    QCOMPARE(cv::countNonZero(marked(glassEdge) != 4), 0);
    QVERIFY(cv::countNonZero(raw(glassEdge) != 4) > 0);
    // Tissue pixels keep their class.
    const cv::Mat expected = expectedClasses(img);
    const cv::Rect tissue(0, 0, 290, img.rows);
    QCOMPARE(cv::countNonZero(marked(tissue) != expected(tissue)), 0);
  }

  void realSlidesRunToCompletion() {
    ARML_REQUIRE_SHARED(tcga, "data/wsi/tcga-cr-7395-01a-01-ts1.svs");
    const std::string dir = test::scratchDir("slide-predict-real");
    SlideReader reader(tcga);
    SlidePredictOptions o;
    o.resolution.level = 1;
    o.overlap = 32;
    o.outputTiff = dir + "/tcga.tiff";
    EventSink events;
    CancelToken cancel;
    const auto res = predictSlide(reader, o, colourLogits, cancel, events);
    QVERIFY(res.tissueTiles > 0 && res.tissueTiles < res.grid.count());
    MaskPyramidReader m(res.tiff);
    QCOMPARE(m.levels()[0].width, std::int64_t(2221));
    QCOMPARE(m.levels()[0].height, std::int64_t(1783));
    QVERIFY(std::abs(m.metadata().slideDownsample - reader.level(1).downsample) < 1e-9);
    const cv::Mat mask = m.readMaskRegion(0, cv::Rect(0, 0, 2221, 1783));
    const int bg = cv::countNonZero(mask == 4);
    QVERIFY(bg > 0 && bg < int(mask.total()));
  }
};

QTEST_APPLESS_MAIN(TestSlidePredictor)
#include "test_slide_predictor.moc"
