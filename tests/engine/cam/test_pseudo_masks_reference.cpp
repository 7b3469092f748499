// Grad-CAM at b4_5 / b5_2 / bn7 and the pseudo masks against the reference (gradcam_pm_w8.pt and
// the pm_*.png files written by the reference create_pseudo_mask), spec §3.
#include <QtTest>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "cam/cam_model.h"
#include "cam/class_maps.h"
#include "cam/grad_cam.h"
#include "cam/pseudo_mask.h"
#include "data/palette_png.h"
#include "data/white_background.h"
#include "fixture_io.h"
#include "models/state_dict.h"
#include "test_paths.h"

using namespace arml::cam;

namespace {

struct Reference {
  c10::impl::GenericDict d{c10::StringType::get(), c10::AnyType::get()};
  cv::Mat image;     // RGB 224×224
  at::Tensor input;  // 1×3×224×224 in [0,1]
};

Reference loadReference(const std::string& path) {
  Reference r;
  r.d = arml::test::loadFixtureDict(path);
  const at::Tensor hwc = r.d.at("image_uint8_hwc").toTensor().contiguous();
  r.image = cv::Mat(224, 224, CV_8UC3, hwc.data_ptr<uint8_t>()).clone();
  r.input = hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat).div(255).contiguous();
  return r;
}

std::vector<int> labelOf(const at::Tensor& t) {
  std::vector<int> l;
  for (int64_t i = 0; i < t.numel(); ++i) l.push_back(static_cast<int>(t[i].item<int64_t>()));
  return l;
}

at::Tensor toTensor(const cv::Mat& m) {
  return torch::from_blob(const_cast<uint8_t*>(m.ptr<uint8_t>()), {m.rows, m.cols}, torch::kByte).clone();
}

// Pixels where `mine` and `ref` differ; each must be a near-tie of my own scores: the score of the
// reference's class is within `margin` of the score of mine.
int64_t checkNearTies(const cv::Mat& mine, const at::Tensor& ref, const at::Tensor& norm, const std::vector<int>& label,
                      const cv::Mat& white, double margin, QString& why) {
  int64_t differing = 0;
  const auto r = ref.contiguous();
  for (int y = 0; y < mine.rows; ++y)
    for (int x = 0; x < mine.cols; ++x) {
      const int a = mine.at<uint8_t>(y, x), b = r[y][x].item<uint8_t>();
      if (a == b) continue;
      ++differing;
      auto score = [&](int c) -> double {
        if (c == 4) return (!white.empty() && white.at<uint8_t>(y, x)) ? kWhiteBackgroundScore : 0.0;
        return label[c] ? norm[c][y][x].item<double>() : 0.0;
      };
      if (std::fabs(score(a) - score(b)) > margin)
        why = QString("pixel (%1,%2): mine %3 ref %4, scores %5 vs %6").arg(y).arg(x).arg(a).arg(b)
                  .arg(score(a)).arg(score(b));
    }
  return differing;
}

}  // namespace

class TestPseudoMasksReference : public QObject {
  Q_OBJECT

  Reference ref_;
  CamModel model_;
  GradCamMaps cams_;
  bool ready_ = false;

private Q_SLOTS:
  void initTestCase() {
    const std::string weights = arml::test::sharedPath("fixtures/arml-reference/resnet38d_w8.pt");
    const std::string fixture = arml::test::sharedPath("fixtures/arml-reference/gradcam_pm_w8.pt");
    if (weights.empty() || fixture.empty()) return;
    torch::manual_seed(0);
    model_ = camModelFromStateDict(arml::models::loadStateDict(weights));
    ref_ = loadReference(fixture);
    cams_ = computeGradCam(*model_.net, ref_.input, {CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7}, true);
    ready_ = true;
  }

  void modelIsTheW8Network() {
    if (!ready_) QSKIP("reference fixtures not found in ../shared/fixtures/arml-reference");
    QCOMPARE(model_.widthDivisor, 8);
    QCOMPARE(model_.classes, 4);
    QVERIFY(!model_.hasArs);
    QVERIFY(arml::test::absMaxError(cams_.logits, ref_.d.at("logits").toTensor()) <= 1e-5);
  }

  void gradCamMatchesReference() {
    if (!ready_) QSKIP("reference fixtures not found");
    const at::Tensor g28 = ref_.d.at("gradcam_28").toTensor();
    const at::Tensor raw = ref_.d.at("gradcam_raw").toTensor();
    const at::Tensor norm = ref_.d.at("gradcam_norm").toTensor();
    const CamLayer layers[] = {CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7};
    for (int i = 0; i < 3; ++i) {
      const CamLayer l = layers[i];
      const bool bn7 = l == CamLayer::Bn7;
      const double relTol = bn7 ? 5e-5 : 2e-3, absTol = bn7 ? 1e-4 : 2e-3;
      const at::Tensor mine = cams_.map(l);
      const double e28 = arml::test::relativeMaxError(mine[0], g28[i]);
      const at::Tensor up = upsampleMaps(mine, 224, 224);
      const double eRaw = arml::test::relativeMaxError(up[0], raw[i]);
      const double eNorm = arml::test::absMaxError(normalizeGlobal(up)[0], norm[i]);
      const double eAlpha =
          arml::test::relativeMaxError(cams_.alphaOf(l)[0], ref_.d.at("alpha_" + layerName(l)).toTensor());
      qInfo("%s: gradcam_28 %.2e, raw %.2e (relative), norm %.2e (abs), alpha %.2e", layerName(l).c_str(), e28, eRaw,
            eNorm, eAlpha);
      QVERIFY2(e28 <= relTol, qPrintable(QString::fromStdString(layerName(l))));
      QVERIFY2(eRaw <= relTol, qPrintable(QString::fromStdString(layerName(l))));
      QVERIFY2(eNorm <= absTol, qPrintable(QString::fromStdString(layerName(l))));
      QVERIFY2(eAlpha <= relTol, qPrintable(QString::fromStdString(layerName(l))));
    }
  }

