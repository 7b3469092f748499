#include "train/mutual_trainer.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include <torch/torch.h>

#include "cam/precision_guard.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "run/run_files.h"
#include "run/run_layout.h"
#include "data/dataset.h"
#include "data/mask_set.h"
#include "models/checkpoint.h"
#include "models/initial_weights.h"
#include "models/pspnet.h"
#include "models/state_dict.h"
#include "tensors/batch_loader.h"
#include "tensors/mask_values.h"
#include "train/poly_optimizer.h"
#include "train/rng_state.h"
#include "train/stage2_evaluation.h"
#include "train/stage2_model.h"
#include "train/training_device.h"

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

models::Checkpoint makeCheckpoint(Member& m, bool withOptimizer, int epoch, int64_t stepInEpoch, const json& meta) {
  models::Checkpoint ck;
  ck.model = segmenterStateDict(m.net);
  if (withOptimizer && m.optimizer) {
    for (const auto& [name, buf] : m.optimizer->momentumBuffers())
      ck.optimizer.insert("momentum_buffer/" + name, buf.detach().to(torch::kCPU).clone());
    ck.step = m.optimizer->globalStep();
  }
  ck.epoch = epoch;
  ck.rngState = rngStateBytes();
  ck.meta = meta;
  ck.meta["step_in_epoch"] = stepInEpoch;
  return ck;
}

void restoreMember(Member& m, const models::Checkpoint& ck, const torch::Device& device) {
  std::map<std::string, at::Tensor> tensors(ck.model.begin(), ck.model.end());
  m.net->loadNamedTensors(tensors);
  for (const auto& [key, t] : ck.optimizer) {
    const std::string prefix = "momentum_buffer/";
    if (key.rfind(prefix, 0) == 0) m.optimizer->setMomentumBuffer(key.substr(prefix.size()), t.to(device));
  }
  m.optimizer->setGlobalStep(ck.step);
}

}  // namespace

