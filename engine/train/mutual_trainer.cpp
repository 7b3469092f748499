#include "train/mutual_trainer.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include <torch/torch.h>

#include "cam/precision_guard.h"
#include "core/errors.h"
#include "run/run_files.h"
#include "run/run_layout.h"
#include "data/dataset.h"
#include "data/mask_set.h"
#include "distributed/batch_shard.h"
#include "distributed/data_parallel_group.h"
#include "distributed/gradient_reduction.h"
#include "models/checkpoint.h"
#include "models/initial_weights.h"
#include "models/pspnet.h"
#include "models/state_dict.h"
#include "tensors/batch_loader.h"
#include "tensors/mask_values.h"
#include "train/poly_optimizer.h"
#include "train/batch_norm_replica_sum.h"
#include "train/rows_of_rank.h"
#include "train/stage2_evaluation.h"
#include "train/stage2_model.h"
#include "train/training_device.h"
#include "train/training_loop.h"

namespace arml::train {
namespace fs = std::filesystem;
using nlohmann::json;

PeerMode parsePeerMode(const std::string& name) {
  if (name == "shared") return PeerMode::Shared;
  if (name == "independent") return PeerMode::Independent;
  throw InputError("--peers " + name, "expected shared or independent");
}

std::string peerModeName(PeerMode mode) { return mode == PeerMode::Shared ? "shared" : "independent"; }

namespace {

struct Member {
  models::PSPNet net{nullptr};
  std::unique_ptr<PolyOptimizer> optimizer;
};

struct TrainingSet {
  std::vector<data::LoaderItem> items;
  data::MaskSet masks;
};

// The training images with the masks of the effective mask set; rejected patches are not among them.
// A review file that does not exist yet means nothing was reviewed.
TrainingSet trainingItems(const data::Dataset& ds, const MutualTrainerOptions& o) {
  if (!fs::is_directory(o.masksDir)) throw InputError(o.masksDir.string(), "mask folder not found");
  if (!o.editsDir.empty() && !fs::is_directory(o.editsDir)) throw InputError(o.editsDir.string(), "edits folder not found");
  const data::ReviewFile review = o.reviewFile.empty() ? data::ReviewFile() : data::ReviewFile::load(o.reviewFile);
  const auto absolute = [](const fs::path& p) { return p.empty() ? p : fs::absolute(p); };
  std::vector<std::string> stems;
  std::map<std::string, fs::path> images;
  for (const auto& item : ds.train()) {
    stems.push_back(item.image.stem().string());
    images[stems.back()] = item.image;
  }
  TrainingSet set;
  set.masks = data::resolveMaskSet(stems, absolute(o.masksDir), absolute(o.editsDir), review, absolute(o.reviewFile));
  if (!set.masks.missing.empty())
    throw InputError(o.masksDir.string(), std::to_string(set.masks.missing.size()) + " of " + std::to_string(ds.train().size()) +
                                              " training images have no mask here, e.g. " +
                                              (o.masksDir / (set.masks.missing.front() + ".png")).string());
  for (const auto& e : set.masks.entries)
    set.items.push_back({e.image.empty() ? images.at(e.stem) : e.image, {}, e.mask});
  if (set.items.size() < 2)
    throw InputError(ds.root().string(), "stage 2 needs at least 2 training images (" +
                                             std::to_string(set.masks.excluded.size()) + " rejected in review)");
  return set;
}

json configJson(const MutualTrainerOptions& o, const data::Dataset& ds, const data::MaskSet& masks) {
  json config = {{"stage", "stage2"},
          {"data", fs::absolute(o.dataRoot).string()},
          {"dataset", data::datasetKindName(ds.kind())},
          {"masks", fs::absolute(o.masksDir).string()},
          {"mask_set", data::maskSetJson(masks)},
          {"train_images", masks.entries.size()},
          {"epochs", o.epochs},
          {"batch", o.batchSize},
          {"lr", o.lr},
          {"momentum", o.momentum},
          {"weight_decay", o.weightDecay},
          {"loss_weights", {o.loss.swv, o.loss.srm}},
          {"peers", peerModeName(o.peers)},
          {"width_divisor", o.widthDivisor},
          {"dropout", o.dropout},
          {"patch_size", o.patchSize},
          {"init_weights", o.initWeights.string()},
          {"seed", o.seed},
          {"max_steps_per_epoch", o.maxStepsPerEpoch}};
  const std::string precision = resolveTrainPrecision(o.precision, o.device);
  if (precision != "fp32") config["precision"] = precision;  // fp32 runs keep the configuration of earlier versions
  return config;
}

data::BatchLoaderOptions mutualLoaderOptions(const MutualTrainerOptions& o) {
  data::BatchLoaderOptions lo;
  lo.batchSize = o.batchSize;
  lo.shuffle = true;
  lo.dropLast = false;
  lo.workers = o.workers;
  lo.seed = o.seed;
  lo.augmentation = data::Augmentation::Stage2;
  lo.patchSize = o.patchSize;
  lo.rowsOfRank = rowsOfRank(o.dataParallel);
  return lo;
}

// One stage-2 training run: the team, optimizers, best-so-far and per-epoch sums the TrainingLoop
// hooks share.
class MutualRun {
public:
  MutualRun(const data::Dataset& ds, const MutualTrainerOptions& o, EventSink& events);
  MutualTrainResult train(const CancelToken& cancel);

private:
  void describeMaskSet();
  void buildLoader();
  void buildTeam();
  void restore(const models::Checkpoint& ck);
  json metaNow() const;
  void saveLast(int epoch, int64_t stepInEpoch);
  void beginEpoch(int epoch);
  void step(int epoch, int64_t i, data::Batch& batch);
  Stage2Loss sharedPeersLoss(const at::Tensor& images, const at::Tensor& masks, int epoch, int64_t i);
  Stage2Loss independentPeersLoss(const at::Tensor& images, const at::Tensor& masks, int epoch, int64_t i);
  at::Tensor forward(models::PSPNet& net, const at::Tensor& x) const;
  void endEpoch(int epoch);
  bool validate(int epoch, json& epochEvent, std::vector<double>& valMetrics);
  void finalTest();

