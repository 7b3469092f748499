#include <QtTest>

#include <filesystem>
#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/image_io.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

class TestImageIo : public QObject {
  Q_OBJECT

  std::string dir_;

  static QString readError(const fs::path& p) {
    try {
      readRgbImage(p);
    } catch (const arml::InputError& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }
  static std::vector<unsigned char> pngBytes(const fs::path& p) { return arml::readFileBytes(p); }
  static void writeBytes(const fs::path& p, const std::vector<unsigned char>& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
  }

private Q_SLOTS:
  void initTestCase() { dir_ = arml::test::scratchDir("data_image_io"); }

  void readsRgbOrder() {
    cv::Mat rgb(5, 7, CV_8UC3);
    cv::randu(rgb, 0, 256);
    rgb.at<cv::Vec3b>(0, 0) = cv::Vec3b(250, 10, 20);  // red in RGB
    const fs::path p = fs::path(dir_) / "rgb.png";
    writeRgbPng(p, rgb);
    const cv::Mat back = readRgbImage(p);
    QCOMPARE(back.type(), CV_8UC3);
    QCOMPARE(back.size(), rgb.size());
    QCOMPARE(cv::norm(back, rgb, cv::NORM_INF), 0.0);
    QCOMPARE(back.at<cv::Vec3b>(0, 0)[0], uchar(250));
    // OpenCV's imread gives BGR: the channel order really was swapped.
    QCOMPARE(cv::imread(p.string()).at<cv::Vec3b>(0, 0)[2], uchar(250));
    QCOMPARE(readImageSize(p), cv::Size(7, 5));
  }

  void grayAndAlphaBecomeRgb() {
    cv::Mat gray(4, 4, CV_8UC1, cv::Scalar(77));
    const fs::path p = fs::path(dir_) / "gray.png";
    QVERIFY(cv::imwrite(p.string(), gray));
    const cv::Mat back = readRgbImage(p);
    QCOMPARE(back.type(), CV_8UC3);
    QCOMPARE(back.at<cv::Vec3b>(2, 2), cv::Vec3b(77, 77, 77));
    cv::Mat bgra(4, 4, CV_8UC4, cv::Scalar(1, 2, 3, 0));
    const fs::path q = fs::path(dir_) / "alpha.png";
    QVERIFY(cv::imwrite(q.string(), bgra));
    QCOMPARE(readRgbImage(q).at<cv::Vec3b>(0, 0), cv::Vec3b(3, 2, 1));
  }

  void truncatedPngIsRejected() {
    cv::Mat rgb(64, 64, CV_8UC3);
    cv::randu(rgb, 0, 256);
    const fs::path good = fs::path(dir_) / "good.png";
    writeRgbPng(good, rgb);
    const auto bytes = pngBytes(good);
    // Cut inside the image data, just before IEND, and inside IEND.
    for (std::size_t keep : {bytes.size() / 2, bytes.size() - 12, bytes.size() - 3, std::size_t(20)}) {
      const fs::path p = fs::path(dir_) / ("truncated-" + std::to_string(keep) + ".png");
      writeBytes(p, std::vector<unsigned char>(bytes.begin(), bytes.begin() + long(keep)));
      const QString e = readError(p);
      QVERIFY2(e.startsWith(QString::fromStdString(p.string()) + ":"), qPrintable(e));
      QVERIFY2(e.contains("truncated"), qPrintable(e));
    }
  }

  void corruptPngIsRejected() {
    cv::Mat rgb(32, 32, CV_8UC3);
    cv::randu(rgb, 0, 256);
    const fs::path good = fs::path(dir_) / "good2.png";
    writeRgbPng(good, rgb);
    auto bytes = pngBytes(good);
    bytes[bytes.size() / 2] ^= 0x5a;  // a bit flip inside IDAT
    const fs::path p = fs::path(dir_) / "corrupt.png";
    writeBytes(p, bytes);
    const QString e = readError(p);
    QVERIFY2(e.startsWith(QString::fromStdString(p.string()) + ":"), qPrintable(e));
    QVERIFY2(e.contains("corrupt"), qPrintable(e));
  }

  void notAnImage() {
    const fs::path text = fs::path(dir_) / "notes.png";
    std::ofstream(text) << "this is not a picture\n";
    QString e = readError(text);
    QVERIFY2(e.startsWith(QString::fromStdString(text.string()) + ":"), qPrintable(e));
    QVERIFY2(e.contains("not a readable image"), qPrintable(e));

    const fs::path empty = fs::path(dir_) / "empty.png";
    std::ofstream{empty};
    QVERIFY(readError(empty).contains("empty file"));

    const fs::path missing = fs::path(dir_) / "missing.png";
    QVERIFY(readError(missing).startsWith(QString::fromStdString(missing.string())));
  }

  void truncatedJpegIsRejected() {
    cv::Mat bgr(64, 64, CV_8UC3);
    cv::randu(bgr, 0, 256);
    std::vector<unsigned char> jpg;
    QVERIFY(cv::imencode(".jpg", bgr, jpg));
    const fs::path ok = fs::path(dir_) / "ok.jpg";
    writeBytes(ok, jpg);
    QCOMPARE(readRgbImage(ok).size(), cv::Size(64, 64));
    const fs::path p = fs::path(dir_) / "cut.jpg";
    writeBytes(p, std::vector<unsigned char>(jpg.begin(), jpg.begin() + long(jpg.size() * 2 / 3)));
    QVERIFY(readError(p).contains("truncated JPEG"));
  }

  void realImageReads() {
    ARML_REQUIRE_SHARED(img, "data/wsss4luad/val/img/00.png");
    const cv::Mat m = readRgbImage(img);
    QCOMPARE(m.size(), cv::Size(266, 273));
    QCOMPARE(readImageSize(img), cv::Size(266, 273));
  }
};

QTEST_APPLESS_MAIN(TestImageIo)
#include "test_image_io.moc"
