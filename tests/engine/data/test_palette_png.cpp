#include <QtTest>

#include <filesystem>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/class_scheme.h"
#include "data/palette_png.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

class TestPalettePng : public QObject {
  Q_OBJECT

  std::string dir_;

  static QString readError(const fs::path& p) {
    try {
      readIndexedPng(p);
    } catch (const arml::InputError& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }

private Q_SLOTS:
  void initTestCase() { dir_ = arml::test::scratchDir("data_palette_png"); }

  void roundTripKeepsIndicesAndPalette() {
    cv::Mat idx(37, 53, CV_8UC1);
    cv::randu(idx, 0, 5);
    const Palette pal = luadScheme().palette();
    QCOMPARE(pal.size(), std::size_t(5));
    const fs::path p = fs::path(dir_) / "mask.png";
    writePalettePng(p, idx, pal);
    const IndexedImage back = readIndexedPng(p);
    QCOMPARE(back.indices.type(), CV_8UC1);
    QCOMPARE(back.indices.size(), idx.size());
    QCOMPARE(cv::norm(back.indices, idx, cv::NORM_INF), 0.0);
    QCOMPARE(back.palette, pal);
    // Written atomically: no temporary left beside it.
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir_)) files += e.path().filename().string().rfind(".mask.png", 0) == 0;
    QCOMPARE(files, 0);
    // OpenCV sees the palette colours (index 0 -> TE red (205,51,51)), proving it is a real palette PNG.
    const cv::Mat bgr = cv::imread(p.string(), cv::IMREAD_COLOR);
    const cv::Point at = [&] {
      for (int y = 0; y < idx.rows; ++y)
        for (int x = 0; x < idx.cols; ++x)
          if (idx.at<uchar>(y, x) == 0) return cv::Point(x, y);
      return cv::Point(-1, -1);
    }();
    QCOMPARE(bgr.at<cv::Vec3b>(at), cv::Vec3b(51, 51, 205));
  }

  void paletteIsPaddedToLargestIndex() {
    cv::Mat idx(4, 4, CV_8UC1, cv::Scalar(9));
    const fs::path p = fs::path(dir_) / "padded.png";
    writePalettePng(p, idx, {{1, 2, 3}});
    const IndexedImage back = readIndexedPng(p);
    QCOMPARE(back.palette.size(), std::size_t(10));
    QCOMPARE(back.palette[0], (Rgb{1, 2, 3}));
    QCOMPARE(int(back.indices.at<uchar>(3, 3)), 9);
  }

  void grayIndexMaskIsAccepted() {
    cv::Mat idx(6, 6, CV_8UC1);
    cv::randu(idx, 0, 5);
    const fs::path p = fs::path(dir_) / "gray.png";
    QVERIFY(cv::imwrite(p.string(), idx));
    const IndexedImage back = readIndexedPng(p);
    QVERIFY(back.palette.empty());
    QCOMPARE(cv::norm(back.indices, idx, cv::NORM_INF), 0.0);
  }

  void rgbAndDeepMasksAreRejected() {
    cv::Mat rgb(6, 6, CV_8UC3, cv::Scalar(1, 2, 3));
    const fs::path p = fs::path(dir_) / "rgb-mask.png";
    QVERIFY(cv::imwrite(p.string(), rgb));
    QString e = readError(p);
    QVERIFY2(e.startsWith(QString::fromStdString(p.string()) + ":"), qPrintable(e));
    QVERIFY2(e.contains("8-bit RGB") && e.contains("expected an 8-bit palette"), qPrintable(e));

    cv::Mat deep(6, 6, CV_16UC1, cv::Scalar(3));
    const fs::path q = fs::path(dir_) / "16bit-mask.png";
    QVERIFY(cv::imwrite(q.string(), deep));
    e = readError(q);
    QVERIFY2(e.contains("16-bit grayscale"), qPrintable(e));
  }

  void truncatedMaskIsRejected() {
    cv::Mat idx(40, 40, CV_8UC1);
    cv::randu(idx, 0, 5);
    const auto bytes = encodePalettePng(idx, luadScheme().palette());
    const fs::path p = fs::path(dir_) / "cut-mask.png";
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size() - 20));
    const QString e = readError(p);
    QVERIFY2(e.startsWith(QString::fromStdString(p.string()) + ":") && e.contains("truncated"), qPrintable(e));
  }

  // A tiny file whose header claims 100000 x 100000 pixels is refused from the header, before
  // libpng is asked for 10 GB (the limit is settable for real large masks).
  void hugeDimensionsAreRefusedBeforeDecoding() {
    cv::Mat idx(4, 4, CV_8UC1, cv::Scalar(1));
    std::vector<unsigned char> bytes = encodePalettePng(idx, luadScheme().palette());
    auto put32 = [&](std::size_t at, std::uint32_t v) {
      for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
    };
    put32(16, 100000);  // IHDR width, height
    put32(20, 100000);
    put32(29, static_cast<std::uint32_t>(crc32(0, bytes.data() + 12, 17)));  // IHDR type + data
    try {
      decodeIndexedPng(bytes.data(), bytes.size(), "huge.png");
      QFAIL("no InputError");
    } catch (const arml::InputError& e) {
      QCOMPARE(QString(e.what()),
               QString("huge.png: PNG image declares 100000x100000 = 10000000000 pixels, more than the limit of "
                       "268435456 (raise it with --max-image-pixels or ARML_MAX_IMAGE_PIXELS for a real image "
                       "this large)"));
    }
    const fs::path p = fs::path(dir_) / "small.png";
    writePalettePng(p, idx, luadScheme().palette());
    QCOMPARE(readIndexedPng(p, 16).indices.total(), std::size_t(16));
    try {
      readIndexedPng(p, 15);
      QFAIL("no InputError");
    } catch (const arml::InputError& e) {
      QVERIFY(QString(e.what()).startsWith(QString::fromStdString(p.string()) + ": mask is 4 x 4 pixels"));
    }
  }

  void decodingFromMemoryMatchesTheFile() {
    cv::Mat idx(19, 23, CV_8UC1);
    cv::randu(idx, 0, 5);
    const auto bytes = encodePalettePng(idx, luadScheme().palette());
    const IndexedImage image = decodeIndexedPng(bytes.data(), bytes.size(), "memory");
    QCOMPARE(cv::norm(image.indices, idx, cv::NORM_INF), 0.0);
    QCOMPARE(image.palette, luadScheme().palette());
    try {
      decodeIndexedPng(bytes.data(), 10, "memory");
      QFAIL("no InputError");
    } catch (const arml::InputError& e) {
      QVERIFY2(QString(e.what()).startsWith("memory: truncated PNG"), e.what());
    }
  }

  void realWsss4luadMasks() {
    ARML_REQUIRE_SHARED(val, "data/wsss4luad/val/mask");
    const Palette expected = wsss4luadScheme().palette();
    int files = 0;
    for (const char* split : {"val", "test"}) {
      const fs::path dir = fs::path(arml::test::sharedDir()) / "data/wsss4luad" / split;
      for (const auto& e : fs::directory_iterator(dir / "mask")) {
        const IndexedImage m = readIndexedPng(e.path());
        QVERIFY(m.palette.size() >= 4);
        for (int i = 0; i < 4; ++i) QCOMPARE(m.palette[std::size_t(i)], expected[std::size_t(i)]);
        double lo, hi;
        cv::minMaxLoc(m.indices, &lo, &hi);
        QVERIFY2(hi <= 3, qPrintable(QString::fromStdString(e.path().string())));
        // The background-mask files are exactly mask == 3 (PROVENANCE.md).
        const cv::Mat bg = readIndexMask(dir / "background-mask" / e.path().filename());
        QCOMPARE(bg.size(), m.indices.size());
        cv::Mat is3 = (m.indices == 3) / 255;
        QCOMPARE(cv::norm(bg, is3, cv::NORM_INF), 0.0);
        ++files;
      }
    }
    QCOMPARE(files, 31 + 59);
  }
};

QTEST_APPLESS_MAIN(TestPalettePng)
#include "test_palette_png.moc"
