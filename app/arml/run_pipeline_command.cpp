#include "run_pipeline_command.h"

#include <cstdio>
#include <iostream>

#include <opencv2/core/version.hpp>
#include <openslide/openslide.h>
#include <torch/version.h>

#include "core/cancel_token.h"
#include "core/errors.h"
#include "distributed/data_parallel_group.h"
#include "run/run_layout.h"
#include "train/pipeline.h"
#include "train/pipeline_config.h"

namespace arml::cli {

using nlohmann::json;

void addPipelineOptions(CLI::App& sub, PipelineArgs& a) {
  sub.add_option("--preset", a.preset, "paper (reference hyper-parameters) | cpu-demo (minutes on 2 CPU cores)")
      ->capture_default_str();
  sub.add_option("--config", a.configFile, "JSON file with settings to change (see RUN/config.json for all keys)");
  sub.add_option("--set", a.overrides, "change one setting, e.g. --set stage1.epochs=3 (repeatable)");
  sub.add_option("--derive-labels-from-masks", a.deriveFrom,
                 "train on this split's images (val|test) with labels derived from their pixel masks");
  sub.add_option("--min-label-pixels", a.minLabelPixels, "pixels a class needs in a mask to count as present")
      ->capture_default_str();
}

json resolvePipelineConfig(const PipelineArgs& a, const Context& ctx) {
  json config = train::presetConfig(a.preset);
  if (!a.configFile.empty()) train::mergeConfig(config, train::readConfigFile(a.configFile), a.configFile);
  config["data"]["root"] = std::filesystem::absolute(a.data).lexically_normal().string();
  config["data"]["dataset"] = ctx.common.dataset;
  config["data"]["derive_labels_from_masks"] = a.deriveFrom;
  config["data"]["min_label_pixels"] = a.minLabelPixels;
  config["device"] = ctx.common.device;
  config["seed"] = ctx.common.seed;
  for (const auto& o : a.overrides) train::applyOverride(config, o);
  train::validatePipelineConfig(config);  // a bad setting fails here, not hours later in stage 2
  return config;
}

namespace {
std::string fmt(const json& v) {
  if (!v.is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v.get<double>());
  return buf;
}
}  // namespace

json runPipelineCommand(const PipelineArgs& a, Context& ctx) {
  const json config = resolvePipelineConfig(a, ctx);
  const std::filesystem::path runDir = a.out;
  const arml::run::RunLayout layout(runDir);
  const bool rankZero = !ctx.dataParallel || ctx.dataParallel->world().isRankZero();
  if (rankZero) {  // the other ranks of a data-parallel run write nothing in the run folder
    std::filesystem::create_directories(runDir);
    ctx.events->tee(std::make_shared<EventSink>(layout.events().string()));
  }
  const json software = {{"arml", ARML_VERSION}, {"libtorch", TORCH_VERSION}, {"opencv", CV_VERSION},
                         {"openslide", openslide_get_version()}};
  const json s = train::runPipeline(config, runDir, software, CancelToken::global(), *ctx.events, ctx.dataParallel.get());
  if (!rankZero) return s;  // rank 0 reports
  std::cout << "\n  stage-1 CAM mIoU (test)            " << fmt(s["stage1_cam_miou"])
            << "\n  pseudo-mask mIoU vs truth (train)  " << fmt(s["pseudo_mask_miou"])
            << "\n  stage-2 mIoU (test)                " << fmt(s["stage2_test_miou"]) << "\n\n"
            << "  run folder:   " << runDir.string() << "\n"
            << "  models:       " << s["models"]["stage1"].get<std::string>() << "\n"
            << "                " << s["models"]["stage2"].get<std::string>() << "\n"
            << "  pseudo masks: " << s["pseudo_masks"].get<std::string>() << "\n"
            << "  metrics:      " << layout.metrics().string() << ", " << layout.summary().string() << "\n";
  return s;
}

}  // namespace arml::cli
