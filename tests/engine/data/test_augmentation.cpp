#include <QtTest>

#include <cmath>

#include <opencv2/core.hpp>

#include "data/augmentation.h"

using namespace arml::data;

class TestAugmentation : public QObject {
  Q_OBJECT

  static cv::Mat randomImage(int seed, int h = 24, int w = 32) {
    cv::Mat m(h, w, CV_8UC3);
    cv::RNG rng(seed);
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
  }

private Q_SLOTS:
  void seedsAreReproducibleAndDistinct() {
    QCOMPARE(sampleSeed(1, 2, 3), sampleSeed(1, 2, 3));
    QVERIFY(sampleSeed(1, 2, 3) != sampleSeed(1, 2, 4));
    QVERIFY(sampleSeed(1, 2, 3) != sampleSeed(1, 3, 3));
    QVERIFY(sampleSeed(1, 2, 3) != sampleSeed(2, 2, 3));
    AugmentRng a(sampleSeed(7, 0, 0)), b(sampleSeed(7, 0, 0));
    const Stage1Params pa = drawStage1Params(a), pb = drawStage1Params(b);
    QCOMPARE(pa.sigma, pb.sigma);
    QCOMPARE(pa.brightness, pb.brightness);
  }

  void parameterRanges() {
    int hflips = 0, vflips = 0, brightFirst = 0, blurs = 0;
    const int n = 4000;
    for (int i = 0; i < n; ++i) {
      AugmentRng rng(sampleSeed(3, 0, std::uint64_t(i)));
      const Stage1Params p = drawStage1Params(rng);
      QVERIFY(p.sigma >= 0.1 && p.sigma < 2.0);
      QVERIFY(p.brightness >= 0.5 && p.brightness < 1.5);
      QVERIFY(p.contrast >= 0.5 && p.contrast < 1.5);
      hflips += p.hflip;
      vflips += p.vflip;
      brightFirst += p.brightnessFirst;
      AugmentRng rng2(sampleSeed(3, 1, std::uint64_t(i)));
      const Stage2Params q = drawStage2Params(rng2);
      QVERIFY(q.radius >= 0.0 && q.radius < 1.0);
      blurs += q.blur;
    }
    for (int count : {hflips, vflips, brightFirst, blurs}) QVERIFY2(std::abs(count - n / 2) < 200, qPrintable(QString::number(count)));
  }

