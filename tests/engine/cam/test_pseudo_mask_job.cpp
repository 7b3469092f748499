// The dataset-level pseudo-mask job: files in OUT/<layer>/<stem>.png that equal the reference
// masks, resume after a partial run (truncated / missing files redone, complete ones kept),
// images without a positive label skipped with a warning, cancellation between batches.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "cam/cam_model.h"
#include "cam/pseudo_mask_job.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "core/event_sink.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "fixture_io.h"
#include "models/state_dict.h"
#include "test_paths.h"

using namespace arml::cam;
namespace fs = std::filesystem;

namespace {

at::Tensor toTensor(const cv::Mat& m) {
  return torch::from_blob(const_cast<uint8_t*>(m.ptr<uint8_t>()), {m.rows, m.cols}, torch::kByte).clone();
}

std::string readAll(const std::string& path) {
  std::ifstream f(path);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

}  // namespace

class TestPseudoMaskJob : public QObject {
  Q_OBJECT

  std::string root_, out_, events_;
  c10::impl::GenericDict ref_{c10::StringType::get(), c10::AnyType::get()};
  CamModel model_;
  bool ready_ = false;

  // LUAD-HistoSeg layout: the fixture image under two labelled names, a flipped copy, and one
  // name without a positive label.
  void makeDataset() {
    const at::Tensor hwc = ref_.at("image_uint8_hwc").toTensor().contiguous();
    const cv::Mat rgb = cv::Mat(224, 224, CV_8UC3, hwc.data_ptr<uint8_t>()).clone();
    cv::Mat flipped;
    cv::flip(rgb, flipped, 1);
    fs::create_directories(root_ + "/train");
    arml::data::writeRgbPng(root_ + "/train/fixture-[1 0 1 1].png", rgb);
    arml::data::writeRgbPng(root_ + "/train/fixture2-[1 0 1 1].png", rgb);
    arml::data::writeRgbPng(root_ + "/train/flipped-[0 0 1 0].png", flipped);
    arml::data::writeRgbPng(root_ + "/train/empty-[0 0 0 0].png", rgb);
  }

private Q_SLOTS:
  void initTestCase() {
    const std::string weights = arml::test::sharedPath("fixtures/arml-reference/resnet38d_w8.pt");
    const std::string fixture = arml::test::sharedPath("fixtures/arml-reference/gradcam_pm_w8.pt");
    if (weights.empty() || fixture.empty()) return;
    ref_ = arml::test::loadFixtureDict(fixture);
    model_ = camModelFromStateDict(arml::models::loadStateDict(weights));
    const std::string dir = arml::test::scratchDir("pseudo_mask_job");
    root_ = dir + "/data";
    out_ = dir + "/pm";
    events_ = dir + "/events.jsonl";
    makeDataset();
    ready_ = true;
  }

  void writesReferenceMasksAndSkipsUnlabelled() {
    if (!ready_) QSKIP("reference fixtures not found in ../shared/fixtures/arml-reference");
    const auto dataset = arml::data::Dataset::open(root_, "luad");
    PseudoMaskJobOptions opts;
    opts.layers = {CamLayer::Bn7, CamLayer::B4_5};
    opts.batch = 2;
    arml::EventSink events(events_);
    arml::CancelToken cancel;
    const auto s = generatePseudoMasks(model_, dataset, out_, opts, events, cancel);
    QCOMPARE(s.images, 4);
    QCOMPARE(s.written, 3);
    QCOMPARE(s.resumed, 0);
    QCOMPARE(s.skippedNoLabel, 1);
    QVERIFY(!fs::exists(out_ + "/bn7/empty-[0 0 0 0].png"));
    QVERIFY(readAll(events_).find("no positive label") != std::string::npos);
    QVERIFY(readAll(events_).find("\"progress\"") != std::string::npos);

    const at::Tensor refLuad = ref_.at("pm_luad").toTensor();  // layers b4_5, b5_2, bn7
    const auto bn7 = arml::data::readIndexedPng(out_ + "/bn7/fixture-[1 0 1 1].png");
    QVERIFY(toTensor(bn7.indices).equal(refLuad[2]));
    QCOMPARE(bn7.palette[0], (arml::data::Rgb{205, 51, 51}));  // LUAD palette
    const auto b45 = arml::data::readIndexMask(out_ + "/b4_5/fixture2-[1 0 1 1].png");
    QVERIFY(toTensor(b45).ne(refLuad[0]).sum().item<int64_t>() <= 50);
    // Class areas of the bn7 set: the two fixture copies (README: 38680/0/89/1657/9750 each)
    // plus the flipped single-label image.
    for (const auto& [layer, areas] : s.areas) {
      long long total = 0;
      for (auto a : areas) total += a;
      QCOMPARE(total, 3LL * 224 * 224);
      if (layer == CamLayer::Bn7) QVERIFY(areas[2] >= 2 * 89 && areas[4] == 3 * 9750);
    }
    const auto j = s.toJson(dataset.scheme());
    QVERIFY(j.at("areas").at("bn7").contains("TE"));
    QVERIFY(j.at("areas").at("bn7").contains("background"));
  }

