#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "data/dataset.h"
#include "data/derived_dataset.h"
#include "data/palette_png.h"
#include "data/synthetic_dataset.h"
#include "test_paths.h"
#include "train/pipeline.h"
#include "train/pipeline_config.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
json readJson(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

// A run small enough for a unit test: 64-px patches, one epoch each, lite networks.
json tinyConfig(const fs::path& data) {
  json c = arml::train::presetConfig("cpu-demo");
  c["data"]["root"] = data.string();
  c["device"] = "cpu";
  c["stage1"].update({{"epochs", 1}, {"batch", 4}, {"patch_size", 64}});
  c["pseudo_masks"].update({{"batch", 4}});
  c["stage2"].update({{"epochs", 1}, {"batch", 4}, {"patch_size", 64}});
  return c;
}
}  // namespace

class TestPipeline : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void overridesKeepTheTypeOfTheSetting() {
    json c = arml::train::presetConfig("paper");
    arml::train::applyOverride(c, "stage1.epochs=3");
    arml::train::applyOverride(c, "stage2.lr=0.001");
    arml::train::applyOverride(c, "pseudo_masks.layers=bn7,b4_5");
    arml::train::applyOverride(c, "stage1.ars=off");
    QCOMPARE(c["stage1"]["epochs"].get<int>(), 3);
    QVERIFY(c["stage1"]["epochs"].is_number_integer());
    QCOMPARE(c["stage2"]["lr"].get<double>(), 0.001);
    QCOMPARE(c["pseudo_masks"]["layers"].size(), size_t(2));
    QCOMPARE(c["stage1"]["ars"].get<std::string>(), std::string("off"));
  }

  void typosAndBadValuesAreRefused() {
    json c = arml::train::presetConfig("paper");
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::train::applyOverride(c, "stage1.epoch=3"));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::train::applyOverride(c, "stage1.epochs=three"));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::train::applyOverride(c, "stage1.epochs"));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::train::mergeConfig(c, json{{"stage3", 1}}, "x.json"));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::train::presetConfig("fast"));
    json bad = arml::train::presetConfig("paper");
    bad["stage1"]["ars"] = "sometimes";
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::train::stage1Options(bad, "d", "r"));
  }

  void paperPresetIsTheReference() {
    const json c = arml::train::presetConfig("paper");
    const auto s1 = arml::train::stage1Options(c, "d", "r");
    QCOMPARE(s1.widthDivisor, 1);
    QCOMPARE(s1.epochs, 20);
    QCOMPARE(s1.batchSize, 20);
    QCOMPARE(s1.lr, 0.01);
    QCOMPARE(s1.arsFromEpoch, 2);
    const auto s2 = arml::train::stage2Options(c, "d", "m", "r");
    QCOMPARE(s2.epochs, 10);
    QCOMPARE(s2.lr, 5e-3);
    QCOMPARE(s2.momentum, 0.9);
    QCOMPARE(s2.widthDivisor, 1);
  }

  void derivedDatasetKeepsLabelsAndTruth() {
    const fs::path dir = arml::test::scratchDir("derived");
    arml::data::SyntheticOptions so;
    so.train = 2, so.val = 5, so.test = 2, so.patchSize = 48, so.seed = 3;
    arml::CancelToken cancel;
    arml::data::writeSyntheticDataset(dir / "src", so, cancel);
    const auto src = arml::data::Dataset::open(dir / "src");
    arml::data::writeDerivedDataset(src, "val", dir / "derived");
    const auto derived = arml::data::Dataset::open(dir / "derived");
    QCOMPARE(derived.kind(), src.kind());
    QVERIFY(derived.train().size() >= 1 && derived.train().size() <= 5);
    const auto expected = arml::data::deriveLabelsFromMasks(src.masked("val"), src.scheme());
    for (const auto& item : derived.train()) {
      const fs::path truth = arml::data::trainingTruthMask(derived, item);
      QVERIFY(!truth.empty());
      bool found = false;
      for (const auto& e : expected)
        if (fs::equivalent(e.image, item.image)) found = (e.label == item.label);
      QVERIFY2(found, item.image.c_str());
    }
    QCOMPARE(derived.masked("test").size(), size_t(2));
  }

  void runsEndToEndAndResumes() {
    const fs::path dir = arml::test::scratchDir("pipeline");
    arml::data::SyntheticOptions so;
    so.train = 8, so.val = 2, so.test = 2, so.patchSize = 64, so.seed = 1;
    arml::CancelToken cancel;
    arml::data::writeSyntheticDataset(dir / "data", so, cancel);
    const fs::path run = dir / "run";
    arml::EventSink events((run.string() + ".events.jsonl"));
    const json summary = arml::train::runPipeline(tinyConfig(dir / "data"), run, {{"arml", "test"}}, cancel, events);

    for (const char* f : {"config.json", "state.json", "metrics.csv", "summary.json", "checkpoints/stage1.pt",
                          "checkpoints/stage2.pt", "stage1/cam_test_metrics.json", "masks/summary.json",
                          "masks/bn7_vs_truth.json"})
      QVERIFY2(fs::exists(run / f), f);
    int masks = 0;
    for (const auto& e : fs::directory_iterator(run / "masks" / "bn7")) masks += e.path().extension() == ".png";
    QCOMPARE(masks, 8);  // synthetic patches always hold at least one tissue class
    for (const char* key : {"stage1_cam_miou", "pseudo_mask_miou", "stage2_test_miou"}) {
      QVERIFY2(summary[key].is_number(), key);
      QVERIFY(summary[key].get<double>() >= 0.0 && summary[key].get<double>() <= 1.0);
    }
    QCOMPARE(readJson(run / "summary.json")["stage2_test_miou"], summary["stage2_test_miou"]);
    QCOMPARE(readJson(run / "config.json")["software"]["arml"].get<std::string>(), std::string("test"));
    const json state = readJson(run / "state.json");
    for (const char* stage : {"stage1", "cam_evaluation", "pseudo_masks", "stage2"}) QVERIFY2(state["stages"].contains(stage), stage);

    // Re-running continues: nothing is trained again, so the models keep their bytes and time.
    const auto stamp = fs::last_write_time(run / "stage2" / "checkpoints" / "last.pt");
    const json again = arml::train::runPipeline(tinyConfig(dir / "data"), run, {{"arml", "test"}}, cancel, events);
    QCOMPARE(fs::last_write_time(run / "stage2" / "checkpoints" / "last.pt"), stamp);
    QCOMPARE(again["stage2_test_miou"], summary["stage2_test_miou"]);

    // A different result-relevant setting in the same folder is refused, naming the setting.
    json changed = tinyConfig(dir / "data");
    changed["stage2"]["lr"] = 0.5;
    try {
      arml::train::runPipeline(changed, run, {}, cancel, events);
      QFAIL("expected InputError");
    } catch (const arml::InputError& e) {
      QVERIFY2(std::string(e.what()).find("stage2.lr") != std::string::npos, e.what());
    }
  }

  void sameSeedSameResults() {
    const fs::path dir = arml::test::scratchDir("pipeline-repro");
    arml::data::SyntheticOptions so;
    so.train = 8, so.val = 2, so.test = 2, so.patchSize = 64, so.seed = 5;
    arml::CancelToken cancel;
    arml::data::writeSyntheticDataset(dir / "data", so, cancel);
    arml::EventSink events;
    const json a = arml::train::runPipeline(tinyConfig(dir / "data"), dir / "a", {}, cancel, events);
    const json b = arml::train::runPipeline(tinyConfig(dir / "data"), dir / "b", {}, cancel, events);
    for (const char* key : {"stage1_cam_miou", "pseudo_mask_miou", "stage2_best_val_miou", "stage2_test_miou"})
      QCOMPARE(a[key], b[key]);
    for (const auto& e : fs::directory_iterator(dir / "a" / "masks" / "bn7")) {
      if (e.path().extension() != ".png") continue;
      std::ifstream x(e.path(), std::ios::binary), y(dir / "b" / "masks" / "bn7" / e.path().filename(), std::ios::binary);
      const std::string bx((std::istreambuf_iterator<char>(x)), {}), by((std::istreambuf_iterator<char>(y)), {});
      QVERIFY2(!bx.empty() && bx == by, e.path().c_str());
    }
  }
};

QTEST_APPLESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
