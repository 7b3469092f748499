// The stage-1 trainer end to end on tiny synthetic data with the 1/8-width network: it learns,
// a cancelled and resumed run ends exactly where an uninterrupted one does, NaN stops it cleanly.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "core/errors.h"
#include "data/synthetic_dataset.h"
#include "models/checkpoint.h"
#include "models/state_dict_import.h"
#include "test_paths.h"
#include "train/stage1_trainer.h"

using namespace arml;
using namespace arml::train;
namespace fs = std::filesystem;

namespace {

std::vector<double> epochLosses(const fs::path& metricsCsv) {
  std::vector<double> out;
  std::ifstream f(metricsCsv);
  std::string line;
  std::getline(f, line);
  while (std::getline(f, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    out.push_back(std::stod(line.substr(a + 1, b - a - 1)));
  }
  return out;
}

}  // namespace

class TestStage1Trainer : public QObject {
  Q_OBJECT

  fs::path data_;

  Stage1TrainerOptions tinyOptions(const std::string& run) {
    Stage1TrainerOptions o;
    o.dataRoot = data_;
    o.runDir = arml::test::scratchDir(run);
    o.widthDivisor = 8;
    o.patchSize = 32;
    o.batchSize = 4;
    o.workers = 0;
    o.seed = 7;
    return o;
  }

private Q_SLOTS:
  void freezeFollowsInitWeights() {
    Stage1TrainerOptions o;
    QVERIFY(!stage1ReferenceFreeze(o));  // from scratch: nothing frozen
    o.initWeights = "imagenet.params";
    QVERIFY(stage1ReferenceFreeze(o));
    o.freeze = "none";
    QVERIFY(!stage1ReferenceFreeze(o));
    o.freeze = "sometimes";
    QVERIFY_THROWS_EXCEPTION(InputError, stage1ReferenceFreeze(o));

    // Reference freezing keeps every BatchNorm in eval mode in training; from scratch they train.
    for (const bool reference : {true, false}) {
      models::Resnet38dClassifier net(models::ClassifierOptions{8, 4, models::ArsMode::Off});
      net->freezeForTraining(reference);
      net->train();
      QCOMPARE(net->bn7->is_training(), !reference);
      QCOMPARE(net->b3->conv_branch2a->weight.requires_grad(), true);
      QCOMPARE(net->bn7->weight.requires_grad(), !reference);
      QCOMPARE(net->conv1a->weight.requires_grad(), !reference);
    }
  }

  void initTestCase() {
    torch::set_num_threads(2);
    data_ = arml::test::scratchDir("stage1-data");
    data::SyntheticOptions so;
    so.train = 16;
    so.val = 2;
    so.test = 2;
    so.patchSize = 32;
    so.seed = 3;
    data::writeSyntheticDataset(data_, so, CancelToken());
  }

  void learnsOnTinyProblem() {
    Stage1TrainerOptions o = tinyOptions("stage1-learn");
    o.epochs = 8;  // 8 × 4 steps
    o.lr = 0.02;
    o.momentum = 0.9;
    o.ars = models::ArsMode::Reference;
    o.freeze = "reference";  // the reference's frozen BatchNorms (batch statistics of 4 tiny images are too noisy here)
    EventSink events((o.runDir / "events.jsonl").string());
    const Stage1TrainResult r = trainStage1(o, CancelToken(), events);
    QCOMPARE(r.epochsCompleted, 8);
    QCOMPARE(r.globalSteps, std::int64_t(32));
    const auto losses = epochLosses(o.runDir / "metrics.csv");
    QCOMPARE(int(losses.size()), 8);
    const double first = (losses[0] + losses[1]) / 2, last = (losses[6] + losses[7]) / 2;
    QVERIFY2(last < 0.85 * first, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));

    // final.pt is the inference model: Net_CAM names only.
    const models::Checkpoint fin = models::loadCheckpoint(r.finalCheckpoint);
    QVERIFY(fin.model.contains("fc8.weight"));
    QVERIFY(fin.model.contains("bn7.running_var"));
    for (const auto& [name, t] : fin.model) QVERIFY2(name.rfind("amm.", 0) != 0 && name.rfind("cca.", 0) != 0, name.c_str());
    const models::Checkpoint last_ = models::loadCheckpoint(r.lastCheckpoint);
    QVERIFY(last_.model.contains("amm.SpatialAMM.spatial.conv.weight"));
    QVERIFY(!last_.optimizer.empty());
    QCOMPARE(last_.epoch, std::int64_t(8));
  }