  void resumesAfterPartialRun() {
    if (!ready_) QSKIP("reference fixtures not found");
    const auto dataset = arml::data::Dataset::open(root_, "luad");
    const std::string kept = out_ + "/bn7/fixture-[1 0 1 1].png";
    const std::string truncated = out_ + "/bn7/fixture2-[1 0 1 1].png";
    const std::string removed = out_ + "/b4_5/flipped-[0 0 1 0].png";
    QVERIFY(fs::exists(kept) && fs::exists(truncated) && fs::exists(removed));
    const auto keptTime = fs::last_write_time(kept);
    fs::resize_file(truncated, fs::file_size(truncated) / 2);
    fs::remove(removed);
    QVERIFY(!isCompleteMask(truncated, 224, 224, 4));
    QVERIFY(isCompleteMask(kept, 224, 224, 4));
    QVERIFY(!isCompleteMask(kept, 200, 224, 4));  // wrong size is not "done"

    PseudoMaskJobOptions opts;
    opts.layers = {CamLayer::Bn7, CamLayer::B4_5};
    arml::EventSink events;
    arml::CancelToken cancel;
    const auto s = generatePseudoMasks(model_, dataset, out_, opts, events, cancel);
    QCOMPARE(s.written, 2);  // fixture2 (bn7 truncated) and flipped (b4_5 missing)
    QCOMPARE(s.resumed, 1);
    QCOMPARE(fs::last_write_time(kept), keptTime);
    QVERIFY(isCompleteMask(truncated, 224, 224, 4));
    QVERIFY(isCompleteMask(removed, 224, 224, 4));
    QVERIFY(toTensor(arml::data::readIndexMask(truncated)).equal(ref_.at("pm_luad").toTensor()[2]));
    for (const auto& e : fs::recursive_directory_iterator(out_))
      QVERIFY2(e.path().filename().string().find(".tmp") == std::string::npos, "temporary file left behind");
  }

  void cancelStopsBeforeWriting() {
    if (!ready_) QSKIP("reference fixtures not found");
    const auto dataset = arml::data::Dataset::open(root_, "luad");
    const std::string out = arml::test::scratchDir("pseudo_mask_job_cancel");
    PseudoMaskJobOptions opts;
    arml::EventSink events;
    arml::CancelToken cancel;
    cancel.cancel();
    QVERIFY_THROWS_EXCEPTION(arml::Cancelled, generatePseudoMasks(model_, dataset, out, opts, events, cancel));
    QVERIFY(fs::is_empty(out + "/bn7"));
  }

  void refusesClassCountMismatch() {
    if (!ready_) QSKIP("reference fixtures not found");
    const auto dataset = arml::data::Dataset::open(root_, "luad");
    CamModel wrong = model_;
    wrong.classes = 3;
    arml::EventSink events;
    QVERIFY_THROWS_EXCEPTION(arml::InputError, generatePseudoMasks(wrong, dataset, out_, {}, events, arml::CancelToken()));
    QVERIFY(usesWhiteBackground(BackgroundRule::Auto, arml::data::DatasetKind::Luad));
    QVERIFY(!usesWhiteBackground(BackgroundRule::Auto, arml::data::DatasetKind::Bcss));
    QVERIFY(usesWhiteBackground(BackgroundRule::White, arml::data::DatasetKind::Bcss));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, parseBackgroundRule("grey"));
  }
};

QTEST_APPLESS_MAIN(TestPseudoMaskJob)
#include "test_pseudo_mask_job.moc"
