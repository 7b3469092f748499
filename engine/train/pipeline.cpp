#include "train/pipeline.h"

#include <chrono>
#include <fstream>
#include <functional>

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "cam/cam_evaluation.h"
#include "cam/cam_model.h"
#include "cam/pseudo_mask_job.h"
#include "compute/compute.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/derived_dataset.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "distributed/data_parallel_group.h"
#include "eval/metrics_io.h"
#include "run/run_files.h"
#include "run/run_layout.h"
#include "train/mutual_trainer.h"
#include "train/pipeline_config.h"
#include "train/stage1_trainer.h"

namespace arml::train {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// First key path where two settings documents differ, for a clear refusal message.
std::string firstDifference(const json& a, const json& b, const std::string& prefix = "") {
  if (a.is_object() && b.is_object()) {
    for (const auto& [k, v] : a.items()) {
      const std::string path = prefix.empty() ? k : prefix + "." + k;
      if (!b.contains(k)) return path;
      const std::string d = firstDifference(v, b.at(k), path);
      if (!d.empty()) return d;
    }
    for (const auto& [k, v] : b.items())
      if (!a.contains(k)) return prefix.empty() ? k : prefix + "." + k;
    return "";
  }
  return a == b ? "" : prefix;
}

void linkOrCopy(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  fs::remove(to, ec);
  fs::create_hard_link(from, to, ec);
  if (ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

// Pseudo masks of one layer against the training images' ground truth, when the dataset has it.
json scorePseudoMasks(const data::Dataset& ds, const fs::path& masksDir, cam::CamLayer layer,
                      const CancelToken& cancel) {
  eval::ConfusionMatrix cm(ds.scheme().tissueCount());
  int scored = 0;
  for (const auto& item : ds.train()) {
    cancel.throwIfCancelled();
    const fs::path truth = data::trainingTruthMask(ds, item);
    if (truth.empty()) continue;
    const fs::path pm = cam::pseudoMaskPath(masksDir, layer, item.image);
    if (!fs::exists(pm)) continue;  // skipped image (no positive label)
    const cv::Mat gt = data::readIndexMask(truth);
    cv::Mat pred = data::readIndexMask(pm);
    // Pixels the pseudo mask calls background are left out, as stage 2 practically ignores them too
    // (their 100-logit background channel gives a loss of ~0, spec §4.3); GT background is excluded
    // by the matrix itself.
    cv::Mat gtScored = gt.clone();
    gtScored.setTo(255, pred >= ds.scheme().tissueCount());
    cm.add(gtScored.ptr<std::uint8_t>(), pred.ptr<std::uint8_t>(), gt.total(), pm.string());
    ++scored;
  }
  if (scored == 0) return json();
  std::vector<std::string> names;
  for (const auto& c : ds.scheme().tissueClasses) names.push_back(c.abbreviation);
  json j = eval::toJson(eval::makeReport(cm, names));
  j["images"] = scored;
  return j;
}

void checkMasksMatchImages(const data::Dataset& ds, const fs::path& masksDir, cam::CamLayer layer) {
  int checked = 0;
  for (const auto& item : ds.train()) {
    const fs::path pm = cam::pseudoMaskPath(masksDir, layer, item.image);
    if (!fs::exists(pm)) continue;  // images without a positive label have no mask; stage 2 skips them
    const cv::Size size = data::readImageSize(item.image);
    if (!cam::isCompleteMask(pm, size.width, size.height, ds.scheme().backgroundIndex))
      throw InputError(pm.string(), "pseudo mask is incomplete or does not match its image " + item.image.string());
    ++checked;
  }
  if (checked == 0) throw InputError(masksDir.string(), "no pseudo mask for any training image");
}

// What the stages of one pipeline invocation share.
struct PipelineRun {
  const json& config;
  const run::RunLayout& layout;
  run::RunState state;
  const CancelToken& cancel;
  EventSink& events;
  distributed::DataParallelGroup* group;  // null: one process
  std::vector<run::MetricRow> metricsRows;

  bool writes() const { return !group || group->world().isRankZero(); }
  // A step that is not training: rank 0 runs it, the others wait and then re-read state.json.
  void onRankZero(const std::string& name, const std::function<void()>& step) {
    if (!group) return step();
    group->runOnRankZero(name, step);
    if (!writes()) state = run::RunState(layout.state());
  }
  // "cuda" on a rank: its local rank's GPU, one GPU per process.
  std::string device(const std::string& resolved) const {
    if (!group || resolved != "cuda") return resolved;
    return "cuda:" + std::to_string(group->world().localRank);
  }

  void stageEvent(const std::string& stage, const std::string& what) {
    events.emit("stage", {{"stage", stage}, {"state", what}});
  }
  void addMetric(const std::string& stage, const std::string& split, const std::string& name, double v) {
    metricsRows.push_back({stage, split, name, v});
  }
};

// The run folder's config.json: a different result-relevant setting in an existing one is refused.
void claimRunFolder(const json& config, const run::RunLayout& layout, const json& software) {
  fs::create_directories(layout.root());
  const fs::path configPath = layout.config();
  const json previous = run::readJsonFileIfExists(configPath).value_or(json());
  if (previous.is_object() && previous.contains("config")) {
    const std::string diff =
        firstDifference(resultRelevantSettings(previous["config"]), resultRelevantSettings(config));
    if (!diff.empty())
      throw InputError(configPath.string(), "this run folder was made with a different \"" + diff +
                                                "\"; use another --out to start a new run");
  }
  run::writePipelineConfig(configPath, config, software);
}

// The training data: the opened dataset itself, or (derive_labels_from_masks) the weakly labelled set
// derived from it inside the run folder, opened once. dataRoot: the root the trainers record.
data::Dataset trainingData(PipelineRun& p, data::Dataset source, fs::path& dataRoot) {
  const json& dataCfg = p.config.at("data");
  const std::string deriveFrom = dataCfg.at("derive_labels_from_masks");
  if (deriveFrom.empty()) return source;
  if (!p.state.done("data"))
    p.onRankZero("deriving the training set", [&] {
      data::writeDerivedDataset(source, deriveFrom, p.layout.derivedData(), dataCfg.at("min_label_pixels"));
      p.state.finish("data", {{"derived_from", deriveFrom}});
    });
  dataRoot = p.layout.derivedData();
  return data::Dataset::open(dataRoot, dataCfg.at("dataset"));
}

// Stage 1; returns its inference model (also kept as checkpoints/stage1.pt).
fs::path runStage1(PipelineRun& p, const data::Dataset& ds, const fs::path& dataRoot) {
  const fs::path stage1Dir = p.layout.stageRun(1).root();
  if (!p.state.done("stage1")) {
    p.stageEvent("stage1", "started");
    Stage1TrainerOptions o = stage1Options(p.config, dataRoot, stage1Dir);
    o.dataParallel = p.group;
    o.device = p.device(o.device);
    const Stage1TrainResult r = trainStage1(ds, o, p.cancel, p.events);
    p.onRankZero("recording stage 1", [&] {
      p.state.finish("stage1", {{"epochs", r.epochsCompleted}, {"steps", r.globalSteps},
                                {"last_epoch_loss", r.lastEpochLoss}, {"model", r.finalCheckpoint.string()}});
    });
  }
  p.stageEvent("stage1", "done");
  const fs::path stage1Model = p.state.result("stage1").at("model").get<std::string>();
  if (p.writes()) linkOrCopy(stage1Model, p.layout.keptModel(1));
  return stage1Model;
}

// CAM quality of stage 1 on the test split (§2.7).
json runCamEvaluation(PipelineRun& p, cam::CamModel& camModel, const data::Dataset& ds) {
  if (!p.state.done("cam_evaluation")) {
    json result = json::object();
    if (ds.hasSplit("test")) {
      p.stageEvent("cam_evaluation", "started");
      const cam::CamEvaluation e = cam::evaluateCams(camModel, ds.masked("test"), ds.scheme(), p.cancel, p.events,
                                                     p.config.at("evaluation").at("cam_presence_threshold"));
      eval::writeMetricsJson(p.layout.stageRun(1).camTestMetrics(), e.report);
      result = {{"mean_iou", e.report.metrics.meanIoU}, {"images", e.images},
                {"skipped_no_prediction", e.skippedNoPrediction}};
    }
    p.state.finish("cam_evaluation", result);
  }
  const json camEval = p.state.result("cam_evaluation");
  if (camEval.contains("mean_iou")) {
    p.addMetric("stage1", "test", "cam_miou", camEval["mean_iou"]);
    p.events.metric("stage1_cam_miou", camEval["mean_iou"], {{"split", "test"}, {"stage", "stage1"}});
  }
  return camEval;
}

// Pseudo masks (§3) and their agreement with the truth where the training images have one.
json runPseudoMasks(PipelineRun& p, cam::CamModel& camModel, const data::Dataset& ds) {
  const fs::path masksDir = p.layout.masks();
  const cam::PseudoMaskJobOptions pmOptions = pseudoMaskOptions(p.config);
  if (!p.state.done("pseudo_masks")) {
    p.stageEvent("pseudo_masks", "started");
    const cam::PseudoMaskJobSummary s = cam::generatePseudoMasks(camModel, ds, masksDir, pmOptions, p.events, p.cancel);
    json result = s.toJson(ds.scheme());
    for (cam::CamLayer layer : pmOptions.layers) {
      const json score = scorePseudoMasks(ds, masksDir, layer, p.cancel);
      if (score.is_null()) continue;
      run::writeJsonFile(p.layout.maskSetVsTruth(cam::layerName(layer)), score);
      result["vs_truth"][cam::layerName(layer)] = score.at("mean_iou");
    }
    run::writeJsonFile(p.layout.masksSummary(), result);
    p.state.finish("pseudo_masks", result);
  }
  p.stageEvent("pseudo_masks", "done");
  const json pmResult = p.state.result("pseudo_masks");
  if (pmResult.contains("vs_truth"))
    for (const auto& [layer, miou] : pmResult["vs_truth"].items()) {
      p.addMetric("pseudo_masks", "train", layer + "_miou_vs_truth", miou);
      p.events.metric("pseudo_mask_miou", miou, {{"layer", layer}, {"split", "train"}, {"stage", "pseudo_masks"}});
    }
  return pmResult;
}

// Stage 2 on the bn7 masks (§4.6), evaluated on the test split with its best checkpoint.
json runStage2(PipelineRun& p, const data::Dataset& ds, const fs::path& dataRoot) {
  const fs::path stage2Dir = p.layout.stageRun(2).root();
  if (!p.state.done("stage2")) {
    checkMasksMatchImages(ds, p.layout.masks(), cam::CamLayer::Bn7);
    p.stageEvent("stage2", "started");
    const fs::path bn7Masks = p.layout.maskSet(cam::layerName(cam::CamLayer::Bn7));
    MutualTrainerOptions o = stage2Options(p.config, dataRoot, bn7Masks, stage2Dir);
    o.dataParallel = p.group;
    o.device = p.device(o.device);
    const MutualTrainResult r = trainMutual(ds, o, p.cancel, p.events);  // the final test: on rank 0
    json result = {{"epochs", r.epochsCompleted}, {"best_epoch", r.bestEpoch}, {"best_val_miou", r.bestValMiou},
                   {"model", (r.bestCheckpoint.empty() ? r.lastCheckpoint : r.bestCheckpoint).string()},
                   {"train_images", r.trainImages}, {"mask_set", r.maskSet}};
    if (r.test) result["test"] = eval::toJson(*r.test);
    p.onRankZero("recording stage 2", [&] { p.state.finish("stage2", result); });
  }
  p.stageEvent("stage2", "done");
  const json s2 = p.state.result("stage2");
  if (!p.writes()) return s2;
  linkOrCopy(s2.at("model").get<std::string>(), p.layout.keptModel(2));
  if (s2.contains("best_val_miou") && s2.at("best_epoch").get<int>() >= 0) p.addMetric("stage2", "val", "best_miou", s2["best_val_miou"]);
  if (s2.contains("test")) {
    const json& t = s2["test"];
    p.addMetric("stage2", "test", "miou", t.at("mean_iou"));
    p.addMetric("stage2", "test", "fw_iou", t.at("fw_iou"));
    p.addMetric("stage2", "test", "pixel_accuracy", t.at("pixel_accuracy"));
    p.addMetric("stage2", "test", "mean_dice", t.at("mean_dice"));
    for (const auto& c : t.at("per_class"))
      p.addMetric("stage2", "test", "iou_" + c.at("name").get<std::string>(), c.at("iou").is_null() ? NAN : c.at("iou").get<double>());
    p.events.metric("stage2_test_miou", t.at("mean_iou"), {{"split", "test"}, {"stage", "stage2"}});
  }
  return s2;
}

}  // namespace

json runPipeline(const json& config, const fs::path& runDir, const json& software, const CancelToken& cancel,
                 EventSink& events, distributed::DataParallelGroup* dataParallel) {
  const auto start = std::chrono::steady_clock::now();
  // The dataset is opened once, here: one that cannot be opened is refused before the run folder and
  // its config.json exist, so that a corrected retry into the same --out is not refused as "a different
  // setting".
  data::Dataset opened = data::Dataset::open(config.at("data").at("root").get<std::string>(), config.at("data").at("dataset"));
  const run::RunLayout layout(runDir);
  if (dataParallel) dataParallel->runOnRankZero("claiming the run folder", [&] { claimRunFolder(config, layout, software); });
  else claimRunFolder(config, layout, software);
  PipelineRun p{config, layout, run::RunState(layout.state()), cancel, events, dataParallel, {}};

  fs::path dataRoot = config.at("data").at("root").get<std::string>();
  const data::Dataset ds = trainingData(p, std::move(opened), dataRoot);
  if (ds.train().empty()) throw InputError(dataRoot.string(), "the training split is empty");
  const std::string device = resolveDeviceName(config.at("device"));

  const fs::path stage1Model = runStage1(p, ds, dataRoot);
  json camEval, pmResult;
  p.onRankZero("the CAM evaluation and the pseudo masks", [&] {
    cam::CamModel camModel = cam::loadCamModel(stage1Model, p.device(device));
    camEval = runCamEvaluation(p, camModel, ds);
    pmResult = runPseudoMasks(p, camModel, ds);
  });
  const json s2 = runStage2(p, ds, dataRoot);
  if (!p.writes()) {
    dataParallel->runOnRankZero("writing the summary", [] {});
    dataParallel->barrier();
    return json();
  }
  run::writePipelineMetrics(layout.metrics(), p.metricsRows);

  json summary = {
      {"run", runDir.string()},
      {"dataset", {{"root", dataRoot.string()}, {"kind", data::datasetKindName(ds.kind())}, {"train_images", ds.train().size()}}},
      {"stage1_cam_miou", camEval.value("mean_iou", json())},
      {"pseudo_mask_miou", pmResult.contains("vs_truth") ? pmResult["vs_truth"].value("bn7", json()) : json()},
      {"stage2_best_val_miou", s2.value("best_val_miou", json())},
      {"stage2_test_miou", s2.contains("test") ? s2["test"].at("mean_iou") : json()},
      {"stage2_test", s2.value("test", json())},
      {"models", {{"stage1", layout.keptModel(1).string()}, {"stage2", layout.keptModel(2).string()}}},
      {"pseudo_masks", layout.maskSet("bn7").string()},
      {"stage2_mask_set", s2.value("mask_set", json())},
      {"seconds_this_invocation", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()},
  };
  const auto writeSummary = [&] {
    run::writeRunSummary(layout.summary(), summary);
    events.artifact("summary", layout.summary().string());
  };
  if (!dataParallel) writeSummary();
  else {
    dataParallel->runOnRankZero("writing the summary", writeSummary);
    dataParallel->barrier();  // rank 0's store stays up until every rank has read that it is done
  }
  return summary;
}

}  // namespace arml::train