  void resumeAfterCancelIsExact() {
    auto options = [&](const std::string& run) {
      Stage1TrainerOptions o = tinyOptions(run);
      o.epochs = 3;
      o.maxStepsPerEpoch = 2;
      o.arsFromEpoch = 1;  // exercise ARS (and its decay-only CCA convs) within the short run
      o.ars = models::ArsMode::Reference;
      return o;
    };
    EventSink events;
    const Stage1TrainerOptions a = options("stage1-straight");
    trainStage1(a, CancelToken(), events);

    Stage1TrainerOptions b = options("stage1-resumed");
    CancelToken cancel;
    b.afterStep = [&cancel](int epoch, std::int64_t done) {
      if (epoch == 1 && done == 1) cancel.cancel();
    };
    bool cancelled = false;
    try {
      trainStage1(b, cancel, events);
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
    const models::Checkpoint mid = models::loadCheckpoint(b.runDir / "checkpoints" / "last.pt");
    QCOMPARE(mid.epoch, std::int64_t(1));
    QCOMPARE(mid.step, std::int64_t(3));
    QCOMPARE(mid.meta.value("step_in_epoch", -1), 1);
    QVERIFY(!fs::exists(b.runDir / "checkpoints" / "final.pt"));

    b.afterStep = nullptr;
    trainStage1(b, CancelToken(), events);
    const models::Checkpoint fa = models::loadCheckpoint(a.runDir / "checkpoints" / "last.pt");
    const models::Checkpoint fb = models::loadCheckpoint(b.runDir / "checkpoints" / "last.pt");
    QCOMPARE(fa.step, fb.step);
    QCOMPARE(fa.model.size(), fb.model.size());
    for (const auto& [name, t] : fa.model)
      QVERIFY2(torch::equal(t, fb.model.at(name)), name.c_str());
    QCOMPARE(fa.optimizer.size(), fb.optimizer.size());
    for (const auto& [name, t] : fa.optimizer) QVERIFY2(torch::equal(t, fb.optimizer.at(name)), name.c_str());
    // The CCA convs took weight-decay-only steps once ARS was on, as in the reference.
    QVERIFY(fa.optimizer.contains("momentum_buffer/cca.value_conv.weight"));

    // Resuming with another configuration is refused.
    Stage1TrainerOptions c = b;
    c.lr = 0.5;
    QVERIFY_THROWS_EXCEPTION(InputError, trainStage1(c, CancelToken(), events));
  }

  void nanLossStopsWithoutCheckpoint() {
    // Init weights with a NaN fc8 make the very first loss NaN.
    const fs::path dir = arml::test::scratchDir("stage1-nan-init");
    models::Resnet38dClassifier net(models::ClassifierOptions{8, 4, models::ArsMode::Off});
    {
      torch::NoGradGuard g;
      net->fc8->weight.fill_(std::nan(""));
    }
    models::Checkpoint init;
    init.model = models::moduleStateDict(*net);
    models::saveCheckpoint(dir / "nan.pt", init);

    Stage1TrainerOptions o = tinyOptions("stage1-nan");
    o.epochs = 1;
    o.initWeights = dir / "nan.pt";
    EventSink events;
    try {
      trainStage1(o, CancelToken(), events);
      QFAIL("no exception");
    } catch (const RuntimeFailure& e) {
      const QString what = e.what();
      QVERIFY2(what.contains("NaN") && what.contains("epoch 0, step 0"), e.what());
    }
    QVERIFY(!fs::exists(o.runDir / "checkpoints" / "last.pt"));
  }

  // bf16 autocast trains on the CPU too and is recorded in config.json; fp16 needs CUDA and is
  // refused before anything is written; fp32 runs keep the configuration of earlier versions.
  void precisionIsAppliedAndRecorded() {
    Stage1TrainerOptions o = tinyOptions("stage1-bf16");
    o.epochs = 1;
    o.precision = "bf16";
    EventSink events;
    const Stage1TrainResult r = trainStage1(o, CancelToken(), events);
    QCOMPARE(r.epochsCompleted, 1);
    QVERIFY(std::isfinite(r.lastLoss));
    std::ifstream config(o.runDir / "config.json");
    const std::string text((std::istreambuf_iterator<char>(config)), std::istreambuf_iterator<char>());
    QVERIFY2(text.find("\"precision\": \"bf16\"") != std::string::npos, text.c_str());

    Stage1TrainerOptions half = tinyOptions("stage1-fp16-cpu");
    half.precision = "fp16";
    QVERIFY_THROWS_EXCEPTION(InputError, trainStage1(half, CancelToken(), events));
    QVERIFY(!fs::exists(half.runDir / "config.json"));

    Stage1TrainerOptions plain = tinyOptions("stage1-fp32");
    plain.epochs = 1;
    trainStage1(plain, CancelToken(), events);
    std::ifstream plainConfig(plain.runDir / "config.json");
    const std::string plainText((std::istreambuf_iterator<char>(plainConfig)), std::istreambuf_iterator<char>());
    QVERIFY(plainText.find("precision") == std::string::npos);
  }

  void tooFewImagesIsInputError() {
    Stage1TrainerOptions o = tinyOptions("stage1-few");
    o.batchSize = 64;
    EventSink events;
    QVERIFY_THROWS_EXCEPTION(InputError, trainStage1(o, CancelToken(), events));
  }
};

QTEST_APPLESS_MAIN(TestStage1Trainer)
#include "test_stage1_trainer.moc"
