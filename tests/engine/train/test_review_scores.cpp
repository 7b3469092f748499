// Review-queue sort keys (train/review_scores.h): the two definitions on hand-made tensors, then
// tiny real runs: every patch scored, reproducible dropout peers, resume after removed entries,
// cancel between blocks, patches cut from a slide (review.json entries with an image), independent
// peers read from last-peer{1,2}.pt, and the errors.
#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "cam/cam_model.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/review_state.h"
#include "data/synthetic_dataset.h"
#include "tensors/image_tensor.h"
#include "test_paths.h"
#include "train/mutual_trainer.h"
#include "train/review_scores.h"
#include "train/stage1_trainer.h"

using namespace arml;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
json readJson(const fs::path& p) {
  const auto bytes = readFileBytes(p);
  return json::parse(bytes.begin(), bytes.end());
}
}  // namespace

class TestReviewScores : public QObject {
  Q_OBJECT

  fs::path data_, stage1Last_, stage1Final_, stage2Best_;

  train::ReviewScoreOptions options(const fs::path& out) {
    train::ReviewScoreOptions o;
    o.dataRoot = data_;
    o.classifier = stage1Last_;
    o.segmenter = stage2Best_;
    o.out = out;
    o.batch = 3;
    o.seed = 5;
    return o;
  }

  // A one-epoch 1/8-width stage 2 on the synthetic data's exact masks, in a fresh `runName` folder.
  train::MutualTrainerOptions tinyStage2(const std::string& runName) const {
    train::MutualTrainerOptions s2;
    s2.dataRoot = data_;
    s2.masksDir = data_ / "train_mask";
    s2.runDir = test::scratchDir(runName);
    s2.epochs = 1;
    s2.batchSize = 4;
    s2.widthDivisor = 8;
    s2.patchSize = 32;
    s2.workers = 1;
    s2.validate = false;
    s2.finalTest = false;
    return s2;
  }

private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    data_ = test::scratchDir("review-scores-data");
    data::SyntheticOptions so;
    so.train = 8;
    so.val = 2;
    so.test = 2;
    so.patchSize = 32;
    so.seed = 3;
    CancelToken never;
    data::writeSyntheticDataset(data_, so, never);
    EventSink quiet;

    train::Stage1TrainerOptions s1;
    s1.dataRoot = data_;
    s1.runDir = test::scratchDir("review-scores-stage1");
    s1.epochs = 1;
    s1.batchSize = 4;
    s1.widthDivisor = 8;
    s1.patchSize = 32;
    s1.workers = 1;
    s1.arsFromEpoch = 0;
    const auto r1 = train::trainStage1(s1, never, quiet);
    stage1Last_ = r1.lastCheckpoint;
    stage1Final_ = r1.finalCheckpoint;