MutualTrainResult trainMutual(const MutualTrainerOptions& o, const CancelToken& cancel, EventSink& events) {
  if (o.epochs < 1 || o.batchSize < 2) throw InputError("stage 2 options", "need epochs >= 1 and batch >= 2");
  const data::Dataset ds = data::Dataset::open(o.dataRoot, o.datasetHint);
  const data::ClassScheme scheme = ds.scheme();
  const int classes = scheme.tissueCount();
  const TrainingSet training = trainingItems(ds, o);
  const std::vector<data::LoaderItem>& items = training.items;
  const torch::Device device(o.device);
  const std::string precision = resolveTrainPrecision(o.precision, o.device);
  const run::RunLayout layout(o.runDir);
  const fs::path ckDir = layout.checkpoints();

  json config = configJson(o, ds, training.masks);
  if (!o.reviewFile.empty() && !fs::exists(o.reviewFile))
    events.warning(o.reviewFile.string() + ": no review file yet; every patch counts as unreviewed");
  events.emit("mask-set", {{"stage", "stage2"}, {"train_images", items.size()}, {"corrected", training.masks.corrected},
                           {"generated", training.masks.generated}, {"excluded", training.masks.excluded.size()},
                           {"digest", training.masks.digest}});
  std::vector<std::string> classNames;
  for (const auto& c : scheme.tissueClasses) classNames.push_back(c.name);
  const json baseMeta = {{"arch", kSegmenterArch},       {"width_divisor", o.widthDivisor}, {"classes", classes},
                         {"class_names", classNames},     {"dataset", data::datasetKindName(ds.kind())},
                         {"peers", peerModeName(o.peers)}, {"config", config}};

  torch::manual_seed(o.seed);
  const int members = o.peers == PeerMode::Shared ? 1 : 3;
  data::BatchLoaderOptions lo;
  lo.batchSize = o.batchSize;
  lo.shuffle = true;
  lo.dropLast = false;
  lo.workers = o.workers;
  lo.seed = o.seed;
  lo.augmentation = data::Augmentation::Stage2;
  lo.patchSize = o.patchSize;
  data::BatchLoader loader(items, lo);
  const int64_t itersPerEpoch = loader.batchesPerEpoch();
  const int64_t stepsPerEpoch = o.maxStepsPerEpoch > 0 ? std::min(itersPerEpoch, o.maxStepsPerEpoch) : itersPerEpoch;
  const PolySchedule schedule(int64_t(o.epochs) * stepsPerEpoch, 0.9);

  std::vector<Member> team(members);
  models::StateDict initWeights;
  if (!o.initWeights.empty()) initWeights = models::loadStateDict(o.initWeights);
  for (int k = 0; k < members; ++k) {
    models::PSPNetOptions po;
    po.numClasses = classes;
    po.widthDivisor = o.widthDivisor;
    po.dropout = o.dropout;
    team[k].net = models::PSPNet(po);
    if (!o.initWeights.empty()) {
      // Refuses when nothing matches (e.g. a stage-1 checkpoint) or an encoder tensor is missing.
      const models::ImportReport report =
          models::importInitialWeights(*team[k].net, initWeights, models::WeightTarget::Segmenter);
      if (k == 0) {
        events.emit("import", {{"path", o.initWeights.string()}, {"summary", report.summary()}, {"report", report.toString()}});
        if (o.onInitReport) o.onInitReport(report.toString());
      }
    }
    team[k].net->to(device);
    ParamGroup g;
    g.label = "all";
    for (const auto& p : team[k].net->named_parameters(true)) {
      g.names.push_back(p.key());
      g.params.push_back(p.value());
    }
    g.lr = o.lr;
    g.weightDecay = o.weightDecay;
    team[k].optimizer = std::make_unique<PolyOptimizer>(std::vector<ParamGroup>{g}, o.momentum, schedule);
  }
  const auto peerPath = [&](int k) { return layout.peerLastCheckpoint(k); };
  prepareDeviceForTraining(device);
  GradScaler scaler(precision == "fp16");
  std::vector<at::Tensor> parameters;
  for (const auto& m : team)
    for (const auto& p : m.net->parameters()) parameters.push_back(p);
  // Network outputs under the run's autocast, as float32 for the losses.
  auto forward = [&](models::PSPNet& net, const at::Tensor& x) {
    cam::PrecisionGuard autocast(precision, o.device);
    return net->forward(x).to(torch::kFloat);
  };

  MutualTrainResult result;
  result.trainImages = int(items.size());
  result.maskSet = config["mask_set"];
  result.lastCheckpoint = layout.lastCheckpoint();
  result.bestCheckpoint = layout.bestCheckpoint();
  int startEpoch = 0;
  int64_t skipSteps = 0;
  double bestMiou = -1;
  int bestEpoch = -1;
  std::string metricsCsv = std::string(run::kStage2MetricsHeader) + "\n";
  if (o.resume && fs::exists(result.lastCheckpoint)) {
    const models::Checkpoint ck = models::loadCheckpoint(result.lastCheckpoint);
    if (ck.meta.value("config", json()) != config)
      throw InputError(result.lastCheckpoint.string(),
                       "was written with a different configuration; use another --out or turn resume off");
    restoreMember(team[0], ck, device);
    for (int k = 1; k < members; ++k) restoreMember(team[k], models::loadCheckpoint(peerPath(k)), device);
    startEpoch = int(ck.epoch);
    skipSteps = ck.meta.value("step_in_epoch", int64_t(0));
    bestMiou = ck.meta.value("best_val_miou", -1.0);
    bestEpoch = ck.meta.value("best_epoch", -1);
    restoreRngState(ck.rngState);
    if (fs::exists(layout.metrics())) {
      const auto bytes = readFileBytes(layout.metrics());
      metricsCsv.assign(bytes.begin(), bytes.end());
    }
    events.emit("resume", {{"stage", "stage2"}, {"epoch", startEpoch}, {"step", skipSteps}, {"checkpoint", result.lastCheckpoint.string()}});
  }
  // Only now, with every check passed (a refused --resume changes nothing), does the run folder change.
  fs::create_directories(ckDir);
  run::writeTrainerConfig(layout.config(), config);

  const bool canValidate = o.validate && ds.hasSplit("val");
  SegmenterEvalOptions evalOptions;
  evalOptions.workers = std::max(1, o.workers);

  auto metaNow = [&]() {
    json meta = baseMeta;
    meta["best_val_miou"] = bestMiou;
    meta["best_epoch"] = bestEpoch;
    return meta;
  };
  auto saveLast = [&](int epoch, int64_t stepInEpoch) {
    for (int k = 1; k < members; ++k) models::saveCheckpoint(peerPath(k), makeCheckpoint(team[k], true, epoch, stepInEpoch, metaNow()));
    models::saveCheckpoint(result.lastCheckpoint, makeCheckpoint(team[0], true, epoch, stepInEpoch, metaNow()));
  };

  int epoch = startEpoch;
  int64_t stepInEpoch = skipSteps;
  try {
    for (; epoch < o.epochs; ++epoch) {
      const auto epochStart = std::chrono::steady_clock::now();
      loader.startEpoch(epoch);
      double lossSum = 0, swvSum = 0, srmSum = 0;
      int64_t counted = 0;
      double lastLr = 0;
      for (int64_t i = 0; i < stepsPerEpoch; ++i) {
        stepInEpoch = std::max(i, skipSteps);  // what a resume after a cancel from here must redo
        cancel.throwIfCancelled();
        auto batch = loader.next(cancel);
        if (!batch) break;
        if (i < skipSteps) continue;
        if (batch->images.size(0) < 2) {
          events.warning("stage 2: skipped a batch of one image at epoch " + std::to_string(epoch) + " step " + std::to_string(i) +
                         " (batch statistics need two)");
          continue;
        }
        const auto t0 = std::chrono::steady_clock::now();
        const at::Tensor images = toDevice(batch->images, device);
        const at::Tensor masks = toDevice(batch->masks, device);
        {
          std::vector<std::string> maskPaths;  // the message names the mask with stray values, not a batch-mate
          for (const std::int64_t index : batch->indices) maskPaths.push_back(items[std::size_t(index)].mask.string());
          eval::checkMaskValues(batch->masks, classes, maskPaths);
        }
        const int64_t globalStep = int64_t(epoch) * stepsPerEpoch + i;
        Stage2Loss reported;
        if (o.peers == PeerMode::Shared) {
          auto& net = team[0].net;
          net->train();
          const at::Tensor zMain = forward(net, images);
          at::Tensor z1, z2;
          {
            torch::NoGradGuard noGrad;
            z1 = forward(net, images);
            z2 = forward(net, images);
          }
          reported = stage2Loss(zMain, z1, z2, masks, o.loss);
          team[0].optimizer->zeroGrad();
          if (!std::isfinite(reported.total.item<double>()))
            throw RuntimeFailure("stage 2: loss is NaN or infinite at epoch " + std::to_string(epoch) + ", step " + std::to_string(i));
          scaler.scaled(reported.total).backward();
        } else {
          std::vector<at::Tensor> z(3);
          for (int k = 0; k < 3; ++k) {
            team[k].net->train();
            z[k] = forward(team[k].net, images);
          }
          at::Tensor sum;
          for (int k = 0; k < 3; ++k) {
            const Stage2Loss l = stage2Loss(z[k], z[(k + 1) % 3].detach(), z[(k + 2) % 3].detach(), masks, o.loss);
            if (k == 0) reported = l;
            sum = k == 0 ? l.total : sum + l.total;
            team[k].optimizer->zeroGrad();
          }
          if (!std::isfinite(sum.item<double>()))
            throw RuntimeFailure("stage 2: loss is NaN or infinite at epoch " + std::to_string(epoch) + ", step " + std::to_string(i));
          scaler.scaled(sum).backward();
        }
        const bool finite = scaler.unscale(parameters);
        if (!finite)
          events.warning("stage 2: fp16 gradients overflowed at epoch " + std::to_string(epoch) + ", step " +
                         std::to_string(i) + "; step skipped, loss scale lowered to " + std::to_string(scaler.scale() / 2));
        for (auto& m : team) {
          m.optimizer->setGlobalStep(globalStep);
          lastLr = m.optimizer->nextLr(0);
          if (finite) m.optimizer->step();
        }
        scaler.update(finite);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double loss = reported.total.item<double>();
        lossSum += loss;
        swvSum += reported.swv.item<double>();
        srmSum += reported.srm.item<double>();
        ++counted;
        result.lastLoss = loss;
        events.step({{"stage", "stage2"}, {"epoch", epoch}, {"epochs", o.epochs}, {"step", i + 1}, {"steps", stepsPerEpoch},
                     {"global_step", globalStep + 1}, {"loss", loss}, {"swv", reported.swv.item<double>()},
                     {"srm", reported.srm.item<double>()}, {"lr", lastLr},
                     {"images_per_s", double(images.size(0)) / std::max(seconds, 1e-9)}});
      }
      skipSteps = 0;
      stepInEpoch = stepsPerEpoch;  // a cancel from here on resumes at this epoch's validation

      // End of epoch: validation, checkpoints, metrics row.
      json epochEvent = {{"stage", "stage2"}, {"epoch", epoch}, {"epochs", o.epochs}};
      const double meanLoss = counted ? lossSum / counted : std::nan("");
      epochEvent["loss"] = meanLoss;
      double valMiou = std::nan(""), valFw = std::nan(""), valAcc = std::nan(""), valDice = std::nan("");
      bool improved = false;
      if (canValidate) {
        evalOptions.progressStage = "stage2-val";
        const auto cm = evaluateSegmenter(team[0].net, ds.masked("val"), evalOptions, cancel, &events);
        const eval::MetricsReport report = eval::makeReport(cm, classNames);
        valMiou = report.metrics.meanIoU;
        valFw = report.metrics.fwIoU;
        valAcc = report.metrics.pixelAccuracy;
        valDice = report.metrics.meanDice;
        epochEvent["val_miou"] = valMiou;
        epochEvent["val_fwiou"] = valFw;
        epochEvent["val_pixel_accuracy"] = valAcc;
        events.metric("val_miou", valMiou, {{"split", "val"}, {"stage", "stage2"}, {"epoch", epoch}});
        if (std::isfinite(valMiou) && valMiou > bestMiou) {
          improved = true;
          bestMiou = valMiou;
          bestEpoch = epoch;
          eval::writeMetricsJson(layout.valMetricsJson(), report);
        }
      }
      if (improved || !canValidate) {
        models::saveCheckpoint(result.bestCheckpoint, makeCheckpoint(team[0], false, epoch + 1, 0, metaNow()));
        events.artifact("checkpoint-best", result.bestCheckpoint.string());
      }
      saveLast(epoch + 1, 0);
      events.artifact("checkpoint", result.lastCheckpoint.string());
      const double epochSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count();
      std::ostringstream row;
      row.precision(10);
      row << epoch << ',' << meanLoss << ',' << (counted ? swvSum / counted : std::nan("")) << ','
          << (counted ? srmSum / counted : std::nan("")) << ',' << lastLr << ',' << valMiou << ',' << valFw << ',' << valAcc << ','
          << valDice << ',' << epochSeconds << '\n';
      metricsCsv += row.str();
      writeFileAtomically(layout.metrics(), metricsCsv);
      epochEvent["best_val_miou"] = bestMiou;
      epochEvent["seconds"] = epochSeconds;
      events.epoch(epochEvent);
      result.epochsCompleted = epoch + 1;
      stepInEpoch = 0;
    }
  } catch (const Cancelled&) {
    saveLast(epoch, stepInEpoch);
    events.artifact("checkpoint", result.lastCheckpoint.string());
    throw;
  } catch (const std::exception& e) {
    if (!isOutOfMemory(e)) throw;
    throw RuntimeFailure(outOfMemoryMessage("stage 2", o.device, o.batchSize, "the batch size (--batch, stage2.batch)",
                                            result.lastCheckpoint.string()));
  }
  result.epochsCompleted = o.epochs;
  result.bestEpoch = bestEpoch;
  result.bestValMiou = bestMiou;

  if (o.finalTest && ds.hasSplit("test")) {
    const models::Checkpoint best = models::loadCheckpoint(result.bestCheckpoint);
    team[0].net->loadNamedTensors(std::map<std::string, at::Tensor>(best.model.begin(), best.model.end()));
    evalOptions.progressStage = "stage2-test";
    const auto cm = evaluateSegmenter(team[0].net, ds.masked("test"), evalOptions, cancel, &events);
    result.test = eval::makeReport(cm, classNames);
    eval::writeMetricsJson(layout.testMetricsJson(), *result.test);
    eval::writeMetricsCsv(layout.testMetricsCsv(), *result.test);
    events.metric("test_miou", result.test->metrics.meanIoU, {{"split", "test"}, {"stage", "stage2"}});
    events.artifact("metrics", layout.testMetricsJson().string());
  }
  return result;
}

}  // namespace arml::train
