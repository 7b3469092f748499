// The in-process engine plugin (engine/interactive) against the reference fixtures and the engine
// it wraps: plain and relocalized CAMs of resnet38d_w8.pt (+ ars_w8.pt) upsampled to the image,
// segmenter probabilities in one pass and tiled, cancellation, and one-line errors. The GUI's
// loading of the same library is tested in tests/ui/test_interactive_engine.cpp.
#include <torch/torch.h>

#include <QtTest>
#include <atomic>

#include "../cam/fixture_io.h"
#include "cam/class_maps.h"
#include "interactive/interactive_engine.h"
#include "interactive/segmenter_session.h"
#include "models/checkpoint.h"
#include "models/state_dict.h"
#include "slide/tile_grid.h"
#include "test_paths.h"
#include "train/stage2_model.h"

using namespace arml;
using arml::interactive::FloatPlanes;
using arml::interactive::RgbImage;

namespace {

// Fixture input image i (3×224×224 in [0,1], exactly k/255) as the plugin's RGB bytes.
RgbImage fixtureImage(const at::Tensor& input, int64_t i) {
  const at::Tensor hwc = input[i].mul(255).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
  RgbImage img;
  img.height = int(hwc.size(0));
  img.width = int(hwc.size(1));
  img.rgb.assign(hwc.data_ptr<uint8_t>(), hwc.data_ptr<uint8_t>() + hwc.numel());
  return img;
}

at::Tensor asTensor(const FloatPlanes& p) {
  return torch::from_blob(const_cast<float*>(p.values.data()), {p.planes, p.height, p.width}, torch::kFloat).clone();
}

RgbImage randomImage(int w, int h, int seed) {
  torch::manual_seed(seed);
  const at::Tensor t = torch::randint(0, 256, {h, w, 3}, torch::kUInt8);
  RgbImage img{w, h, {}};
  img.rgb.assign(t.data_ptr<uint8_t>(), t.data_ptr<uint8_t>() + t.numel());
  return img;
}

at::Tensor imageTensor(const RgbImage& img) {
  return torch::from_blob(const_cast<uint8_t*>(img.rgb.data()), {img.height, img.width, 3}, torch::kUInt8)
      .permute({2, 0, 1})
      .to(torch::kFloat)
      .div(255)
      .unsqueeze(0)
      .contiguous();
}

}  // namespace

class TestInteractivePlugin : public QObject {
  Q_OBJECT

  arml::interactive::Engine* engine_ = nullptr;
  std::string scratch_, segPath_;

 private Q_SLOTS:
  void initTestCase() {
    engine_ = arml_interactive_engine();
    QVERIFY(engine_);
    QCOMPARE(engine_->interfaceVersion(), arml::interactive::kInterfaceVersion);
    scratch_ = arml::test::scratchDir("interactive_plugin");
    // A small random stage-2 segmenter saved as the trainer saves it.
    torch::manual_seed(11);
    models::PSPNetOptions o;
    o.widthDivisor = 16;
    o.numClasses = 3;
    models::PSPNet net(o);
    models::Checkpoint ck;
    ck.model = train::segmenterStateDict(net);
    ck.meta = {{"arch", train::kSegmenterArch}, {"dataset", "wsss4luad"}, {"config", {{"patch_size", 64}}}};
    segPath_ = scratch_ + "/seg.pt";
    models::saveCheckpoint(segPath_, ck);
  }

