#include "train/stage1_trainer.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <sstream>

#include <torch/torch.h>

#include "cam/precision_guard.h"
#include "core/errors.h"
#include "run/run_files.h"
#include "run/run_layout.h"
#include "data/dataset.h"
#include "distributed/batch_shard.h"
#include "distributed/data_parallel_group.h"
#include "distributed/gradient_reduction.h"
#include "models/batch_slice_dropout.h"
#include "models/checkpoint.h"
#include "models/initial_weights.h"
#include "models/state_dict_import.h"
#include "tensors/batch_loader.h"
#include "train/multilabel_loss.h"
#include "train/poly_optimizer.h"
#include "train/batch_norm_replica_sum.h"
#include "train/rows_of_rank.h"
#include "train/stage1_param_groups.h"
#include "train/training_device.h"
#include "train/training_loop.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace arml::train {
namespace {

const char* softmaxName(models::CcaSoftmax s) { return s == models::CcaSoftmax::Keys ? "keys" : "query-rows"; }

// Model tensors on the CPU (shared, not copied, when they already are there).
models::StateDict cpuStateDict(const torch::nn::Module& net, bool withArs) {
  models::StateDict out;
  for (const auto& [name, t] : models::moduleStateDict(net)) {
    if (!withArs && (name.rfind("amm.", 0) == 0 || name.rfind("cca.", 0) == 0)) continue;
    out.insert(name, t.detach().to(torch::kCPU));
  }
  return out;
}

void importInitWeights(models::Resnet38dClassifierImpl& net, const fs::path& path, EventSink& events,
                       const std::function<void(const std::string&)>& onReport) {
  const models::Checkpoint ck = models::loadCheckpoint(path);
  // Refuses when nothing matches or a backbone tensor is missing (models/initial_weights.h).
  const models::ImportReport report = models::importInitialWeights(net, ck.model, models::WeightTarget::Classifier);
  events.emit("import", {{"path", path.string()}, {"summary", report.summary()}, {"report", report.toString()}});
  if (onReport) onReport(report.toString());
  if (!report.unexpected.empty())
    events.warning(path.string() + ": " + std::to_string(report.unexpected.size()) +
                   " entries not used by the classifier, e.g. " + report.unexpected.front());
}

// Exact match and label-set Jaccard (reference compute_acc) at probability 0.5, summed over a batch.
void labelAgreement(const at::Tensor& logits, const at::Tensor& labels, double& exact, double& jaccard) {
  const at::Tensor pred = (logits.detach() > 0).to(torch::kCPU);
  const at::Tensor gt = (labels > 0.5).to(torch::kCPU);
  for (int64_t n = 0; n < pred.size(0); ++n) {
    const int64_t inter = (pred[n] & gt[n]).sum().item<int64_t>();
    const int64_t uni = (pred[n] | gt[n]).sum().item<int64_t>();
    exact += torch::equal(pred[n], gt[n]) ? 1.0 : 0.0;
    jaccard += uni == 0 ? 1.0 : double(inter) / double(uni);
  }
}

std::string csvNumber(double v) {
  std::ostringstream s;
  s.precision(8);
  s << v;
  return s.str();
}

}  // namespace

bool stage1ReferenceFreeze(const Stage1TrainerOptions& o) {
  if (o.freeze == "reference") return true;
  if (o.freeze == "none") return false;
  if (o.freeze == "auto") return !o.initWeights.empty();
  throw InputError("--freeze " + o.freeze, "use auto, reference or none");
}

double stage1Momentum(const Stage1TrainerOptions& o) {
  if (o.momentum) return *o.momentum;
  return o.ars == models::ArsMode::Intended ? 0.9 : 5e-4;
}

