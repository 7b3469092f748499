#include <QtTest>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "cam/cam_evaluation.h"
#include "cam/cam_model.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "models/state_dict.h"
#include "test_paths.h"

namespace {
// 1×K×h×w maps where class c is high in column band c.
at::Tensor bandMaps(int classes, int h, int w) {
  at::Tensor maps = torch::zeros({1, classes, h, w});
  for (int c = 0; c < classes; ++c) maps.index_put_({0, c, torch::indexing::Slice(), c}, 5.0 + c);
  return maps;
}
}  // namespace

class TestCamEvaluation : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void absentClassesAreNeverPredictedWhereAnotherScores() {
    const at::Tensor maps = bandMaps(4, 4, 4);
    const at::Tensor logits = torch::tensor({{3.0f, -3.0f, 3.0f, -3.0f}});  // classes 0 and 2 present
    const at::Tensor labels = arml::cam::camLabelMap(maps, logits, 4, 4);
    QVERIFY(labels.defined());
    QCOMPARE(labels.size(0), int64_t(4));
    // Column 2 belongs to class 2 (present); column 1 and 3 (absent classes) fall back to index 0,
    // the first index among the all-zero scores, as the reference argmax does.
    QCOMPARE(labels[0][2].item<int>(), 2);
    QCOMPARE(labels[0][1].item<int>(), 0);
    QCOMPARE(labels[0][3].item<int>(), 0);
    QVERIFY((labels == 1).sum().item<int64_t>() == 0);
    QVERIFY((labels == 3).sum().item<int64_t>() == 0);
  }

  void thresholdIsOnTheSigmoidAtPointTwoFive() {
    const at::Tensor maps = bandMaps(2, 2, 2);
    const double justBelow = std::log(0.25 / 0.75) - 1e-3, justAbove = std::log(0.25 / 0.75) + 1e-3;
    QVERIFY(!arml::cam::camLabelMap(maps, torch::tensor({{float(justBelow), float(justBelow)}}), 2, 2).defined());
    const at::Tensor labels = arml::cam::camLabelMap(maps, torch::tensor({{float(justBelow), float(justAbove)}}), 2, 2);
    QVERIFY(labels.defined());
    QCOMPARE(labels[0][1].item<int>(), 1);
  }

  void upsamplesToTheImageSize() {
    const at::Tensor labels = arml::cam::camLabelMap(bandMaps(3, 7, 5), torch::ones({1, 3}), 50, 37);
    QCOMPARE(labels.sizes().vec(), (std::vector<int64_t>{50, 37}));
    QCOMPARE(labels.scalar_type(), torch::kUInt8);
  }

  void scoresASplitWithTheFixtureNetwork() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/resnet38d_w8.pt");
    const arml::cam::CamModel model = [&] {
      auto weights = arml::models::loadStateDict(fixture);
      return arml::cam::camModelFromStateDict(weights);
    }();
    // Two small patches from random colours with masks that use every index incl. background 4.
    const std::string dir = arml::test::scratchDir("cam-eval");
    std::vector<arml::data::MaskedItem> items;
    cv::RNG rng(7);
    for (int i = 0; i < 2; ++i) {
      cv::Mat image(40, 48, CV_8UC3), mask(40, 48, CV_8UC1);
      rng.fill(image, cv::RNG::UNIFORM, 0, 255);
      for (int y = 0; y < mask.rows; ++y)
        for (int x = 0; x < mask.cols; ++x) mask.at<uchar>(y, x) = uchar((x / 10) % 5);
      const std::string img = dir + "/" + std::to_string(i) + ".png", msk = dir + "/m" + std::to_string(i) + ".png";
      arml::data::writeRgbPng(img, image);
      arml::data::writePalettePng(msk, mask, arml::data::luadScheme().palette());
      items.push_back({img, msk, {}});
    }
    arml::CancelToken cancel;
    arml::EventSink events;
    auto mutableModel = model;
    const arml::cam::CamEvaluation result =
        arml::cam::evaluateCams(mutableModel, items, arml::data::luadScheme(), cancel, events);
    QCOMPARE(result.images + result.skippedNoPrediction, 2);
    // Every pixel whose GT is a tissue class (x/10 % 5 < 4: columns 0..39) of the scored images counts.
    QCOMPARE(result.report.confusion.total(), int64_t(result.images) * 40 * 40);
  }
};

QTEST_APPLESS_MAIN(TestCamEvaluation)
#include "test_cam_evaluation.moc"
