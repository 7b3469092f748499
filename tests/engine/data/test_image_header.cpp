// Images are checked against the pixel limit by the size their header declares, before decoding:
// a 30000 x 30000 PNG of a few bytes is refused naming the file; the limit is settable.
#include <QtTest>

#include <chrono>
#include <functional>
#include <opencv2/imgcodecs.hpp>

#include "core/errors.h"
#include "core/image_limits.h"
#include "data/image_header.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "handmade_png.h"
#include "test_paths.h"

class TestImageHeader : public QObject {
  Q_OBJECT

  static std::string refusal(const std::function<void()>& read) {
    try {
      read();
    } catch (const arml::InputError& e) {
      return e.what();
    }
    return {};
  }

private Q_SLOTS:
  void readsDeclaredSizes() {
    const std::string dir = arml::test::scratchDir("image_header");
    const cv::Mat img(37, 53, CV_8UC3, cv::Scalar(10, 20, 30));
    for (const char* ext : {".png", ".jpg", ".bmp", ".tif"}) {
      std::vector<unsigned char> bytes;
      QVERIFY(cv::imencode(ext, img, bytes));
      const auto s = arml::data::declaredImageSize(bytes.data(), bytes.size());
      QVERIFY2(s.has_value(), ext);
      QCOMPARE(s->width, std::uint64_t(53));
      QCOMPARE(s->height, std::uint64_t(37));
    }
    const unsigned char text[] = "not an image at all";
    QVERIFY(!arml::data::declaredImageSize(text, sizeof text).has_value());
  }

  void bombIsRefusedBeforeDecoding() {
    const std::string dir = arml::test::scratchDir("image_header_bomb");
    const QString path = QString::fromStdString(dir) + "/bomb.png";
    const QByteArray bytes = arml::test::bombPng(30000, 30000);
    QVERIFY(bytes.size() < 200);
    QVERIFY(arml::test::writeBytes(path, bytes));
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& read : std::vector<std::function<void()>>{
             [&] { arml::data::readRgbImage(path.toStdString()); },
             [&] { arml::data::readImageSize(path.toStdString()); },
             [&] { arml::data::readIndexMask(path.toStdString()); }}) {
      const std::string m = refusal(read);
      QVERIFY2(m.find("bomb.png") != std::string::npos && m.find("30000x30000") != std::string::npos &&
                   m.find("limit") != std::string::npos,
               m.c_str());
    }
    QVERIFY(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));  // nothing decoded

    // Raised limit: the header is accepted and the (short) pixel data is what fails.
    arml::setMaxImagePixels(30000ULL * 30000ULL);
    const std::string m = refusal([&] { arml::data::readImageSize(path.toStdString()); });
    arml::setMaxImagePixels(0);
    QVERIFY2(m.empty(), m.c_str());
    QCOMPARE(arml::maxImagePixels(), arml::kDefaultMaxImagePixels);
    QVERIFY(arml::imageSizeProblem(16384, 16384).empty());
    QVERIFY(!arml::imageSizeProblem(30000, 30000).empty());
  }

  void emptyFileIsAProblem() {
    const std::string dir = arml::test::scratchDir("image_header_empty");
    QVERIFY(arml::test::writeBytes(QString::fromStdString(dir) + "/empty.png", QByteArray()));
    const std::string m = refusal([&] { arml::data::readImageSize(dir + "/empty.png"); });
    QVERIFY2(m.find("empty.png: empty file") != std::string::npos, m.c_str());
  }
};

QTEST_APPLESS_MAIN(TestImageHeader)
#include "test_image_header.moc"
