// CAM views (plain, relocalized) against resnet38d_w8.pt / ars_w8.pt, batching, and the
// tensor-only rules: bilinear half-pixel resize, min-max guard, argmax ties, background score.
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "cam/cam_model.h"
#include "cam/class_activation.h"
#include "cam/class_maps.h"
#include "cam/grad_cam.h"
#include "cam/pseudo_mask.h"
#include "core/errors.h"
#include "fixture_io.h"
#include "models/checkpoint.h"
#include "models/state_dict.h"
#include "test_paths.h"

using namespace arml::cam;

class TestClassActivation : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void plainAndRelocalizedCamsMatchReference() {
    ARML_REQUIRE_SHARED(weights, "fixtures/arml-reference/resnet38d_w8.pt");
    ARML_REQUIRE_SHARED(ars, "fixtures/arml-reference/ars_w8.pt");
    const auto ref = arml::test::loadFixtureDict(weights);
    const auto refArs = arml::test::loadFixtureDict(ars);
    const at::Tensor input = ref.at("input").toTensor();

    CamModel plain = camModelFromStateDict(arml::models::loadStateDict(weights));
    const CamResult p = computeCams(*plain.net, input, CamMode::Plain);
    QVERIFY(arml::test::relativeMaxError(p.maps, ref.at("cam_plain").toTensor()) <= 5e-5);
    QVERIFY(arml::test::absMaxError(p.logits, ref.at("logits").toTensor()) <= 1e-5);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, computeCams(*plain.net, input, CamMode::Relocalized));

    // The full training checkpoint: backbone + amm.* + cca.* (γ = 0.7 here, so CCA is exercised).
    arml::models::StateDict full = arml::models::loadStateDict(weights);
    for (const auto& [name, t] : arml::models::loadStateDict(ars)) full.insert(name, t);
    CamModel reloc = camModelFromStateDict(full);
    QVERIFY(reloc.hasArs);
    const CamResult r = computeCams(*reloc.net, input, CamMode::Relocalized);
    const double err = arml::test::relativeMaxError(r.maps, refArs.at("cam_reloc").toTensor());
    qInfo("relocalized CAM: max error %.2e of max", err);
    QVERIFY(err <= 5e-5);
    QVERIFY(arml::test::absMaxError(r.logits, refArs.at("logits_reloc").toTensor()) <= 1e-4);
    // Relocalization changes the maps; the plain view of the same model does not use ARS.
    QVERIFY(arml::test::relativeMaxError(computeCams(*reloc.net, input, CamMode::Plain).maps, p.maps) <= 1e-6);
    QVERIFY(arml::test::relativeMaxError(r.maps, p.maps) > 1e-2);
  }

  // An ARML checkpoint states the CCA softmax axis it was trained with (meta.config.cca_softmax);
  // loading it for CAMs must build the CCA with that axis, or the relocalized CAMs are wrong.
  void checkpointMetadataSetsCcaSoftmaxAxis() {
    ARML_REQUIRE_SHARED(weights, "fixtures/arml-reference/resnet38d_w8.pt");
    ARML_REQUIRE_SHARED(ars, "fixtures/arml-reference/ars_w8.pt");
    const at::Tensor input = arml::test::loadFixtureDict(weights).at("input").toTensor();
    arml::models::Checkpoint ck;
    ck.model = arml::models::loadStateDict(weights);
    for (const auto& [name, t] : arml::models::loadStateDict(ars)) ck.model.insert(name, t);
    const std::string dir = arml::test::scratchDir("cam-model-meta");

    ck.meta = {{"config", {{"ars", "intended"}, {"cca_softmax", "keys"}}}};
    arml::models::saveCheckpoint(dir + "/keys.pt", ck);
    CamModel keys = loadCamModel(dir + "/keys.pt");
    QVERIFY(keys.arsMode == arml::models::ArsMode::Intended);
    QVERIFY(keys.ccaSoftmax == arml::models::CcaSoftmax::Keys);

    ck.meta = {{"config", {{"ars", "reference"}, {"cca_softmax", "query-rows"}}}};
    arml::models::saveCheckpoint(dir + "/rows.pt", ck);
    CamModel rows = loadCamModel(dir + "/rows.pt");
    QVERIFY(rows.ccaSoftmax == arml::models::CcaSoftmax::QueryRows);

    const at::Tensor rowsMaps = computeCams(*rows.net, input, CamMode::Relocalized).maps;
    const at::Tensor keysMaps = computeCams(*keys.net, input, CamMode::Relocalized).maps;
    QVERIFY(arml::test::relativeMaxError(keysMaps, rowsMaps) > 1e-3);  // the axis matters with γ = 0.7
    // The keys model equals a classifier built with the keys axis directly.
    arml::models::ClassifierOptions o;
    o.widthDivisor = 8;
    o.classes = keys.classes;
    o.ars = arml::models::ArsMode::Intended;
    o.ccaSoftmax = arml::models::CcaSoftmax::Keys;
    arml::models::Resnet38dClassifier direct(o);
    {
      torch::NoGradGuard noGrad;
      for (auto& item : direct->named_parameters())
        if (const at::Tensor* w = ck.model.find(item.key())) item.value().copy_(*w);
      for (auto& item : direct->named_buffers())
        if (const at::Tensor* w = ck.model.find(item.key())) item.value().copy_(*w);
    }
    direct->eval();
    QVERIFY(arml::test::relativeMaxError(computeCams(*direct, input, CamMode::Relocalized).maps, keysMaps) <= 1e-6);

    ck.meta = {{"config", {{"cca_softmax", "columns"}}}};
    arml::models::saveCheckpoint(dir + "/bad.pt", ck);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, loadCamModel(dir + "/bad.pt"));
  }

  // A batch of two gives the maps of each image computed alone (the per-class gradient of the summed
  // logit separates images because BatchNorm uses running statistics).
  void batchedGradCamEqualsSingleImages() {
    ARML_REQUIRE_SHARED(weights, "fixtures/arml-reference/resnet38d_w8.pt");
    const at::Tensor input = arml::test::loadFixtureDict(weights).at("input").toTensor();
    CamModel m = camModelFromStateDict(arml::models::loadStateDict(weights));
    const std::vector<CamLayer> layers{CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7};
    const GradCamMaps both = computeGradCam(*m.net, input, layers);
    for (int64_t i = 0; i < 2; ++i) {
      const GradCamMaps one = computeGradCam(*m.net, input.narrow(0, i, 1), layers);
      for (CamLayer l : layers) QVERIFY(arml::test::relativeMaxError(both.map(l)[i], one.map(l)[0]) <= 1e-5);
    }
    // bn7 Grad-CAM is the un-ReLU'd CAM over h·w, and its ReLU is the plain CAM.
    const at::Tensor plain = computeCams(*m.net, input, CamMode::Plain).maps;
    QVERIFY(arml::test::relativeMaxError(torch::relu(both.map(CamLayer::Bn7)) * 784, plain) <= 1e-5);
    m.net->train();
    QVERIFY_THROWS_EXCEPTION(arml::RuntimeFailure, computeGradCam(*m.net, input, layers));
  }

  void upsampleEqualsOpenCvLinear() {
    torch::manual_seed(3);
    const at::Tensor maps = torch::randn({1, 2, 28, 20});
    const at::Tensor up = upsampleMaps(maps, 224, 160);
    for (int c = 0; c < 2; ++c) {
      const at::Tensor m = maps[0][c].contiguous();
      cv::Mat src(28, 20, CV_32F, m.data_ptr<float>()), dst;
      cv::resize(src, dst, cv::Size(160, 224), 0, 0, cv::INTER_LINEAR);
      const at::Tensor cvUp = torch::from_blob(dst.data, {224, 160}, torch::kFloat);
      QVERIFY(arml::test::absMaxError(up[0][c], cvUp) <= 1e-5);
    }
  }

  void normalisationIsGlobalOrPerClassAndGuardsConstants() {
    const at::Tensor maps = torch::tensor({-2.f, 0.f, 1.f, 2.f, 4.f, 6.f, 6.f, 6.f}).view({1, 2, 2, 2});
    const at::Tensor g = normalizeGlobal(maps);
    QCOMPARE(g.min().item<float>(), 0.f);
    QCOMPARE(g.max().item<float>(), 1.f);
    QCOMPARE(g[0][0][0][1].item<float>(), 0.25f);  // (0 − (−2)) / 8
    const at::Tensor pc = normalizePerClass(maps);
    QCOMPARE(pc[0][0][0][1].item<float>(), 0.5f);  // (0 − (−2)) / 4 within class 0
    QCOMPARE(pc[0][1][1][1].item<float>(), 1.f);
    const at::Tensor constant = normalizePerClass(torch::full({1, 1, 2, 2}, 3.f));
    QVERIFY(!constant.isnan().any().item<bool>());
    QCOMPARE(constant.abs().sum().item<float>(), 0.f);
    QCOMPARE(normalizeGlobal(torch::full({1, 3, 4, 4}, -1.f)).abs().sum().item<float>(), 0.f);
  }

  void argmaxRules() {
    // 3 classes, 1×4 pixels. Normalised scores:
    const at::Tensor norm = torch::tensor({0.5f, 0.f, 1.f, 0.3f,    // class 0
                                           0.5f, 0.f, 0.9f, 0.9f,   // class 1
                                           0.2f, 0.f, 1.f, 0.95f})  // class 2 (absent below)
                                .view({3, 1, 4});
    const std::vector<int> label{1, 1, 0};
    cv::Mat white = (cv::Mat_<uint8_t>(1, 4) << 0, 0, 1, 0);
    const cv::Mat m = pseudoMaskFromNormalized(norm, label, white);
    QCOMPARE(int(m.at<uint8_t>(0, 0)), 0);  // tie 0.5 / 0.5: first index
    QCOMPARE(int(m.at<uint8_t>(0, 1)), 0);  // all zero: first index, even if it were absent
    QCOMPARE(int(m.at<uint8_t>(0, 2)), 3);  // white beats a normalised 1.0
    QCOMPARE(int(m.at<uint8_t>(0, 3)), 1);  // absent class 2 scores 0
    const cv::Mat noBg = pseudoMaskFromNormalized(norm, label, cv::Mat());
    QCOMPARE(int(noBg.at<uint8_t>(0, 2)), 0);
    const cv::Mat absentFirst = pseudoMaskFromNormalized(norm, {0, 0, 1}, cv::Mat());
    QCOMPARE(int(absentFirst.at<uint8_t>(0, 1)), 0);  // the reference's single-label quirk
    QCOMPARE(maskClassAreas(m, 3), (std::vector<long long>{2, 1, 0, 1}));
  }

  void layerAndModeNames() {
    QCOMPARE(parseCamLayers("bn7, b5_2,b4_5,bn7").size(), size_t(3));
    QVERIFY(parseCamLayers("b4_5")[0] == CamLayer::B4_5);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, parseCamLayer("b6"));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, parseCamLayers(","));
    QVERIFY(parseCamMode("relocalized") == CamMode::Relocalized);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, parseCamMode("scorecam"));
  }
};

QTEST_APPLESS_MAIN(TestClassActivation)
#include "test_class_activation.moc"