  void camsMatchReferenceFixtures() {
    ARML_REQUIRE_SHARED(weights, "fixtures/arml-reference/resnet38d_w8.pt");
    ARML_REQUIRE_SHARED(ars, "fixtures/arml-reference/ars_w8.pt");
    const auto ref = arml::test::loadFixtureDict(weights);
    const auto refArs = arml::test::loadFixtureDict(ars);
    const at::Tensor input = ref.at("input").toTensor();
    // The full training checkpoint: backbone + amm.* + cca.* (γ = 0.7, so CCA runs).
    models::Checkpoint full;
    full.model = models::loadStateDict(weights);
    for (const auto& [name, t] : models::loadStateDict(ars)) full.model.insert(name, t);
    const std::string fullPath = scratch_ + "/resnet38d_w8_ars.pt";
    models::saveCheckpoint(fullPath, full);

    auto plainOnly = engine_->openClassifier(weights, "cpu", 0);
    QCOMPARE(plainOnly->info().architecture, std::string("resnet38d-lite"));
    QCOMPARE(plainOnly->info().classes, 4);
    QVERIFY(!plainOnly->info().hasArs);
    auto session = engine_->openClassifier(fullPath, "auto", 0);
    QVERIFY(session->info().hasArs);
    QCOMPARE(session->info().device, std::string("cpu"));

    for (int64_t i = 0; i < 2; ++i) {
      const RgbImage img = fixtureImage(input, i);
      QVERIFY(torch::equal(imageTensor(img)[0], input[i]));  // the bytes are exactly the fixture input
      const auto plainSet = plainOnly->cams(img);
      QCOMPARE(plainSet.relocalized.planes, 0);
      QCOMPARE(plainSet.plain.planes, 4);
      QCOMPARE(plainSet.plain.width, 224);
      const auto set = session->cams(img);
      // Reference maps at stride 8, upsampled as the engine does (cv2 INTER_LINEAR, half-pixel).
      const at::Tensor refPlain = cam::upsampleMaps(ref.at("cam_plain").toTensor().narrow(0, i, 1), 224, 224)[0];
      const at::Tensor refReloc = cam::upsampleMaps(refArs.at("cam_reloc").toTensor().narrow(0, i, 1), 224, 224)[0];
      const double ePlain = arml::test::relativeMaxError(asTensor(plainSet.plain), refPlain);
      const double ePlainArs = arml::test::relativeMaxError(asTensor(set.plain), refPlain);
      const double eReloc = arml::test::relativeMaxError(asTensor(set.relocalized), refReloc);
      qInfo("image %lld: plain %.2e, plain (ARS model) %.2e, relocalized %.2e of max", (long long)i, ePlain, ePlainArs,
            eReloc);
      QVERIFY(ePlain <= 5e-5);
      QVERIFY(ePlainArs <= 5e-5);
      QVERIFY(eReloc <= 5e-5);
      // Probabilities: the sigmoid of the model's logits (with ARS: the relocalized ones).
      const at::Tensor refProb = ref.at("prob").toTensor()[i];
      const at::Tensor refProbReloc = torch::sigmoid(refArs.at("logits_reloc").toTensor()[i]);
      for (int c = 0; c < 4; ++c) {
        QVERIFY(std::abs(plainSet.probabilities[size_t(c)] - refProb[c].item<float>()) <= 1e-5);
        QVERIFY(std::abs(set.probabilities[size_t(c)] - refProbReloc[c].item<float>()) <= 1e-4);
      }
    }
  }

  void segmenterOnePassEqualsPredict() {
    auto session = engine_->openSegmenter(segPath_, "cpu", 0);
    QCOMPARE(session->info().classes, 3);
    QCOMPARE(session->info().classNames.size(), size_t(3));
    const RgbImage img = randomImage(60, 52, 1);  // fits one 64-px tile; not a multiple of 8
    const FloatPlanes p = session->probabilities(img);
    QCOMPARE(p.planes, 3);
    QCOMPARE(p.width, 60);
    QCOMPARE(p.height, 52);
    train::LoadedSegmenter seg = train::loadSegmenter(segPath_);
    const at::Tensor expected = torch::softmax(train::predictSegmenterLogits(seg.net, imageTensor(img)), 1)[0];
    QVERIFY(arml::test::absMaxError(asTensor(p), expected) <= 1e-6);
  }