  void whiteMaskMatchesReference() {
    if (!ready_) QSKIP("reference fixtures not found");
    const cv::Mat white = arml::data::whiteBackgroundMask(ref_.image);
    QVERIFY(toTensor(white).gt(0).equal(ref_.d.at("white_mask").toTensor().gt(0)));
    QCOMPARE(cv::countNonZero(white), 9750);
  }

  void pseudoMasksMatchReference_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("labelKey");
    QTest::addColumn<bool>("useWhite");
    QTest::newRow("luad") << "pm_luad" << "label" << true;
    QTest::newRow("bcss") << "pm_bcss" << "label" << false;
    QTest::newRow("bcss single label") << "pm_bcss_single_label" << "single_label" << false;
  }

  void pseudoMasksMatchReference() {
    if (!ready_) QSKIP("reference fixtures not found");
    QFETCH(QString, key);
    QFETCH(QString, labelKey);
    QFETCH(bool, useWhite);
    const std::vector<int> label = labelOf(ref_.d.at(labelKey.toStdString()).toTensor());
    const cv::Mat white = useWhite ? arml::data::whiteBackgroundMask(ref_.image) : cv::Mat();
    const at::Tensor refMasks = ref_.d.at(key.toStdString()).toTensor();
    const CamLayer layers[] = {CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7};
    for (int i = 0; i < 3; ++i) {
      const at::Tensor up = upsampleMaps(cams_.map(layers[i]), 224, 224)[0];
      const cv::Mat mask = pseudoMaskFromGradCam(up, label, white);
      QString why;
      const auto norm = normalizeGlobal(up.unsqueeze(0))[0];
      const int64_t diff = checkNearTies(mask, refMasks[i], norm, label, white, 1e-3, why);
      qInfo("%s %s: %lld pixels differ", qPrintable(key), layerName(layers[i]).c_str(), (long long)diff);
      if (layers[i] == CamLayer::Bn7) {
        QCOMPARE(diff, int64_t(0));
      } else {
        QVERIFY2(diff <= 50, qPrintable(key));
        QVERIFY2(why.isEmpty(), qPrintable(why));
      }
    }
  }

  // The bn7 class areas quoted in the fixture README, and the single-label quirk (one pixel of class
  // 0 at the global minimum) reproduced, not "fixed".
  void referenceAreasAndQuirk() {
    if (!ready_) QSKIP("reference fixtures not found");
    const at::Tensor up = upsampleMaps(cams_.map(CamLayer::Bn7), 224, 224)[0];
    const cv::Mat luad = pseudoMaskFromGradCam(up, {1, 0, 1, 1}, arml::data::whiteBackgroundMask(ref_.image));
    QCOMPARE(maskClassAreas(luad, 4), (std::vector<long long>{38680, 0, 89, 1657, 9750}));
    const cv::Mat single = pseudoMaskFromGradCam(up, {0, 0, 1, 0}, cv::Mat());
    const auto areas = maskClassAreas(single, 4);
    QCOMPARE(areas[0], 1LL);
    QCOMPARE(areas[2], 224LL * 224 - 1);
  }

  // The reference PNG files: their indices are the fixture masks, and a mask written by the engine
  // with the dataset palette reads back with the same indices and palette.
  void pngFilesMatch() {
    if (!ready_) QSKIP("reference fixtures not found");
    const std::string dir = arml::test::sharedPath("fixtures/arml-reference");
    const std::string scratch = arml::test::scratchDir("pm_png");
    const CamLayer layers[] = {CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7};
    for (const std::string ds : {"luad", "bcss"}) {
      const auto ints = ref_.d.at("palette_" + ds).toList();
      QCOMPARE(ints.size(), size_t(15));
      arml::data::Palette palette;
      for (size_t c = 0; c < 5; ++c)
        palette.push_back({static_cast<uint8_t>(ints.get(3 * c).toInt()), static_cast<uint8_t>(ints.get(3 * c + 1).toInt()),
                           static_cast<uint8_t>(ints.get(3 * c + 2).toInt())});
      const std::vector<int> label = labelOf(ref_.d.at("label").toTensor());
      const cv::Mat white = ds == "luad" ? arml::data::whiteBackgroundMask(ref_.image) : cv::Mat();
      for (int i = 0; i < 3; ++i) {
        const auto png = arml::data::readIndexedPng(dir + "/pm_" + ds + "_" + layerName(layers[i]) + ".png");
        QVERIFY(toTensor(png.indices).equal(ref_.d.at("pm_" + ds).toTensor()[i]));
        QVERIFY(png.palette.size() >= 5);
        for (int c = 0; c < 5; ++c) QVERIFY(png.palette[c] == palette[c]);
        if (layers[i] != CamLayer::Bn7) continue;
        const cv::Mat mine =
            pseudoMaskFromGradCam(upsampleMaps(cams_.map(layers[i]), 224, 224)[0], label, white);
        const std::string out = scratch + "/" + ds + ".png";
        arml::data::writePalettePng(out, mine, palette);
        const auto back = arml::data::readIndexedPng(out);
        QVERIFY(toTensor(back.indices).equal(toTensor(png.indices)));
        for (int c = 0; c < 5; ++c) QVERIFY(back.palette[c] == palette[c]);
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestPseudoMasksReference)
#include "test_pseudo_masks_reference.moc"