  void broadcastTeam(bool buffersOnly);
  bool writes() const { return loop_->writesRunFolder(); }

  const data::Dataset& ds_;
  const MutualTrainerOptions& o_;
  distributed::DataParallelGroup* const group_;
  EventSink silent_;  // the events of ranks other than 0
  EventSink& events_;
  const int classes_;
  const TrainingSet training_;
  const torch::Device device_;
  const std::string precision_;
  json config_, baseMeta_;
  std::vector<std::string> classNames_;
  std::unique_ptr<data::BatchLoader> loader_;
  int64_t stepsPerEpoch_ = 0;
  std::vector<Member> team_;
  GradScaler scaler_;
  std::vector<at::Tensor> parameters_;
  std::unique_ptr<TrainingLoop> loop_;
  MutualTrainResult result_;
  const CancelToken* cancel_ = nullptr;
  bool canValidate_ = false;
  SegmenterEvalOptions evalOptions_;
  double bestMiou_ = -1;
  int bestEpoch_ = -1;
  // The current epoch.
  double lossSum_ = 0, swvSum_ = 0, srmSum_ = 0, lastLr_ = 0;
  int64_t counted_ = 0;
};

MutualRun::MutualRun(const data::Dataset& ds, const MutualTrainerOptions& o, EventSink& events)
    : ds_(ds),
      o_(o),
      group_(o.dataParallel),
      events_(group_ && !group_->world().isRankZero() ? silent_ : events),
      classes_(ds.scheme().tissueCount()),
      training_(trainingItems(ds, o)),
      device_(o.device),
      precision_(resolveTrainPrecision(o.precision, o.device)),
      config_(configJson(o, ds, training_.masks)),
      scaler_(precision_ == "fp16") {
  describeMaskSet();
  for (const auto& c : ds.scheme().tissueClasses) classNames_.push_back(c.name);
  baseMeta_ = {{"arch", kSegmenterArch},       {"width_divisor", o.widthDivisor}, {"classes", classes_},
               {"class_names", classNames_},    {"dataset", data::datasetKindName(ds.kind())},
               {"peers", peerModeName(o.peers)}, {"config", config_}};
  torch::manual_seed(o.seed);
  buildLoader();
  buildTeam();
  result_.trainImages = int(training_.items.size());
  result_.maskSet = config_["mask_set"];
  result_.lastCheckpoint = loop_->layout().lastCheckpoint();
  result_.bestCheckpoint = loop_->layout().bestCheckpoint();
  canValidate_ = o.validate && ds.hasSplit("val");
  evalOptions_.workers = std::max(1, o.workers);
}

void MutualRun::describeMaskSet() {
  if (!o_.reviewFile.empty() && !fs::exists(o_.reviewFile))
    events_.warning(o_.reviewFile.string() + ": no review file yet; every patch counts as unreviewed");
  const data::MaskSet& m = training_.masks;
  events_.emit("mask-set", {{"stage", "stage2"}, {"train_images", training_.items.size()}, {"corrected", m.corrected},
                            {"generated", m.generated}, {"excluded", m.excluded.size()}, {"digest", m.digest}});
}

void MutualRun::buildLoader() {
  loader_ = std::make_unique<data::BatchLoader>(training_.items, mutualLoaderOptions(o_));
  const int64_t itersPerEpoch = loader_->batchesPerEpoch();
  stepsPerEpoch_ = o_.maxStepsPerEpoch > 0 ? std::min(itersPerEpoch, o_.maxStepsPerEpoch) : itersPerEpoch;
  TrainingLoopOptions lo;
  lo.stage = "stage2";
  lo.stageLabel = "stage 2";
  lo.runDir = o_.runDir;
  lo.metricsHeader = run::kStage2MetricsHeader;
  lo.epochs = o_.epochs;
  lo.stepsPerEpoch = stepsPerEpoch_;
  lo.resume = o_.resume;
  lo.resumeOffHint = "turn resume off";
  lo.device = o_.device;
  lo.batchSize = o_.batchSize;
  lo.batchSetting = "the batch size (--batch, stage2.batch)";
  lo.dataParallel = group_;
  loop_ = std::make_unique<TrainingLoop>(lo, events_);
}

void MutualRun::buildTeam() {
  const PolySchedule schedule(int64_t(o_.epochs) * stepsPerEpoch_, 0.9);
  team_.resize(o_.peers == PeerMode::Shared ? 1 : 3);
  models::StateDict initWeights;
  if (!o_.initWeights.empty()) initWeights = models::loadStateDict(o_.initWeights);
  for (std::size_t k = 0; k < team_.size(); ++k) {
    models::PSPNetOptions po;
    po.numClasses = classes_;
    po.widthDivisor = o_.widthDivisor;
    po.dropout = o_.dropout;
    team_[k].net = models::PSPNet(po);
    if (!o_.initWeights.empty()) {
      // Refuses when nothing matches (e.g. a stage-1 checkpoint) or an encoder tensor is missing.
      const models::ImportReport report =
          models::importInitialWeights(*team_[k].net, initWeights, models::WeightTarget::Segmenter);
      if (k == 0) {
        events_.emit("import", {{"path", o_.initWeights.string()}, {"summary", report.summary()}, {"report", report.toString()}});
        if (o_.onInitReport) o_.onInitReport(report.toString());
      }
    }
    team_[k].net->to(device_);
    ParamGroup g;
    g.label = "all";
    for (const auto& p : team_[k].net->named_parameters(true)) {
      g.names.push_back(p.key());
      g.params.push_back(p.value());
    }
    g.lr = o_.lr;
    g.weightDecay = o_.weightDecay;
    team_[k].optimizer = std::make_unique<PolyOptimizer>(std::vector<ParamGroup>{g}, o_.momentum, schedule);
  }
  prepareDeviceForTraining(device_);
  for (const auto& m : team_)
    for (const auto& p : m.net->parameters()) parameters_.push_back(p);
}

void restoreMember(Member& m, const models::Checkpoint& ck, const torch::Device& device, const fs::path& source) {
  m.net->loadNamedTensors(std::map<std::string, at::Tensor>(ck.model.begin(), ck.model.end()));
  restoreOptimizer(*m.optimizer, ck, device, source);
}

void MutualRun::restore(const models::Checkpoint& ck) {
  restoreMember(team_[0], ck, device_, result_.lastCheckpoint);
  for (std::size_t k = 1; k < team_.size(); ++k) {
    const fs::path peer = loop_->layout().peerLastCheckpoint(int(k));
    restoreMember(team_[k], models::loadCheckpoint(peer), device_, peer);
  }
  bestMiou_ = ck.meta.value("best_val_miou", -1.0);
  bestEpoch_ = ck.meta.value("best_epoch", -1);
}

json MutualRun::metaNow() const {
  json meta = baseMeta_;
  meta["best_val_miou"] = bestMiou_;
  meta["best_epoch"] = bestEpoch_;
  return meta;
}

void MutualRun::saveLast(int epoch, int64_t stepInEpoch) {
  if (!writes()) return;
  for (std::size_t k = 1; k < team_.size(); ++k)
    models::saveCheckpoint(loop_->layout().peerLastCheckpoint(int(k)),
                           trainingCheckpoint(segmenterStateDict(team_[k].net), team_[k].optimizer.get(), epoch,
                                              stepInEpoch, metaNow()));
  models::saveCheckpoint(result_.lastCheckpoint, trainingCheckpoint(segmenterStateDict(team_[0].net),
                                                                    team_[0].optimizer.get(), epoch, stepInEpoch, metaNow()));
}

// Network outputs under the run's autocast, as float32 for the losses.
at::Tensor MutualRun::forward(models::PSPNet& net, const at::Tensor& x) const {
  cam::PrecisionGuard autocast(precision_, o_.device);
  return net->forward(x).to(torch::kFloat);
}

void MutualRun::beginEpoch(int) {
  lossSum_ = swvSum_ = srmSum_ = lastLr_ = 0;
  counted_ = 0;
}

Stage2Loss MutualRun::sharedPeersLoss(const at::Tensor& images, const at::Tensor& masks, int epoch, int64_t i) {
  auto& net = team_[0].net;
  net->train();
  const at::Tensor zMain = forward(net, images);
  at::Tensor z1, z2;
  {
    torch::NoGradGuard noGrad;
    z1 = forward(net, images);
    z2 = forward(net, images);
  }
  Stage2Loss reported = stage2Loss(zMain, z1, z2, masks, o_.loss);
  team_[0].optimizer->zeroGrad();
  if (!std::isfinite(reported.total.item<double>()))
    throw RuntimeFailure("stage 2: loss is NaN or infinite at epoch " + std::to_string(epoch) + ", step " + std::to_string(i));
  scaler_.scaled(reported.total).backward();
  return reported;
}

Stage2Loss MutualRun::independentPeersLoss(const at::Tensor& images, const at::Tensor& masks, int epoch, int64_t i) {
  std::vector<at::Tensor> z(3);
  for (int k = 0; k < 3; ++k) {
    team_[k].net->train();
    z[k] = forward(team_[k].net, images);
  }
  Stage2Loss reported;
  at::Tensor sum;
  for (int k = 0; k < 3; ++k) {
    const Stage2Loss l = stage2Loss(z[k], z[(k + 1) % 3].detach(), z[(k + 2) % 3].detach(), masks, o_.loss);
    if (k == 0) reported = l;
    sum = k == 0 ? l.total : sum + l.total;
    team_[k].optimizer->zeroGrad();
  }
  if (!std::isfinite(sum.item<double>()))
    throw RuntimeFailure("stage 2: loss is NaN or infinite at epoch " + std::to_string(epoch) + ", step " + std::to_string(i));
  scaler_.scaled(sum).backward();
  return reported;
}

void MutualRun::step(int epoch, int64_t i, data::Batch& batch) {
  const int64_t globalImages = batch.globalSize;  // the loader built this rank's slice of it
  const int ranks = group_ ? group_->world().worldSize : 1;
  if (globalImages < 2 * ranks) {
    events_.warning(ranks == 1 ? "stage 2: skipped a batch of one image at epoch " + std::to_string(epoch) + " step " +
                                     std::to_string(i) + " (batch statistics need two)"
                               : "stage 2: skipped a batch of " + std::to_string(globalImages) + " images at epoch " +
                                     std::to_string(epoch) + " step " + std::to_string(i) +
                                     " (batch statistics need two per process)");
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const distributed::BatchSlice slice{batch.sliceBegin, batch.images.size(0)};
  const at::Tensor images = toDevice(batch.images, device_);
  const at::Tensor masks = toDevice(batch.masks, device_);
  {
    std::vector<std::string> maskPaths;  // the message names the mask with stray values, not a batch-mate
    for (const std::int64_t index : batch.indices) maskPaths.push_back(training_.items[std::size_t(index)].mask.string());
    eval::checkMaskValues(batch.masks, classes_, maskPaths);
  }
  const int64_t globalStep = int64_t(epoch) * stepsPerEpoch_ + i;
  Stage2Loss reported;
  std::optional<distributed::GradientReduction> reduction;  // data parallel: buckets summed during backward
  if (group_) reduction.emplace(*group_, parameters_, slice.size, globalImages);
  {
    const models::SyncBatchNormScope syncBatchNorm(batchNormReplicaSum(group_), double(slice.size) / double(globalImages));
    reported = o_.peers == PeerMode::Shared ? sharedPeersLoss(images, masks, epoch, i)
                                            : independentPeersLoss(images, masks, epoch, i);
  }
  if (reduction) reduction->finish();
  const bool finite = scaler_.unscale(parameters_);
  if (!finite)
    events_.warning("stage 2: fp16 gradients overflowed at epoch " + std::to_string(epoch) + ", step " +
                    std::to_string(i) + "; step skipped, loss scale lowered to " + std::to_string(scaler_.scale() / 2));
  for (auto& m : team_) {
    m.optimizer->setGlobalStep(globalStep);
    lastLr_ = m.optimizer->nextLr(0);
    if (finite) m.optimizer->step();
  }
  scaler_.update(finite);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double loss = reported.total.item<double>(), swv = reported.swv.item<double>(), srm = reported.srm.item<double>();
  if (group_) {  // the ranks' losses weighted by their slices: what rank 0 reports
    const double w = double(slice.size) / double(globalImages);
    const at::Tensor sums = torch::tensor({loss * w, swv * w, srm * w}, torch::kFloat64);
    group_->sumInPlace({sums});
    loss = sums[0].item<double>();
    swv = sums[1].item<double>();
    srm = sums[2].item<double>();
  }
  lossSum_ += loss;
  swvSum_ += swv;
  srmSum_ += srm;
  ++counted_;
  result_.lastLoss = loss;
  events_.step({{"stage", "stage2"}, {"epoch", epoch}, {"epochs", o_.epochs}, {"step", i + 1}, {"steps", stepsPerEpoch_},
                {"global_step", globalStep + 1}, {"loss", loss}, {"swv", swv},
                {"srm", srm}, {"lr", lastLr_},
                {"images_per_s", double(globalImages) / std::max(seconds, 1e-9)}});
}

// Rank 0's tensors on every rank: at the start every parameter and buffer, before validation the
// buffers (BatchNorm statistics are per rank in training; rank 0's are the ones it saves).
void MutualRun::broadcastTeam(bool buffersOnly) {
  std::vector<at::Tensor> state;
  for (const auto& m : team_) {
    if (!buffersOnly)
      for (const at::Tensor& p : m.net->parameters()) state.push_back(p);
    for (const at::Tensor& b : m.net->buffers()) state.push_back(b);
  }
  group_->broadcastFromRankZero(state);
}

// Validation mIoU of the first network; val_metrics.json when it is the best so far. valMetrics:
// mIoU, fwIoU, pixel accuracy, Dice. Returns whether it improved.
bool MutualRun::validate(int epoch, json& epochEvent, std::vector<double>& valMetrics) {
  evalOptions_.progressStage = "stage2-val";
  eval::ConfusionMatrix cm(classes_);
  if (!group_) {
    cm = evaluateSegmenter(team_[0].net, ds_.masked("val"), evalOptions_, *cancel_, &events_);
  } else {  // this rank's share of the split; not cancellable midway, where the ranks would part
    broadcastTeam(/*buffersOnly=*/true);
    const std::vector<data::MaskedItem>& all = ds_.masked("val");
    const distributed::BatchSlice share = distributed::sliceOfBatch(int64_t(all.size()), group_->world().rank,
                                                                    group_->world().worldSize);
    const std::vector<data::MaskedItem> mine(all.begin() + share.begin, all.begin() + share.begin + share.size);
    const CancelToken notCancelled;
    const eval::ConfusionMatrix part = evaluateSegmenter(team_[0].net, mine, evalOptions_, notCancelled, &events_);
    const at::Tensor counts = torch::tensor(part.counts(), torch::kInt64);
    group_->sumInPlace({counts});
    for (int g = 0; g < classes_; ++g)
      for (int p = 0; p < classes_; ++p) cm.at(g, p) = counts[g * classes_ + p].item<int64_t>();
  }
  const eval::MetricsReport report = eval::makeReport(cm, classNames_);
  const double valMiou = report.metrics.meanIoU;
  valMetrics = {valMiou, report.metrics.fwIoU, report.metrics.pixelAccuracy, report.metrics.meanDice};
  epochEvent["val_miou"] = valMiou;
  epochEvent["val_fwiou"] = report.metrics.fwIoU;
  epochEvent["val_pixel_accuracy"] = report.metrics.pixelAccuracy;
  events_.metric("val_miou", valMiou, {{"split", "val"}, {"stage", "stage2"}, {"epoch", epoch}});
  if (!(std::isfinite(valMiou) && valMiou > bestMiou_)) return false;
  bestMiou_ = valMiou;
  bestEpoch_ = epoch;
  if (writes()) eval::writeMetricsJson(loop_->layout().valMetricsJson(), report);
  return true;
}

// End of epoch: validation, checkpoints, metrics row.
void MutualRun::endEpoch(int epoch) {
  json epochEvent = {{"stage", "stage2"}, {"epoch", epoch}, {"epochs", o_.epochs}};
  const double meanLoss = counted_ ? lossSum_ / counted_ : std::nan("");
  epochEvent["loss"] = meanLoss;
  std::vector<double> val(4, std::nan(""));  // mIoU, fwIoU, pixel accuracy, Dice
  const bool improved = canValidate_ && validate(epoch, epochEvent, val);
  if ((improved || !canValidate_) && writes()) {
    models::saveCheckpoint(result_.bestCheckpoint, trainingCheckpoint(segmenterStateDict(team_[0].net), nullptr,
                                                                      epoch + 1, 0, metaNow()));
    events_.artifact("checkpoint-best", result_.bestCheckpoint.string());
  }
  saveLast(epoch + 1, 0);
  events_.artifact("checkpoint", result_.lastCheckpoint.string());
  const double epochSeconds = loop_->epochSeconds();
  std::ostringstream row;
  row.precision(10);
  row << epoch << ',' << meanLoss << ',' << (counted_ ? swvSum_ / counted_ : std::nan("")) << ','
      << (counted_ ? srmSum_ / counted_ : std::nan("")) << ',' << lastLr_ << ',' << val[0] << ',' << val[1] << ','
      << val[2] << ',' << val[3] << ',' << epochSeconds << '\n';
  loop_->appendMetricsRow(row.str());
  epochEvent["best_val_miou"] = bestMiou_;
  epochEvent["seconds"] = epochSeconds;
  events_.epoch(epochEvent);
  result_.epochsCompleted = epoch + 1;
}

// best.pt on the test split (when there is one): test_metrics.{json,csv}.
void MutualRun::finalTest() {
  if (!o_.finalTest || !ds_.hasSplit("test") || !writes()) return;
  const models::Checkpoint best = models::loadCheckpoint(result_.bestCheckpoint);
  team_[0].net->loadNamedTensors(std::map<std::string, at::Tensor>(best.model.begin(), best.model.end()));
  evalOptions_.progressStage = "stage2-test";
  const auto cm = evaluateSegmenter(team_[0].net, ds_.masked("test"), evalOptions_, *cancel_, &events_);
  result_.test = eval::makeReport(cm, classNames_);
  const run::RunLayout& layout = loop_->layout();
  eval::writeMetricsJson(layout.testMetricsJson(), *result_.test);
  eval::writeMetricsCsv(layout.testMetricsCsv(), *result_.test);
  events_.metric("test_miou", result_.test->metrics.meanIoU, {{"split", "test"}, {"stage", "stage2"}});
  events_.artifact("metrics", layout.testMetricsJson().string());
}

MutualTrainResult MutualRun::train(const CancelToken& cancel) {
  cancel_ = &cancel;
  TrainingLoop::Hooks hooks;
  hooks.restore = [this](const models::Checkpoint& ck) { restore(ck); };
  hooks.saveLast = [this](int epoch, int64_t stepInEpoch) { saveLast(epoch, stepInEpoch); };
  hooks.beginEpoch = [this](int epoch) { beginEpoch(epoch); };
  hooks.step = [this](int epoch, int64_t i, data::Batch& batch) { step(epoch, i, batch); };
  hooks.endEpoch = [this](int epoch) { endEpoch(epoch); };
  loop_->begin(config_, hooks);
  if (group_) broadcastTeam(/*buffersOnly=*/false);  // rank 0's weights (initial or resumed), as DDP starts
  loop_->run(*loader_, hooks, cancel);
  result_.epochsCompleted = o_.epochs;
  result_.bestEpoch = bestEpoch_;
  result_.bestValMiou = bestMiou_;
  finalTest();
  return result_;
}

void checkMutualOptions(const MutualTrainerOptions& o) {
  if (o.epochs < 1 || o.batchSize < 2) throw InputError("stage 2 options", "need epochs >= 1 and batch >= 2");
  if (o.dataParallel && o.batchSize < 2 * o.dataParallel->world().worldSize)
    throw InputError("--batch " + std::to_string(o.batchSize),
                     "is less than 2 images for each of the " + std::to_string(o.dataParallel->world().worldSize) +
                         " processes of the data-parallel job (BatchNorm needs two per process)");
}

}  // namespace

MutualTrainResult trainMutual(const data::Dataset& dataset, const MutualTrainerOptions& o, const CancelToken& cancel,
                              EventSink& events) {
  checkMutualOptions(o);
  MutualRun run(dataset, o, events);
  return run.train(cancel);
}

MutualTrainResult trainMutual(const MutualTrainerOptions& o, const CancelToken& cancel, EventSink& events) {
  checkMutualOptions(o);
  return trainMutual(data::Dataset::open(o.dataRoot, o.datasetHint), o, cancel, events);
}

}  // namespace arml::train
