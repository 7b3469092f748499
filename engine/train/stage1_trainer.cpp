#include "train/stage1_trainer.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <sstream>

#include <torch/torch.h>

#include "cam/precision_guard.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "run/run_files.h"
#include "run/run_layout.h"
#include "data/dataset.h"
#include "models/checkpoint.h"
#include "models/initial_weights.h"
#include "models/state_dict_import.h"
#include "tensors/batch_loader.h"
#include "train/multilabel_loss.h"
#include "train/poly_optimizer.h"
#include "train/rng_state.h"
#include "train/stage1_param_groups.h"
#include "train/training_device.h"

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

Stage1TrainResult trainStage1(const Stage1TrainerOptions& o, const CancelToken& cancel, EventSink& events) {
  if (o.epochs < 1 || o.batchSize < 1) throw InputError("stage 1 options", "need epochs >= 1 and batch >= 1");
  if (o.runDir.empty()) throw InputError("stage 1 options", "no run folder (--out) given");
  const data::Dataset ds = data::Dataset::open(o.dataRoot, o.datasetHint);
  const data::ClassScheme scheme = ds.scheme();
  const int classes = scheme.tissueCount();
  const torch::Device device(o.device);
  const std::string precision = resolveTrainPrecision(o.precision, o.device);
  const double momentum = stage1Momentum(o);
  const run::RunLayout layout(o.runDir);
  const fs::path ckDir = layout.checkpoints();

  std::vector<std::string> classNames;
  for (const auto& c : scheme.tissueClasses) classNames.push_back(c.name);
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
                 {"momentum", momentum},
                 {"seed", o.seed},
                 {"patch_size", o.patchSize},
                 {"max_steps_per_epoch", o.maxStepsPerEpoch},
                 {"init", o.initWeights.string()},
                 {"reference_freeze", stage1ReferenceFreeze(o)},
                 {"data", o.dataRoot.string()},
                 {"dataset", data::datasetKindName(ds.kind())}};
  if (precision != "fp32") config["precision"] = precision;  // fp32 runs keep the configuration of earlier versions
  const json baseMeta = {{"arch", config["arch"]},  {"width_divisor", o.widthDivisor},
                         {"classes", classes},       {"class_names", classNames},
                         {"dataset", config["dataset"]}, {"ars", config["ars"]},
                         {"config", config}};

  data::BatchLoaderOptions lo;
  lo.batchSize = o.batchSize;
  lo.shuffle = true;
  lo.dropLast = true;
  lo.workers = o.workers;
  lo.seed = o.seed;
  lo.augmentation = data::Augmentation::Stage1;
  lo.patchSize = o.patchSize;
  data::BatchLoader loader(data::loaderItems(ds.train()), lo);
  const int64_t batches = loader.batchesPerEpoch();
  if (batches < 1)
    throw InputError(ds.splitFolder("train").string(), "has " + std::to_string(loader.size()) +
                                                           " training images, fewer than one batch of " +
                                                           std::to_string(o.batchSize));
  const int64_t stepsPerEpoch = o.maxStepsPerEpoch > 0 ? std::min(batches, o.maxStepsPerEpoch) : batches;
  const PolySchedule schedule(stepsPerEpoch * o.epochs);

  torch::manual_seed(o.seed);
  models::Resnet38dClassifier net(models::ClassifierOptions{o.widthDivisor, classes, o.ars, o.ccaSoftmax});
  if (!o.initWeights.empty()) importInitWeights(*net, o.initWeights, events, o.onInitReport);
  else net->initFromScratch();
  net->to(device);
  net->freezeForTraining(stage1ReferenceFreeze(o));
  prepareDeviceForTraining(device);
  PolyOptimizer optimizer(stage1ParameterGroups(*net, o.lr, o.weightDecay), momentum, schedule);
  const std::vector<at::Tensor> decayOnly = decayOnlyParameters(*net);
  const std::vector<at::Tensor> parameters = net->parameters();
  GradScaler scaler(precision == "fp16");

  Stage1TrainResult result;
  result.lastCheckpoint = layout.lastCheckpoint();
  result.finalCheckpoint = layout.finalCheckpoint();
  int startEpoch = 0;
  int64_t skipSteps = 0;
  std::string metricsCsv = std::string(run::kStage1MetricsHeader) + "\n";
  if (o.resume && fs::exists(result.lastCheckpoint)) {
    const models::Checkpoint ck = models::loadCheckpoint(result.lastCheckpoint);
    if (ck.meta.value("config", json()) != config)
      throw InputError(result.lastCheckpoint.string(),
                       "was written with a different configuration; use another --out or drop --resume");
    models::ImportOptions strict;
    strict.strict = true;
    models::importStateDict(*net, ck.model, strict);
    for (const auto& [key, t] : ck.optimizer) {
      const std::string prefix = "momentum_buffer/";
      if (key.rfind(prefix, 0) == 0 && !optimizer.setMomentumBuffer(key.substr(prefix.size()), t.to(device)))
        throw InputError(result.lastCheckpoint.string(), "momentum buffer for an unknown parameter: " + key);
    }
    optimizer.setGlobalStep(ck.step);
    startEpoch = int(ck.epoch);
    skipSteps = ck.meta.value("step_in_epoch", int64_t(0));
    restoreRngState(ck.rngState);
    if (fs::exists(layout.metrics())) {
      const auto bytes = readFileBytes(layout.metrics());
      metricsCsv.assign(bytes.begin(), bytes.end());
    }
    events.emit("resume", {{"stage", "stage1"}, {"epoch", startEpoch}, {"step", skipSteps},
                           {"checkpoint", result.lastCheckpoint.string()}});
  }
  // Only now, with every check passed (a refused --resume changes nothing), does the run folder change.
  fs::create_directories(ckDir);
  run::writeTrainerConfig(layout.config(), config);

  auto saveLast = [&](int epoch, int64_t stepInEpoch) {
    models::Checkpoint ck;
    ck.model = cpuStateDict(*net, true);
    for (const auto& [name, buf] : optimizer.momentumBuffers())
      ck.optimizer.insert("momentum_buffer/" + name, buf.detach().to(torch::kCPU).clone());
    ck.epoch = epoch;
    ck.step = optimizer.globalStep();
    ck.rngState = rngStateBytes();
    ck.meta = baseMeta;
    ck.meta["step_in_epoch"] = stepInEpoch;
    models::saveCheckpoint(result.lastCheckpoint, ck);
  };

  int epoch = startEpoch;
  int64_t doneInEpoch = skipSteps;
  try {
    for (; epoch < o.epochs; ++epoch) {
      const auto epochStart = std::chrono::steady_clock::now();
      const bool applyArs = net->hasArs() && epoch >= o.arsFromEpoch;
      loader.startEpoch(epoch);
      net->train();
      double lossSum = 0, exactSum = 0, jaccardSum = 0, lastLr = 0;
      int64_t images = 0, counted = 0;
      for (int64_t i = 0; i < stepsPerEpoch; ++i) {
        cancel.throwIfCancelled();
        auto batch = loader.next(cancel);
        if (!batch) break;
        if (i < skipSteps) continue;
        const auto t0 = std::chrono::steady_clock::now();
        const at::Tensor input = toDevice(batch->images, device);
        const at::Tensor labels = toDevice(batch->labels, device);
        models::ClassifierOutputs out;
        {
          cam::PrecisionGuard autocast(precision, o.device);
          out = net->forward(input, applyArs);
        }
        out.logits = out.logits.to(torch::kFloat);
        const at::Tensor loss = multilabelSoftMarginLoss(out.logits, labels);
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue))
          throw RuntimeFailure("stage 1: loss is " + std::string(std::isnan(lossValue) ? "NaN" : "infinite") +
                               " at epoch " + std::to_string(epoch) + ", step " + std::to_string(i) +
                               " (global step " + std::to_string(optimizer.globalStep()) + "); " +
                               result.lastCheckpoint.string() + " keeps the last good state — try a lower --lr");
        optimizer.zeroGrad();
        scaler.scaled(loss).backward();
        if (applyArs) PolyOptimizer::defineZeroGrads(decayOnly);
        optimizer.setGlobalStep(int64_t(epoch) * stepsPerEpoch + i);
        lastLr = optimizer.nextLr(0);
        const bool finite = scaler.unscale(parameters);
        if (finite)
          optimizer.step();
        else
          events.warning("stage 1: fp16 gradients overflowed at epoch " + std::to_string(epoch) + ", step " +
                         std::to_string(i) + "; step skipped, loss scale lowered to " + std::to_string(scaler.scale() / 2));
        scaler.update(finite);
        doneInEpoch = i + 1;

        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        lossSum += lossValue;
        labelAgreement(out.logits, labels, exactSum, jaccardSum);
        images += input.size(0);
        ++counted;
        result.lastLoss = lossValue;
        events.step({{"stage", "stage1"}, {"epoch", epoch}, {"epochs", o.epochs}, {"step", i + 1},
                     {"steps", stepsPerEpoch}, {"global_step", optimizer.globalStep()},
                     {"total_steps", schedule.maxStep()}, {"loss", lossValue}, {"lr", lastLr}, {"ars", applyArs},
                     {"images_per_s", double(input.size(0)) / std::max(seconds, 1e-9)}});
        if (o.afterStep) o.afterStep(epoch, doneInEpoch);
      }
      skipSteps = 0;
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count();
      const double meanLoss = counted ? lossSum / counted : std::nan("");
      const double exact = images ? exactSum / images : std::nan("");
      const double jaccard = images ? jaccardSum / images : std::nan("");
      saveLast(epoch + 1, 0);
      doneInEpoch = 0;
      metricsCsv += std::to_string(epoch) + "," + csvNumber(meanLoss) + "," + csvNumber(exact) + "," +
                    csvNumber(jaccard) + "," + csvNumber(lastLr) + "," + (applyArs ? "1" : "0") + "," +
                    csvNumber(seconds) + "\n";
      writeFileAtomically(layout.metrics(), metricsCsv);
      events.epoch({{"stage", "stage1"}, {"epoch", epoch}, {"epochs", o.epochs}, {"loss", meanLoss},
                    {"exact_match", exact}, {"jaccard", jaccard}, {"lr", lastLr}, {"ars", applyArs},
                    {"seconds", seconds}, {"images_per_s", images / std::max(seconds, 1e-9)}});
      events.artifact("checkpoint", result.lastCheckpoint.string());
      result.epochsCompleted = epoch + 1;
      result.lastEpochLoss = meanLoss;
    }
  } catch (const Cancelled&) {
    saveLast(epoch, doneInEpoch);
    events.artifact("checkpoint", result.lastCheckpoint.string());
    throw;
  } catch (const std::exception& e) {
    if (!isOutOfMemory(e)) throw;
    throw RuntimeFailure(outOfMemoryMessage("stage 1", o.device, o.batchSize, "the batch size (--batch, stage1.batch)",
                                            result.lastCheckpoint.string()));
  }

  models::Checkpoint final;
  final.model = cpuStateDict(*net, false);
  final.epoch = o.epochs;
  final.step = optimizer.globalStep();
  final.meta = baseMeta;
  final.meta["ars"] = "off";  // the inference model: ARS only shapes training
  final.meta["trained_with_ars"] = models::toString(o.ars);
  models::saveCheckpoint(result.finalCheckpoint, final);
  events.artifact("model", result.finalCheckpoint.string());
  result.globalSteps = optimizer.globalStep();
  return result;
}

}  // namespace arml::train