namespace {

json stage1Config(const Stage1TrainerOptions& o, const data::Dataset& ds, const std::string& precision) {
  json config = {{"stage", "stage1"},
                 {"arch", models::archForWidthDivisor(o.widthDivisor)},
                 {"width_divisor", o.widthDivisor},
                 {"ars", models::toString(o.ars)},
                 {"cca_softmax", softmaxName(o.ccaSoftmax)},
                 {"ars_from_epoch", o.arsFromEpoch},
                 {"epochs", o.epochs},
                 {"batch", o.batchSize},
                 {"lr", o.lr},
                 {"weight_decay", o.weightDecay},
                 {"momentum", stage1Momentum(o)},
                 {"seed", o.seed},
                 {"patch_size", o.patchSize},
                 {"max_steps_per_epoch", o.maxStepsPerEpoch},
                 {"init", o.initWeights.string()},
                 {"reference_freeze", stage1ReferenceFreeze(o)},
                 {"data", o.dataRoot.string()},
                 {"dataset", data::datasetKindName(ds.kind())}};
  if (precision != "fp32") config["precision"] = precision;  // fp32 runs keep the configuration of earlier versions
  return config;
}

data::BatchLoaderOptions stage1LoaderOptions(const Stage1TrainerOptions& o) {
  data::BatchLoaderOptions lo;
  lo.batchSize = o.batchSize;
  lo.shuffle = true;
  lo.dropLast = true;
  lo.workers = o.workers;
  lo.seed = o.seed;
  lo.augmentation = data::Augmentation::Stage1;
  lo.patchSize = o.patchSize;
  lo.rowsOfRank = rowsOfRank(o.dataParallel);
  return lo;
}

// One stage-1 training run: the network, optimizer and per-epoch sums that the TrainingLoop hooks share.
class Stage1Run {
public:
  Stage1Run(const data::Dataset& ds, const Stage1TrainerOptions& o, EventSink& events);
  Stage1TrainResult train(const CancelToken& cancel);

private:
  void buildNetwork();
  void restore(const models::Checkpoint& ck);
  void saveLast(int epoch, int64_t stepInEpoch);
  void beginEpoch(int epoch);
  void step(int epoch, int64_t i, data::Batch& batch);
  void endEpoch(int epoch);
  void saveFinal();