  void brightnessIsPilBlendWithBlack() {
    cv::Mat m(1, 2, CV_8UC3, cv::Scalar(255, 100, 3));
    pilAdjustBrightness(m, 0.5);
    QCOMPARE(m.at<cv::Vec3b>(0, 0), cv::Vec3b(127, 50, 1));  // truncated, not rounded
    cv::Mat n(1, 1, CV_8UC3, cv::Scalar(200, 100, 0));
    pilAdjustBrightness(n, 1.4);
    QCOMPARE(n.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 140, 0));  // clipped
  }

  void contrastBlendsWithRoundedGrayMean() {
    // Two pixels: L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16.
    cv::Mat m(1, 2, CV_8UC3);
    m.at<cv::Vec3b>(0, 0) = cv::Vec3b(10, 20, 30);    // L = 18
    m.at<cv::Vec3b>(0, 1) = cv::Vec3b(200, 180, 90);  // L = 176
    // mean 97
    pilAdjustContrast(m, 1.5);
    // 97 + 1.5 (10 - 97) = -33.5 -> 0; 97 + 1.5 (20 - 97) = -18.5 -> 0; 97 + 1.5 (30 - 97) = -3.5 -> 0
    QCOMPARE(m.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 0));
    // 97 + 1.5·103 = 251.5 -> 251; 97 + 1.5·83 = 221.5 -> 221; 97 + 1.5·(−7) = 86.5 -> 86
    QCOMPARE(m.at<cv::Vec3b>(0, 1), cv::Vec3b(251, 221, 86));
    cv::Mat c(3, 3, CV_8UC3, cv::Scalar(40, 50, 60));
    pilAdjustContrast(c, 0.0);
    const int l = (19595 * 40 + 38470 * 50 + 7471 * 60 + 0x8000) >> 16;
    QCOMPARE(c.at<cv::Vec3b>(1, 1), cv::Vec3b(uchar(l), uchar(l), uchar(l)));
  }

  void torchvisionBlurKernel() {
    // An impulse reproduces the normalised 3×3 kernel (float32, x = -1, 0, 1).
    cv::Mat m(5, 5, CV_8UC1, cv::Scalar(0));
    m.at<uchar>(2, 2) = 200;
    const double sigma = 0.8;
    const cv::Mat out = torchvisionGaussianBlur3(m, sigma);
    const double e = std::exp(-0.5 / (sigma * sigma)), s = 1 + 2 * e;
    QCOMPARE(int(out.at<uchar>(2, 2)), int(std::nearbyint(200 / (s * s))));
    QCOMPARE(int(out.at<uchar>(2, 1)), int(std::nearbyint(200 * e / (s * s))));
    QCOMPARE(int(out.at<uchar>(1, 1)), int(std::nearbyint(200 * e * e / (s * s))));
    QCOMPARE(int(out.at<uchar>(0, 0)), 0);
    // Reflect padding (not replicate): a border impulse gets its mirrored neighbour twice.
    cv::Mat edge(3, 3, CV_8UC1, cv::Scalar(0));
    edge.at<uchar>(1, 1) = 90;
    const cv::Mat eo = torchvisionGaussianBlur3(edge, sigma);
    QCOMPARE(int(eo.at<uchar>(0, 1)), int(std::nearbyint(90 * 2 * e / (s * s))));
    const cv::Mat flat(6, 6, CV_8UC3, cv::Scalar(17, 130, 250));
    QCOMPARE(cv::norm(torchvisionGaussianBlur3(flat, 1.7), flat, cv::NORM_INF), 0.0);
  }

  void pilBlur() {
    const cv::Mat img = randomImage(5);
    QCOMPARE(cv::norm(pilGaussianBlur(img, 0.0), img, cv::NORM_INF), 0.0);  // radius 0: identity
    const cv::Mat flat(9, 9, CV_8UC3, cv::Scalar(3, 128, 251));
    QCOMPARE(cv::norm(pilGaussianBlur(flat, 0.9), flat, cv::NORM_INF), 0.0);
    cv::Mat imp(15, 15, CV_8UC1, cv::Scalar(0));
    imp.at<uchar>(7, 7) = 255;
    const cv::Mat a = pilGaussianBlur(imp, 0.5), b = pilGaussianBlur(imp, 1.0);
    QVERIFY(a.at<uchar>(7, 7) > b.at<uchar>(7, 7));    // a larger radius spreads more
    QVERIFY(a.at<uchar>(7, 7) < 255);
    QCOMPARE(a.at<uchar>(7, 6), a.at<uchar>(7, 8));    // symmetric
    QCOMPARE(b.at<uchar>(6, 7), b.at<uchar>(7, 6));
    QVERIFY(std::abs(cv::sum(b)[0] - 255) < 30);       // mass kept up to rounding
  }

  void stage1IsDeterministicAndChangesTheImage() {
    const cv::Mat img = randomImage(9);
    cv::Mat a = img.clone(), b = img.clone();
    AugmentRng ra(sampleSeed(1, 0, 5)), rb(sampleSeed(1, 0, 5));
    augmentStage1(a, ra);
    augmentStage1(b, rb);
    QCOMPARE(cv::norm(a, b, cv::NORM_INF), 0.0);
    QVERIFY(cv::norm(a, img, cv::NORM_INF) > 0);
    QCOMPARE(a.size(), img.size());
  }

  void stage1FollowsItsParameters() {
    const cv::Mat img = randomImage(11);
    Stage1Params p;
    p.hflip = true;
    p.vflip = true;
    p.sigma = 0.5;
    p.brightness = 1.2;
    p.contrast = 0.7;
    p.brightnessFirst = false;
    cv::Mat got = img.clone();
    applyStage1(got, p);
    cv::Mat want;
    cv::flip(img, want, 1);
    want = torchvisionGaussianBlur3(want, 0.5);
    cv::flip(want, want, 0);
    pilAdjustContrast(want, 0.7);
    pilAdjustBrightness(want, 1.2);
    QCOMPARE(cv::norm(got, want, cv::NORM_INF), 0.0);
  }

  void stage2FlipsMasksButNeverBlursThem() {
    const cv::Mat img = randomImage(13);
    cv::Mat mask(img.size(), CV_8UC1);
    cv::randu(mask, 0, 5);
    Stage2Params p;
    p.hflip = true;
    p.blur = true;
    p.radius = 0.8;
    cv::Mat im = img.clone(), m = mask.clone();
    applyStage2(im, {&m}, p);
    cv::Mat flipped;
    cv::flip(mask, flipped, 1);
    QCOMPARE(cv::norm(m, flipped, cv::NORM_INF), 0.0);
    cv::Mat wantImg;
    cv::flip(img, wantImg, 1);
    QCOMPARE(cv::norm(im, pilGaussianBlur(wantImg, 0.8), cv::NORM_INF), 0.0);
    p.hflip = false;
    p.blur = false;
    cv::Mat im2 = img.clone(), m2 = mask.clone();
    applyStage2(im2, {&m2}, p);
    QCOMPARE(cv::norm(im2, img, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(m2, mask, cv::NORM_INF), 0.0);
  }
};

QTEST_APPLESS_MAIN(TestAugmentation)
#include "test_augmentation.moc"
