#include <QtTest>

#include <filesystem>

#include <opencv2/core.hpp>

#include "core/cancel_token.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "data/synthetic_dataset.h"
#include "data/white_background.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

class TestSyntheticDataset : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void patchIsAPureFunctionOfItsSeed() {
    const SyntheticPatch a = makeSyntheticPatch(42, 64), b = makeSyntheticPatch(42, 64), c = makeSyntheticPatch(43, 64);
    QCOMPARE(a.image.type(), CV_8UC3);
    QCOMPARE(a.mask.size(), cv::Size(64, 64));
    QCOMPARE(cv::norm(a.image, b.image, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(a.mask, b.mask, cv::NORM_INF), 0.0);
    QVERIFY(cv::norm(a.image, c.image, cv::NORM_INF) > 0);
  }

  void writtenSetHasExactMasksAndLabels() {
    const fs::path root = arml::test::scratchDir("data_synthetic");
    SyntheticOptions o;
    o.train = 40;
    o.val = 4;
    o.test = 3;
    o.patchSize = 96;
    o.seed = 11;
    const SyntheticSummary s = writeSyntheticDataset(root, o, arml::CancelToken());
    QCOMPARE(s.train, 40);
    const Dataset d = Dataset::open(root);
    QCOMPARE(int(d.kind()), int(DatasetKind::Luad));
    QCOMPARE(d.train().size(), std::size_t(40));
    QCOMPARE(d.masked("val").size(), std::size_t(4));
    QCOMPARE(d.masked("test").size(), std::size_t(3));
    std::vector<int> byCount(5, 0), perClass(4, 0);
    int withBackground = 0;
    for (const LabelledItem& item : d.train()) {
      // The label in the name is exactly the set of classes in its mask.
      const IndexedImage m = readIndexedPng(root / "train_mask" / item.image.filename());
      QCOMPARE(m.palette, luadScheme().palette());
      std::vector<int> present(4, 0);
      for (int c = 0; c < 4; ++c) present[std::size_t(c)] = cv::countNonZero(m.indices == c) > 0;
      QCOMPARE(item.label, present);
      const int n = present[0] + present[1] + present[2] + present[3];
      ++byCount[std::size_t(n)];
      for (int c = 0; c < 4; ++c) perClass[std::size_t(c)] += present[std::size_t(c)];
      // White background of the image (spec §1.3) matches the mask's background regions.
      const cv::Mat img = readRgbImage(item.image);
      QCOMPARE(img.size(), cv::Size(96, 96));
      const cv::Mat bgTruth = m.indices == 4, bgFound = whiteBackgroundMask(img) > 0;
      if (cv::countNonZero(bgTruth) > 0) {
        ++withBackground;
        const double iou = double(cv::countNonZero(bgTruth & bgFound)) / cv::countNonZero(bgTruth | bgFound);
        QVERIFY2(iou > 0.85, qPrintable(QString("%1: background IoU %2").arg(item.image.c_str()).arg(iou)));
      } else {
        QVERIFY(cv::countNonZero(bgFound) < 50);  // tissue is never white
      }
    }
    QCOMPARE(byCount[0], 0);
    QVERIFY(byCount[1] > 0);
    QVERIFY(byCount[2] + byCount[3] > 0);
    for (int c = 0; c < 4; ++c) QVERIFY(perClass[std::size_t(c)] > 0);
    QVERIFY(withBackground > 0 && withBackground < 40);
    // Val/test masks are palette PNGs of matching size with indices 0..4.
    for (const MaskedItem& item : d.masked("val")) {
      const MaskedSample sample = loadMaskedSample(item);
      double hi;
      cv::minMaxLoc(sample.mask, nullptr, &hi);
      QVERIFY(hi <= 4);
    }
  }

  void classesLookDifferent() {
    // Mean colour per class over many patches: every pair of classes differs clearly.
    std::vector<cv::Vec3d> sum(5, cv::Vec3d(0, 0, 0));
    std::vector<double> count(5, 0);
    for (int i = 0; i < 24; ++i) {
      const SyntheticPatch p = makeSyntheticPatch(std::uint64_t(100 + i), 64);
      for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
          const int c = p.mask.at<uchar>(y, x);
          const cv::Vec3b v = p.image.at<cv::Vec3b>(y, x);
          sum[std::size_t(c)] += cv::Vec3d(v[0], v[1], v[2]);
          ++count[std::size_t(c)];
        }
    }
    for (int a = 0; a < 5; ++a)
      for (int b = a + 1; b < 5; ++b) {
        if (count[std::size_t(a)] == 0 || count[std::size_t(b)] == 0) continue;
        const cv::Vec3d d = sum[std::size_t(a)] / count[std::size_t(a)] - sum[std::size_t(b)] / count[std::size_t(b)];
        QVERIFY2(cv::norm(d) > 8, qPrintable(QString("classes %1 and %2 differ by %3").arg(a).arg(b).arg(cv::norm(d))));
      }
  }
};

QTEST_APPLESS_MAIN(TestSyntheticDataset)
#include "test_synthetic_dataset.moc"