  // An image larger than a tile: tiles of 64 with 16 px overlap; logits blended with the ramp.
  void segmenterTilesLargeImagesWithBlendedOverlap() {
    interactive::SegmenterTiling tiling;
    tiling.tile = 64;
    tiling.overlap = 16;
    tiling.batch = 3;
    auto session = interactive::openSegmenterSession(segPath_, "cpu", tiling);
    const RgbImage img = randomImage(150, 100, 2);  // x origins 0, 48, 86; y origins 0, 36
    const at::Tensor p = asTensor(session->probabilities(img));
    QCOMPARE(p.size(1), 100);
    QCOMPARE(p.size(2), 150);
    QVERIFY(arml::test::absMaxError(p.sum(0), torch::ones({100, 150})) <= 1e-5);

    train::LoadedSegmenter seg = train::loadSegmenter(segPath_);
    const at::Tensor x = imageTensor(img);
    auto tileLogits = [&](int y, int xx) {
      return train::predictSegmenterLogits(seg.net, x.slice(2, y, y + 64).slice(3, xx, xx + 64))[0];
    };
    // Covered by the first tile only: its own softmax.
    const at::Tensor t00 = tileLogits(0, 0);
    QVERIFY(arml::test::absMaxError(p.slice(1, 0, 20).slice(2, 0, 40),
                                    torch::softmax(t00, 0).slice(1, 0, 20).slice(2, 0, 40)) <= 1e-5);
    // Pixel (10, 55) lies in tiles (0,0) and (0,48): blended logits with the ramp weights.
    const std::vector<float> ramp = slide::tileBlendRamp(64, 16);
    const at::Tensor t01 = tileLogits(0, 48);
    const float w0 = ramp[55], w1 = ramp[55 - 48];
    const at::Tensor blended = (t00.select(1, 10).select(1, 55) * w0 + t01.select(1, 10).select(1, 7) * w1) / (w0 + w1);
    QVERIFY(arml::test::absMaxError(p.select(1, 10).select(1, 55), torch::softmax(blended, 0)) <= 1e-5);
    // The last column of tiles is flush with the right edge (origin 86).
    const at::Tensor t02 = tileLogits(0, 86);
    QVERIFY(arml::test::absMaxError(p.select(1, 5).select(1, 149), torch::softmax(t02.select(1, 5).select(1, 63), 0)) <=
            1e-5);
  }

  void cancellationThrowsCancelled() {
    ARML_REQUIRE_SHARED(weights, "fixtures/arml-reference/resnet38d_w8.pt");
    auto cls = engine_->openClassifier(weights, "cpu", 0);
    auto seg = engine_->openSegmenter(segPath_, "cpu", 0);
    std::atomic<bool> cancel{true};
    const RgbImage img = randomImage(64, 64, 3);
    QVERIFY_THROWS_EXCEPTION(arml::interactive::Cancelled, cls->cams(img, &cancel));
    QVERIFY_THROWS_EXCEPTION(arml::interactive::Cancelled, seg->probabilities(img, &cancel));
    cancel = false;
    QCOMPARE(cls->cams(img, &cancel).plain.planes, 4);
  }

  void errorsAreOneLineNamingTheFile() {
    auto expectError = [](auto&& call, const std::string& mustContain) {
      try {
        call();
        QFAIL("no error");
      } catch (const arml::interactive::Cancelled&) {
        QFAIL("Cancelled instead of an error");
      } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        qInfo("%s", what.c_str());
        QVERIFY2(what.find(mustContain) != std::string::npos, what.c_str());
        QVERIFY2(what.find('\n') == std::string::npos, what.c_str());
      }
    };
    const std::string missing = scratch_ + "/no-such.pt";
    expectError([&] { engine_->openClassifier(missing); }, missing);
    // A segmenter is not a classifier, and the other way round.
    expectError([&] { engine_->openClassifier(segPath_); }, segPath_);
    const std::string junk = scratch_ + "/junk.pt";
    std::ofstream(junk) << "not a checkpoint";
    expectError([&] { engine_->openSegmenter(junk); }, junk);
    expectError([&] { engine_->openClassifier(segPath_, "tpu"); }, "tpu");
    auto seg = engine_->openSegmenter(segPath_, "cpu", 0);
    RgbImage bad{10, 10, std::vector<std::uint8_t>(7)};
    expectError([&] { seg->probabilities(bad); }, segPath_);
  }
};

QTEST_APPLESS_MAIN(TestInteractivePlugin)
#include "test_interactive_plugin.moc"
