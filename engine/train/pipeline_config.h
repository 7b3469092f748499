#pragma once
// The settings of a whole ARML run (`arml pipeline`, `arml demo`, the app's one-click training) as
// one JSON document: a preset, then a config file, then `key.path=value` overrides. The resolved
// document is written to RUN/config.json and is the single source of every stage's options.
//
// {
//   "preset": "cpu-demo",
//   "data": {"root": "...", "dataset": "auto", "derive_labels_from_masks": "" | "val" | "test",
//            "min_label_pixels": 1},
//   "device": "auto", "workers": 2, "seed": 0,
//   "stage1": {"arch", "ars", "epochs", "batch", "lr", "weight_decay", "momentum", "ars_from_epoch", "init", "freeze",
//              "patch_size", "max_steps_per_epoch"},
//   "pseudo_masks": {"layers": ["bn7"], "batch", "precision", "background"},
//   "stage2": {"width_divisor", "peers", "epochs", "batch", "lr", "momentum", "weight_decay",
//              "patch_size", "init", "max_steps_per_epoch",
//              "edits": "" | corrected-masks folder, "review": "" | review.json (data/mask_set.h)},
//   "evaluation": {"cam_presence_threshold": 0.25}
// }
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cam/pseudo_mask_job.h"
#include "train/mutual_trainer.h"
#include "train/stage1_trainer.h"

namespace arml::train {

// The whole configuration of a preset of run/run_presets.h ("paper" or "cpu-demo"), the stage
// sizes taken from there. InputError otherwise.
nlohmann::json presetConfig(const std::string& name);
std::vector<std::string> presetNames();

// Merges `patch` into `config` (objects recursively; other values replace). Keys unknown to the
// preset are refused with an InputError naming `source`, so that typos do not pass silently.
void mergeConfig(nlohmann::json& config, const nlohmann::json& patch, const std::string& source);
// "stage1.epochs=3", "pseudo_masks.layers=bn7,b5_2": the value is parsed as the type the key has.
void applyOverride(nlohmann::json& config, const std::string& assignment);
nlohmann::json readConfigFile(const std::filesystem::path& path);

// The one check of a trainer's settings, whichever way they came: the flags of `arml train-cls` /
// `arml train-seg` or a pipeline's "stage1" / "stage2" settings (config file, --set, the app).
// The first bad value is an InputError named by its setting, the same message from either path:
// "stage1.epochs 0: must be at least 1", "stage2.batch 1: must be at least 2 (...)".
void validateStage1Options(const Stage1TrainerOptions& o);
void validateStage2Options(const MutualTrainerOptions& o);
// Checks every stage's options of a resolved pipeline configuration before anything runs.
void validatePipelineConfig(const nlohmann::json& config);

// The options of each stage, for a run folder. Throws InputError for invalid values.
Stage1TrainerOptions stage1Options(const nlohmann::json& config, const std::filesystem::path& dataRoot,
                                   const std::filesystem::path& runDir);
cam::PseudoMaskJobOptions pseudoMaskOptions(const nlohmann::json& config);
MutualTrainerOptions stage2Options(const nlohmann::json& config, const std::filesystem::path& dataRoot,
                                   const std::filesystem::path& masksDir, const std::filesystem::path& runDir);

// The settings that change results: everything but device, workers and the data root's spelling.
nlohmann::json resultRelevantSettings(const nlohmann::json& config);

}  // namespace arml::train