    const train::MutualTrainerOptions s2 = tinyStage2("review-scores-stage2");
    stage2Best_ = train::trainMutual(s2, never, quiet).bestCheckpoint;
  }

  void relocalizationChangeDefinition() {
    at::Tensor plain = torch::zeros({2, 2, 2}), reloc = torch::zeros({2, 2, 2});
    plain[0][0][0] = 1;  // class 0 peaks top-left in the plain CAM ...
    reloc[0][1][1] = 4;  // ... and bottom-right once relocalized: |[1,0,0,0] - [0,0,0,1]| = 0.5 on average
    plain[1] = torch::tensor({{0.f, 1.f}, {2.f, 3.f}}).view({2, 2});
    reloc[1] = plain[1] * 10 + 7;  // class 1 only rescaled: no change after per-class normalisation
    QCOMPARE(*train::relocalizationChange(plain, reloc, {1, 0}), 0.5);
    QCOMPARE(*train::relocalizationChange(plain, reloc, {0, 1}), 0.0);
    QCOMPARE(*train::relocalizationChange(plain, reloc, {1, 1}), 0.25);
    QVERIFY(!train::relocalizationChange(plain, reloc, {0, 0}));
    QCOMPARE(*train::relocalizationChange(plain, plain, {1, 1}), 0.0);
  }

  void peerDisagreementDefinition() {
    const at::Tensor a = torch::tensor({2.f, 0.f, 2.f, 0.f, 0.f, 1.f, 0.f, 1.f}).view({2, 2, 2});  // C=2, H=W=2
    at::Tensor b = a.clone();
    QCOMPARE(train::peerDisagreement(a, b).argmaxDiffers, 0.0);
    QCOMPARE(train::peerDisagreement(a, b).symmetricKl, 0.0);
    b[1][0][0] = 5;  // pixel (0,0): class 1 wins in b
    const auto d = train::peerDisagreement(a, b);
    QCOMPARE(d.argmaxDiffers, 0.25);
    const double p0 = 1 / (1 + std::exp(-2.0)), q0 = 1 / (1 + std::exp(3.0));  // P(class 0) in a and b
    const double kl = (p0 - q0) * (std::log(p0) - std::log(q0)) + ((1 - p0) - (1 - q0)) * (std::log(1 - p0) - std::log(1 - q0));
    QVERIFY2(std::abs(d.symmetricKl - kl / 4) < 1e-6, qPrintable(QString::number(d.symmetricKl)));
  }

  void scoresEveryPatchReproducibly() {
    const fs::path dir = test::scratchDir("review-scores-run");
    EventSink events((dir / "events.jsonl").string());
    CancelToken never;
    const auto s = train::computeReviewScores(options(dir / "scores.json"), never, events);
    QCOMPARE(s.total, 8);
    QCOMPARE(s.computed, 8);
    QCOMPARE(s.peerSource, std::string("dropout"));
    const json j = readJson(dir / "scores.json");
    QCOMPARE(j["format"].get<int>(), 1);
    QVERIFY(j["complete"].get<bool>());
    QCOMPARE(j["patches"].size(), std::size_t(8));
    for (const auto& [stem, e] : j["patches"].items()) {
      const double r = e["relocalization_change"], d = e["peer_disagreement"], kl = e["peer_sym_kl"];
      QVERIFY2(r >= 0 && r <= 1, stem.c_str());
      QVERIFY2(d >= 0 && d <= 1, stem.c_str());
      QVERIFY2(kl > 0, stem.c_str());  // two dropout passes never give identical logits
      QVERIFY(!e["classes"].empty());
    }
    // ARS of a trained model moves the CAM somewhere.
    double maxChange = 0;
    for (const auto& [stem, e] : j["patches"].items()) maxChange = std::max(maxChange, e["relocalization_change"].get<double>());
    QVERIFY(maxChange > 0);
    // Progress events counted up to the total.
    std::ifstream f(dir / "events.jsonl");
    int progress = 0;
    for (std::string line; std::getline(f, line);) progress += line.find("\"progress\"") != std::string::npos;
    QCOMPARE(progress, 3);  // blocks of 3, 3, 2

    // The same settings elsewhere give the same numbers.
    const auto again = train::computeReviewScores(options(dir / "again.json"), never, events);
    QCOMPARE(again.computed, 8);
    QCOMPARE(readJson(dir / "again.json")["patches"], j["patches"]);
  }

  void scoresPatchesCutFromSlides() {
    // A project folder with review.json and two patches "cut from a slide" (copies of training
    // patches): one with its classes, one without (the classifier's prediction stands in).
    const fs::path project = test::scratchDir("review-scores-slides");
    const auto train = data::Dataset::open(data_).train();
    fs::create_directories(project / "slide-patches" / "s1");
    fs::copy_file(train[0].image, project / "slide-patches" / "s1" / "cut-a.png", fs::copy_options::overwrite_existing);
    fs::copy_file(train[1].image, project / "slide-patches" / "s1" / "cut-b.png", fs::copy_options::overwrite_existing);
    std::vector<int> classesA;
    for (std::size_t c = 0; c < train[0].label.size(); ++c)
      if (train[0].label[c]) classesA.push_back(int(c));
    data::ReviewFile review;
    data::PatchReview a;
    a.image = "slide-patches/s1/cut-a.png";
    a.classes = classesA;
    a.hasClasses = true;
    review.put("cut-a", a);
    data::PatchReview b;
    b.image = "slide-patches/s1/cut-b.png";
    review.put("cut-b", b);
    review.set(train[2].image.stem().string(), data::ReviewState::Accepted);  // a training patch: no extra entry
    review.save(project / "review.json");

    EventSink quiet;
    CancelToken never;
    auto o = options(project / "scores.json");
    o.review = project / "review.json";
    const auto s = train::computeReviewScores(o, never, quiet);
    QCOMPARE(s.total, 10);
    QCOMPARE(s.computed, 10);
    const json j = readJson(o.out);
    QCOMPARE(j["patches"].size(), std::size_t(10));
    const json& cutA = j["patches"]["cut-a"];
    const json& source = j["patches"][train[0].image.stem().string()];
    QCOMPARE(cutA["classes"], source["classes"]);
    // Same image, same classes, same (eval-mode) classifier: the same relocalization change.
    QVERIFY(std::abs(cutA["relocalization_change"].get<double>() - source["relocalization_change"].get<double>()) < 1e-5);
    QVERIFY(cutA["peer_disagreement"].is_number() && cutA["peer_sym_kl"].is_number());

    // cut-b's classes are those the classifier predicts present: sigmoid(logits) > 0.5.
    cam::CamModel model = cam::loadCamModel(stage1Last_);
    torch::NoGradGuard noGrad;
    const at::Tensor logits =
        model.net->forward(data::rgbToTensor(data::readRgbImage(train[1].image)).unsqueeze(0), true).logits[0];
    json predicted = json::array();
    for (int64_t c = 0; c < logits.size(0); ++c)
      if (torch::sigmoid(logits[c]).item<double>() > 0.5) predicted.push_back(c);
    const json& cutB = j["patches"]["cut-b"];
    QCOMPARE(cutB["classes"], predicted);
    QCOMPARE(cutB["relocalization_change"].is_null(), predicted.empty());

    // Run again: all kept; cut-a's classes changed: only cut-a is scored again, with the new label.
    QCOMPARE(train::computeReviewScores(o, never, quiet).computed, 0);
    a.classes = classesA == std::vector<int>{0} ? std::vector<int>{1} : std::vector<int>{0};
    review.put("cut-a", a);
    review.save(project / "review.json");
    QCOMPARE(train::computeReviewScores(o, never, quiet).computed, 1);
    QCOMPARE(readJson(o.out)["patches"]["cut-a"]["classes"], json(a.classes));

    // A listed image that is not there: named.
    data::PatchReview gone;
    gone.image = "slide-patches/s1/gone.png";
    review.put("gone", gone);
    review.save(project / "review.json");
    QString err;
    try {
      train::computeReviewScores(o, never, quiet);
    } catch (const InputError& e) {
      err = e.what();
    }
    QVERIFY2(err.contains("gone.png") && err.contains("image not found"), qPrintable(err));
  }

  void resumesAndCancelsBetweenBlocks() {
    const fs::path dir = test::scratchDir("review-scores-resume");
    EventSink quiet;
    CancelToken never;
    const fs::path out = dir / "scores.json";
    train::computeReviewScores(options(out), never, quiet);
    const json full = readJson(out);

    // Entries removed (as a stop would leave them): only those are computed, with the same values.
    json partial = full;
    std::vector<std::string> stems, removed;
    for (const auto& [stem, e] : full["patches"].items()) stems.push_back(stem);
    for (int i : {0, 2, 5, 7}) removed.push_back(stems[i]);  // spread over the three blocks
    for (const auto& stem : removed) partial["patches"].erase(stem);
    partial["complete"] = false;
    writeFileAtomically(out, partial.dump());
    const auto resumed = train::computeReviewScores(options(out), never, quiet);
    QCOMPARE(resumed.computed, 4);
    QCOMPARE(resumed.resumed, 4);
    const json after = readJson(out);
    QVERIFY(after["complete"].get<bool>());
    QCOMPARE(after["patches"], full["patches"]);

    // Cancelled after the first block: what is done is on disk, marked incomplete.
    fs::remove(out);
    CancelToken cancel;
    auto o = options(out);
    o.afterBlock = [&](int done) {
      if (done >= 3) cancel.cancel();
    };
    bool cancelled = false;
    try {
      train::computeReviewScores(o, cancel, quiet);
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
    const json stopped = readJson(out);
    QVERIFY(!stopped["complete"].get<bool>());
    QCOMPARE(stopped["patches"].size(), std::size_t(3));
    QCOMPARE(stopped["done"].get<int>(), 3);
    const auto rest = train::computeReviewScores(options(out), never, quiet);
    QCOMPARE(rest.computed, 5);
    QCOMPARE(readJson(out)["patches"], full["patches"]);

    // Other settings (no classifier) start again instead of mixing scores.
    auto segOnly = options(out);
    segOnly.classifier.clear();
    const auto fresh = train::computeReviewScores(segOnly, never, quiet);
    QCOMPARE(fresh.computed, 8);
    QVERIFY(readJson(out)["patches"].begin()->at("relocalization_change").is_null());
  }

  void independentPeersComeFromTheirCheckpoints() {
    train::MutualTrainerOptions s2 = tinyStage2("review-scores-independent");
    s2.peers = train::PeerMode::Independent;
    EventSink quiet;
    CancelToken never;
    const auto r = train::trainMutual(s2, never, quiet);
    auto o = options(s2.runDir / "scores.json");
    o.classifier.clear();
    o.segmenter = r.lastCheckpoint;
    QCOMPARE(train::computeReviewScores(o, never, quiet).peerSource, std::string("independent"));
    const json j = readJson(o.out);
    double meanDisagreement = 0;
    for (const auto& [stem, e] : j["patches"].items()) meanDisagreement += e["peer_disagreement"].get<double>() / 8;
    QVERIFY(meanDisagreement > 0);  // separately initialised networks disagree somewhere

    // Without the peer files beside it, the dropout passes stand in (with a warning).
    fs::remove(s2.runDir / "checkpoints" / "last-peer2.pt");
    fs::remove(o.out);
    QCOMPARE(train::computeReviewScores(o, never, quiet).peerSource, std::string("dropout"));
  }

  void badInputIsNamed() {
    EventSink quiet;
    CancelToken never;
    const fs::path dir = test::scratchDir("review-scores-errors");
    auto noArs = options(dir / "s.json");
    noArs.classifier = stage1Final_;  // inference model: ARS weights dropped
    QString err;
    try {
      train::computeReviewScores(noArs, never, quiet);
    } catch (const InputError& e) {
      err = e.what();
    }
    QVERIFY2(err.startsWith(QString::fromStdString(stage1Final_.string())) && err.contains("no ARS weights"), qPrintable(err));
    auto none = options(dir / "s.json");
    none.classifier.clear();
    none.segmenter.clear();
    QVERIFY_THROWS_EXCEPTION(InputError, train::computeReviewScores(none, never, quiet));
    QVERIFY(!fs::exists(dir / "s.json"));
  }
};

QTEST_GUILESS_MAIN(TestReviewScores)
#include "test_review_scores.moc"
