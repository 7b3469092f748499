// Stage-2 mutual trainer (spec §4.2–4.7) on tiny synthetic data: schedule vs poly_lr.pt, run folder
// contents, exact resume after a cancel, independent peers, NaN and missing-mask errors, and that
// training on corrupted masks beats those masks' own mIoU against the truth.
#include <QtTest>

#include <fstream>
#include <random>
#include <thread>

#include <opencv2/imgproc.hpp>
#include <torch/serialize.h>
#include <torch/torch.h>

#include "compute/convolution_gradient_guard.h"
#include "core/errors.h"
#include "data/dataset.h"
#include "data/palette_png.h"
#include "data/synthetic_dataset.h"
#include "eval/segmentation_metrics.h"
#include "models/checkpoint.h"
#include "test_paths.h"
#include "train/mutual_trainer.h"
#include "train/poly_schedule.h"
#include "train/stage2_evaluation.h"
#include "train/stage2_model.h"

using namespace arml;
namespace fs = std::filesystem;

namespace {

// Blob-wise label noise: a few discs per mask, at random places, get a random tissue class.
// Background (4) stays as it is. The noise is unbiased, so a network that learns what the tissue looks
// like can end up closer to the truth than the masks it learned from.
void corruptMasks(const fs::path& from, const fs::path& to, std::uint64_t seed) {
  fs::create_directories(to);
  std::mt19937_64 rng(seed);
  const data::Palette palette = data::luadScheme().palette();
  for (const auto& e : fs::directory_iterator(from)) {
    cv::Mat m = data::readIndexMask(e.path()).clone();
    const int n = m.rows;
    for (int b = 0; b < 3; ++b) {
      const cv::Point c(int(rng() % n), int(rng() % n));
      const int r = n / 8 + int(rng() % (n / 6));
      const int cls = int(rng() % 4);
      cv::Mat disc = cv::Mat::zeros(m.size(), CV_8U);
      cv::circle(disc, c, r, 1, cv::FILLED);
      m.setTo(cls, disc.mul(m != 4) > 0);
    }
    data::writePalettePng(to / e.path().filename(), m, palette);
  }
}

// mIoU of the masks in `masks` (named like the training images) against the exact training masks.
double maskFolderMiou(const fs::path& root, const fs::path& masks) {
  eval::ConfusionMatrix cm(4);
  for (const auto& e : fs::directory_iterator(root / "train_mask")) {
    const cv::Mat gt = data::readIndexMask(e.path()), pred = data::readIndexMask(masks / e.path().filename());
    cv::Mat p = pred.clone();
    p.setTo(0, gt == 4);  // GT-4 pixels are not counted; keep predictions in range
    cm.add(gt.data, p.data, gt.total(), e.path().string());
  }
  return eval::computeMetrics(cm).meanIoU;
}

// The trained segmenter scored on the training images against their exact masks.
double segmenterTrainMiou(const fs::path& root, const fs::path& checkpoint) {
  auto seg = train::loadSegmenter(checkpoint);
  std::vector<data::MaskedItem> items;
  for (const auto& e : fs::directory_iterator(root / "train_mask"))
    items.push_back({root / "train" / e.path().filename(), e.path(), {}});
  CancelToken never;
  return eval::computeMetrics(train::evaluateSegmenter(seg.net, items, {}, never)).meanIoU;
}

std::vector<std::string> readLines(const fs::path& p) {
  std::ifstream f(p);
  std::vector<std::string> lines;
  for (std::string l; std::getline(f, l);) lines.push_back(l);
  return lines;
}

}  // namespace

class TestStage2Trainer : public QObject {
  Q_OBJECT

  fs::path data_;