  const Stage1TrainerOptions& o_;
  distributed::DataParallelGroup* const group_;
  EventSink silent_;  // the events of ranks other than 0
  EventSink& events_;
  const torch::Device device_;
  const std::string precision_;
  json config_, baseMeta_;
  data::BatchLoader loader_;
  int64_t stepsPerEpoch_ = 0;
  models::Resnet38dClassifier net_{nullptr};
  std::unique_ptr<PolyOptimizer> optimizer_;
  std::vector<at::Tensor> decayOnly_, parameters_;
  GradScaler scaler_;
  std::unique_ptr<TrainingLoop> loop_;
  Stage1TrainResult result_;
  // The current epoch.
  bool applyArs_ = false;
  double lossSum_ = 0, exactSum_ = 0, jaccardSum_ = 0, lastLr_ = 0;
  int64_t images_ = 0, counted_ = 0;
};

Stage1Run::Stage1Run(const data::Dataset& ds, const Stage1TrainerOptions& o, EventSink& events)
    : o_(o),
      group_(o.dataParallel),
      events_(group_ && !group_->world().isRankZero() ? silent_ : events),
      device_(o.device),
      precision_(resolveTrainPrecision(o.precision, o.device)),
      config_(stage1Config(o, ds, precision_)),
      loader_(data::loaderItems(ds.train()), stage1LoaderOptions(o)),
      scaler_(precision_ == "fp16") {
  std::vector<std::string> classNames;
  for (const auto& c : ds.scheme().tissueClasses) classNames.push_back(c.name);
  baseMeta_ = {{"arch", config_["arch"]},          {"width_divisor", o.widthDivisor},
               {"classes", ds.scheme().tissueCount()}, {"class_names", classNames},
               {"dataset", config_["dataset"]},    {"ars", config_["ars"]},
               {"config", config_}};
  const int64_t batches = loader_.batchesPerEpoch();
  if (batches < 1)
    throw InputError(ds.splitFolder("train").string(), "has " + std::to_string(loader_.size()) +
                                                           " training images, fewer than one batch of " +
                                                           std::to_string(o.batchSize));
  if (group_ && o.batchSize < group_->world().worldSize)
    throw InputError("--batch " + std::to_string(o.batchSize),
                     "is smaller than the " + std::to_string(group_->world().worldSize) +
                         " processes of the data-parallel job; each needs at least one image per step");
  stepsPerEpoch_ = o.maxStepsPerEpoch > 0 ? std::min(batches, o.maxStepsPerEpoch) : batches;
  TrainingLoopOptions lo;
  lo.stage = "stage1";
  lo.stageLabel = "stage 1";
  lo.runDir = o.runDir;
  lo.metricsHeader = run::kStage1MetricsHeader;
  lo.epochs = o.epochs;
  lo.stepsPerEpoch = stepsPerEpoch_;
  lo.resume = o.resume;
  lo.resumeOffHint = "drop --resume";
  lo.device = o.device;
  lo.batchSize = o.batchSize;
  lo.batchSetting = "the batch size (--batch, stage1.batch)";
  lo.dataParallel = group_;
  loop_ = std::make_unique<TrainingLoop>(lo, events_);
  result_.lastCheckpoint = loop_->layout().lastCheckpoint();
  result_.finalCheckpoint = loop_->layout().finalCheckpoint();
  buildNetwork();
}

void Stage1Run::buildNetwork() {
  torch::manual_seed(o_.seed);
  net_ = models::Resnet38dClassifier(
      models::ClassifierOptions{o_.widthDivisor, baseMeta_["classes"].get<int>(), o_.ars, o_.ccaSoftmax});
  if (!o_.initWeights.empty()) importInitWeights(*net_, o_.initWeights, events_, o_.onInitReport);
  else net_->initFromScratch();
  net_->to(device_);
  net_->freezeForTraining(stage1ReferenceFreeze(o_));
  prepareDeviceForTraining(device_);
  optimizer_ = std::make_unique<PolyOptimizer>(stage1ParameterGroups(*net_, o_.lr, o_.weightDecay), stage1Momentum(o_),
                                               PolySchedule(stepsPerEpoch_ * o_.epochs));
  decayOnly_ = decayOnlyParameters(*net_);
  parameters_ = net_->parameters();
}

void Stage1Run::restore(const models::Checkpoint& ck) {
  models::ImportOptions strict;
  strict.strict = true;
  models::importStateDict(*net_, ck.model, strict);
  restoreOptimizer(*optimizer_, ck, device_, result_.lastCheckpoint);
}

void Stage1Run::saveLast(int epoch, int64_t stepInEpoch) {
  if (!loop_->writesRunFolder()) return;
  models::saveCheckpoint(result_.lastCheckpoint,
                         trainingCheckpoint(cpuStateDict(*net_, true), optimizer_.get(), epoch, stepInEpoch, baseMeta_));
}

void Stage1Run::beginEpoch(int epoch) {
  applyArs_ = net_->hasArs() && epoch >= o_.arsFromEpoch;
  net_->train();
  lossSum_ = exactSum_ = jaccardSum_ = lastLr_ = 0;
  images_ = counted_ = 0;
}

void Stage1Run::step(int epoch, int64_t i, data::Batch& batch) {
  const auto t0 = std::chrono::steady_clock::now();
  const int64_t globalImages = batch.globalSize;  // the loader built this rank's slice of it
  const distributed::BatchSlice slice{batch.sliceBegin, batch.images.size(0)};
  const at::Tensor input = toDevice(batch.images, device_);
  const at::Tensor labels = toDevice(batch.labels, device_);
  models::ClassifierOutputs out;
  {
    cam::PrecisionGuard autocast(precision_, o_.device);
    // Data parallel: every Dropout2d mask drawn for the global batch and cut to this rank's slice, so
    // that the ranks' RNG states stay equal and together compute what one process does.
    std::optional<models::BatchSliceDropout> sliceDropout;
    if (group_) sliceDropout.emplace(globalImages, slice.begin);
    const models::SyncBatchNormScope syncBatchNorm(batchNormReplicaSum(group_), double(slice.size) / double(globalImages));
    out = net_->forward(input, applyArs_);
  }
  out.logits = out.logits.to(torch::kFloat);
  const at::Tensor loss = multilabelSoftMarginLoss(out.logits, labels);
  double lossValue = loss.item<double>();
  if (group_) {  // the global batch's mean loss and label agreement, the same on every rank
    double exact = 0, jaccard = 0;
    labelAgreement(out.logits, labels, exact, jaccard);
    const at::Tensor sums = torch::tensor({lossValue * double(slice.size) / double(globalImages), exact, jaccard},
                                          torch::kFloat64);
    group_->sumInPlace({sums});
    lossValue = sums[0].item<double>();
    exactSum_ += sums[1].item<double>();
    jaccardSum_ += sums[2].item<double>();
  }
  if (!std::isfinite(lossValue))
    throw RuntimeFailure("stage 1: loss is " + std::string(std::isnan(lossValue) ? "NaN" : "infinite") +
                         " at epoch " + std::to_string(epoch) + ", step " + std::to_string(i) +
                         " (global step " + std::to_string(optimizer_->globalStep()) + "); " +
                         result_.lastCheckpoint.string() + " keeps the last good state — try a lower --lr");
  optimizer_->zeroGrad();
  std::optional<distributed::GradientReduction> reduction;  // data parallel: buckets summed during backward
  if (group_) reduction.emplace(*group_, parameters_, slice.size, globalImages);
  scaler_.scaled(loss).backward();
  if (applyArs_) PolyOptimizer::defineZeroGrads(decayOnly_);
  if (reduction) reduction->finish();
  optimizer_->setGlobalStep(int64_t(epoch) * stepsPerEpoch_ + i);
  lastLr_ = optimizer_->nextLr(0);
  const bool finite = scaler_.unscale(parameters_);
  if (finite)
    optimizer_->step();
  else
    events_.warning("stage 1: fp16 gradients overflowed at epoch " + std::to_string(epoch) + ", step " +
                    std::to_string(i) + "; step skipped, loss scale lowered to " + std::to_string(scaler_.scale() / 2));
  scaler_.update(finite);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  lossSum_ += lossValue;
  if (!group_) labelAgreement(out.logits, labels, exactSum_, jaccardSum_);
  images_ += globalImages;
  ++counted_;
  result_.lastLoss = lossValue;
  events_.step({{"stage", "stage1"}, {"epoch", epoch}, {"epochs", o_.epochs}, {"step", i + 1},
                {"steps", stepsPerEpoch_}, {"global_step", optimizer_->globalStep()},
                {"total_steps", optimizer_->schedule().maxStep()}, {"loss", lossValue}, {"lr", lastLr_},
                {"ars", applyArs_}, {"images_per_s", double(globalImages) / std::max(seconds, 1e-9)}});
  if (o_.afterStep) o_.afterStep(epoch, i + 1);
}

void Stage1Run::endEpoch(int epoch) {
  const double seconds = loop_->epochSeconds();
  const double meanLoss = counted_ ? lossSum_ / counted_ : std::nan("");
  const double exact = images_ ? exactSum_ / images_ : std::nan("");
  const double jaccard = images_ ? jaccardSum_ / images_ : std::nan("");
  saveLast(epoch + 1, 0);
  loop_->appendMetricsRow(std::to_string(epoch) + "," + csvNumber(meanLoss) + "," + csvNumber(exact) + "," +
                          csvNumber(jaccard) + "," + csvNumber(lastLr_) + "," + (applyArs_ ? "1" : "0") + "," +
                          csvNumber(seconds) + "\n");
  events_.epoch({{"stage", "stage1"}, {"epoch", epoch}, {"epochs", o_.epochs}, {"loss", meanLoss},
                 {"exact_match", exact}, {"jaccard", jaccard}, {"lr", lastLr_}, {"ars", applyArs_},
                 {"seconds", seconds}, {"images_per_s", images_ / std::max(seconds, 1e-9)}});
  events_.artifact("checkpoint", result_.lastCheckpoint.string());
  result_.epochsCompleted = epoch + 1;
  result_.lastEpochLoss = meanLoss;
}

void Stage1Run::saveFinal() {
  if (!loop_->writesRunFolder()) return;
  models::Checkpoint final;
  final.model = cpuStateDict(*net_, false);
  final.epoch = o_.epochs;
  final.step = optimizer_->globalStep();
  final.meta = baseMeta_;
  final.meta["ars"] = "off";  // the inference model: ARS only shapes training
  final.meta["trained_with_ars"] = models::toString(o_.ars);
  models::saveCheckpoint(result_.finalCheckpoint, final);
  events_.artifact("model", result_.finalCheckpoint.string());
}

Stage1TrainResult Stage1Run::train(const CancelToken& cancel) {
  TrainingLoop::Hooks hooks;
  hooks.restore = [this](const models::Checkpoint& ck) { restore(ck); };
  hooks.saveLast = [this](int epoch, int64_t stepInEpoch) { saveLast(epoch, stepInEpoch); };
  hooks.beginEpoch = [this](int epoch) { beginEpoch(epoch); };
  hooks.step = [this](int epoch, int64_t i, data::Batch& batch) { step(epoch, i, batch); };
  hooks.endEpoch = [this](int epoch) { endEpoch(epoch); };
  loop_->begin(config_, hooks);
  if (group_) {  // rank 0's weights (initial or resumed) on every rank, as PyTorch's DDP starts
    std::vector<at::Tensor> state = net_->parameters();
    for (const at::Tensor& b : net_->buffers()) state.push_back(b);
    group_->broadcastFromRankZero(state);
  }
  loop_->run(loader_, hooks, cancel);
  saveFinal();
  result_.globalSteps = optimizer_->globalStep();
  return result_;
}

void checkStage1Options(const Stage1TrainerOptions& o) {
  if (o.epochs < 1 || o.batchSize < 1) throw InputError("stage 1 options", "need epochs >= 1 and batch >= 1");
  if (o.runDir.empty()) throw InputError("stage 1 options", "no run folder (--out) given");
}

}  // namespace

Stage1TrainResult trainStage1(const data::Dataset& dataset, const Stage1TrainerOptions& o, const CancelToken& cancel,
                              EventSink& events) {
  checkStage1Options(o);
  Stage1Run run(dataset, o, events);
  return run.train(cancel);
}

Stage1TrainResult trainStage1(const Stage1TrainerOptions& o, const CancelToken& cancel, EventSink& events) {
  checkStage1Options(o);
  return trainStage1(data::Dataset::open(o.dataRoot, o.datasetHint), o, cancel, events);
}

}  // namespace arml::train