  train::MutualTrainerOptions tinyOptions(const std::string& run) {
    train::MutualTrainerOptions o;
    o.dataRoot = data_;
    o.masksDir = data_ / "train_mask";
    o.runDir = test::scratchDir(run);
    o.epochs = 2;
    o.batchSize = 3;
    o.widthDivisor = 8;
    o.patchSize = 32;
    o.workers = 1;
    o.seed = 7;
    return o;
  }

private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);  // tiny tensors: one thread is faster than two
    data_ = test::scratchDir("stage2-data");
    data::SyntheticOptions so;
    so.train = 7;  // 3 batches of 3, 3, 1: the trailing single image is skipped
    so.val = 2;
    so.test = 2;
    so.patchSize = 32;
    so.seed = 11;
    CancelToken never;
    data::writeSyntheticDataset(data_, so, never);
  }

  void stage2ScheduleMatchesReference() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/poly_lr.pt");
    std::ifstream f(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
    auto root = torch::pickle_load(bytes).toGenericDict();
    auto stage2 = root.at("stage2").toGenericDict();
    int checked = 0;
    for (const char* name : {"luad", "bcss"}) {
      auto d = stage2.at(name).toGenericDict();
      const int64_t n = d.at("n_train").toInt();
      const int64_t iters = (n + 19) / 20;
      const train::PolySchedule schedule(10 * iters, 0.9);
      const at::Tensor pairs = d.at("epoch_iter").toTensor().to(torch::kLong);
      const at::Tensor lr = d.at("lr").toTensor().to(torch::kDouble);
      for (int64_t r = 0; r < pairs.size(0); ++r) {
        const int64_t t = pairs[r][0].item<int64_t>() * iters + pairs[r][1].item<int64_t>();
        const double ref = lr[r].item<double>(), got = schedule.lr(5e-3, t);
        QVERIFY2(std::abs(got - ref) <= 1e-15 * std::abs(ref), qPrintable(QString("%1: t=%2 %3 vs %4").arg(name).arg(t).arg(got, 0, 'g', 17).arg(ref, 0, 'g', 17)));
        ++checked;
      }
    }
    QCOMPARE(checked, 14);
  }

  void trainsAndWritesRunFolder() {
    auto o = tinyOptions("stage2-run");
    const fs::path eventsFile = o.runDir / "events.jsonl";
    EventSink events(eventsFile.string());
    CancelToken never;
    const auto r = train::trainMutual(o, never, events);
    QCOMPARE(r.epochsCompleted, 2);
    QVERIFY(r.bestEpoch >= 0 && r.bestEpoch < 2);
    QVERIFY(std::isfinite(r.lastLoss) && r.lastLoss > 0);
    QVERIFY(r.test.has_value());
    QVERIFY(std::isfinite(r.test->metrics.pixelAccuracy));
    for (const char* f : {"config.json", "metrics.csv", "checkpoints/last.pt", "checkpoints/best.pt", "val_metrics.json",
                          "test_metrics.json", "test_metrics.csv"})
      QVERIFY2(fs::exists(o.runDir / f), f);
    QCOMPARE(int(readLines(o.runDir / "metrics.csv").size()), 3);
    int steps = 0, warnings = 0, epochs = 0, oneDnnOff = 0;
    for (const auto& line : readLines(eventsFile)) {
      const auto j = nlohmann::json::parse(line);
      if (j["type"] == "step") {
        ++steps;
        QVERIFY(j["lr"].get<double>() <= 5e-3 && j["lr"].get<double>() > 0);
      }
      if (j["type"] == "warning") {
        const std::string message = j["message"];
        warnings += message.find("skipped a batch") != std::string::npos;
        oneDnnOff += message == arml::ConvolutionGradientGuard::explanation();
      }
      epochs += j["type"] == "epoch";
    }
    QCOMPARE(steps, 4);     // 2 epochs × 2 batches of 3 (the batch of one is skipped)
    QCOMPARE(warnings, 2);  // one per skipped batch
    QCOMPARE(oneDnnOff, arml::ConvolutionGradientGuard::active() ? 1 : 0);  // LibTorch 2.x + AMD Zen 5 only
    QCOMPARE(epochs, 2);

    // The best checkpoint loads as a segmenter with the dataset's classes and predicts 4 channels.
    auto seg = train::loadSegmenter(r.bestCheckpoint);
    QCOMPARE(seg.net->options().widthDivisor, 8);
    QCOMPARE(seg.scheme.tissueCount(), 4);
    const auto logits = train::predictSegmenterLogits(seg.net, torch::rand({1, 3, 30, 26}));
    QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{1, 4, 30, 26}));
  }

  void resumeAfterCancelReproducesUninterruptedRun() {
    auto ref = tinyOptions("stage2-ref");
    ref.validate = false;
    ref.finalTest = false;
    EventSink quiet;
    CancelToken never;
    train::trainMutual(ref, never, quiet);

    auto o = tinyOptions("stage2-resume");
    o.validate = false;
    o.finalTest = false;
    // Cancel at the second step event (epoch 0 step 2), then resume.
    const fs::path eventsFile = o.runDir / "events.jsonl";
    CancelToken token;
    bool cancelled = false;
    {
      EventSink events(eventsFile.string());
      std::atomic<bool> stop{false};
      std::thread watcher([&] {
        while (!stop) {
          if (readLines(eventsFile).size() >= 1) token.cancel();  // after the first step event
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
      });
      try {
        train::trainMutual(o, token, events);
      } catch (const Cancelled&) {
        cancelled = true;
      }
      stop = true;
      watcher.join();
    }
    QVERIFY(cancelled);
    const auto partial = models::loadCheckpoint(o.runDir / "checkpoints/last.pt");
    QVERIFY(partial.epoch < 2);
    token.reset();
    EventSink events2;
    train::trainMutual(o, token, events2);

    const auto a = models::loadCheckpoint(ref.runDir / "checkpoints/last.pt");
    const auto b = models::loadCheckpoint(o.runDir / "checkpoints/last.pt");
    QCOMPARE(a.model.size(), b.model.size());
    for (const auto& [name, t] : a.model) QVERIFY2(torch::equal(t, b.model.at(name)), name.c_str());
    QCOMPARE(a.step, b.step);

    // A different configuration in the same folder is refused instead of silently mixed.
    o.batchSize = 2;
    QVERIFY_THROWS_EXCEPTION(InputError, train::trainMutual(o, token, events2));
  }

  void independentPeersTrainThreeNetworks() {
    auto o = tinyOptions("stage2-independent");
    o.epochs = 1;
    o.peers = train::PeerMode::Independent;
    o.finalTest = false;
    EventSink quiet;
    CancelToken never;
    const auto r = train::trainMutual(o, never, quiet);
    QVERIFY(std::isfinite(r.lastLoss));
    const auto main = models::loadCheckpoint(o.runDir / "checkpoints/last.pt");
    const auto p1 = models::loadCheckpoint(o.runDir / "checkpoints/last-peer1.pt");
    const auto p2 = models::loadCheckpoint(o.runDir / "checkpoints/last-peer2.pt");
    const auto& key = "segmentation_head.0.weight";
    QVERIFY(!torch::equal(main.model.at(key), p1.model.at(key)));
    QVERIFY(!torch::equal(p1.model.at(key), p2.model.at(key)));
    QVERIFY(p1.optimizer.size() > 0);
  }

  void nanLossAndMissingMasksAreReported() {
    auto o = tinyOptions("stage2-nan");
    o.lr = 1e12;
    o.epochs = 3;
    EventSink quiet;
    CancelToken never;
    try {
      train::trainMutual(o, never, quiet);
      QFAIL("expected a RuntimeFailure");
    } catch (const RuntimeFailure& e) {
      QVERIFY2(std::string(e.what()).find("epoch") != std::string::npos, e.what());
    }

    auto m = tinyOptions("stage2-missing");
    const fs::path partial = test::scratchDir("stage2-partial-masks");
    int copied = 0;
    for (const auto& e : fs::directory_iterator(data_ / "train_mask"))
      if (copied++ < 3) fs::copy_file(e.path(), partial / e.path().filename());
    m.masksDir = partial;
    QVERIFY_THROWS_EXCEPTION(InputError, train::trainMutual(m, never, quiet));
  }

  void beatsTheNoisyMasksItWasTrainedOn() {
    // Small by default (a unit test must stay well under a minute); ARML_STAGE2_DEMO=1 runs the larger demo.
    const bool large = qEnvironmentVariableIntValue("ARML_STAGE2_DEMO") == 1;
    const fs::path root = test::scratchDir("stage2-denoise-data");
    data::SyntheticOptions so;
    so.train = large ? 96 : 24;
    so.val = 4;
    so.test = large ? 16 : 4;
    so.patchSize = large ? 96 : 48;
    so.seed = 21;
    CancelToken never;
    QElapsedTimer timer;
    timer.start();
    data::writeSyntheticDataset(root, so, never);
    qInfo("synthetic data %lld ms", timer.restart());
    corruptMasks(root / "train_mask", root / "noisy_mask", 5);
    const double noisy = maskFolderMiou(root, root / "noisy_mask");

    train::MutualTrainerOptions o;
    o.dataRoot = root;
    o.masksDir = root / "noisy_mask";
    o.runDir = test::scratchDir("stage2-denoise-run");
    o.epochs = large ? 60 : 40;
    o.batchSize = 6;
    o.lr = 0.05;
    o.widthDivisor = 8;
    o.patchSize = so.patchSize;
    o.workers = 1;
    o.seed = 3;
    o.validate = false;
    o.finalTest = false;
    EventSink quiet;
    const auto r = train::trainMutual(o, never, quiet);
    qInfo("training %lld ms", timer.restart());
    const double learned = segmenterTrainMiou(root, r.lastCheckpoint);
    qInfo("noisy masks mIoU %.4f, segmenter trained on them %.4f (train images vs exact masks)", noisy, learned);
    QVERIFY(noisy < 0.9);
    QVERIFY2(learned > noisy, qPrintable(QString("segmenter %1 <= noisy masks %2").arg(learned).arg(noisy)));
  }
};

QTEST_APPLESS_MAIN(TestStage2Trainer)
#include "test_stage2_trainer.moc"
