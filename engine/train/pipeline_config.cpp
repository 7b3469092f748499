#include "train/pipeline_config.h"

#include <fstream>
#include <sstream>

#include "compute/compute.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "models/resnet38d_classifier.h"
#include "run/run_presets.h"

namespace arml::train {

using nlohmann::json;

namespace {
json baseConfig() {
  return {
      {"preset", ""},
      {"data", {{"root", ""}, {"dataset", "auto"}, {"derive_labels_from_masks", ""}, {"min_label_pixels", 1}}},
      {"device", "auto"},
      {"training_precision", "fp32"},  // fp32 | bf16 | fp16 (CUDA) | auto, for both trainers
      {"workers", 2},
      {"seed", 0},
      // The preset's values (run/run_presets.h) replace the stage sizes below.
      {"stage1",
       {{"arch", "resnet38d"},
        {"ars", "reference"},
        {"epochs", 20},
        {"batch", 20},
        {"lr", 0.01},
        {"weight_decay", 5e-4},
        {"momentum", nullptr},  // null: 5e-4 as the reference effectively uses, 0.9 with ars=intended
        {"ars_from_epoch", 2},
        {"init", ""},
        {"freeze", "auto"},
        {"patch_size", 224},
        {"max_steps_per_epoch", 0}}},
      {"pseudo_masks", {{"layers", {"bn7", "b5_2", "b4_5"}}, {"batch", 4}, {"precision", "fp32"}, {"background", "auto"}}},
      {"stage2",
       {{"width_divisor", 1},
        {"peers", "shared"},
        {"epochs", 10},
        {"batch", 20},
        {"lr", 5e-3},
        {"momentum", 0.9},
        {"weight_decay", 5e-4},
        {"patch_size", 224},
        {"init", ""},
        {"max_steps_per_epoch", 0},
        {"edits", ""},    // corrected masks (edits/<stem>.png) that replace the generated ones
        {"review", ""}}},  // review.json: rejected patches are left out
      {"evaluation", {{"cam_presence_threshold", 0.25}}},
  };
}

std::string str(const json& j, const char* key) { return j.at(key).get<std::string>(); }

// InputError("<setting> <value>", rule) unless ok.
template <typename T>
void require(bool ok, const char* setting, T value, const std::string& rule) {
  if (ok) return;
  std::ostringstream v;
  v << value;
  throw InputError(std::string(setting) + " " + v.str(), rule);
}
}  // namespace

void validateStage1Options(const Stage1TrainerOptions& o) {
  require(o.epochs >= 1, "stage1.epochs", o.epochs, "must be at least 1");
  require(o.batchSize >= 1, "stage1.batch", o.batchSize, "must be at least 1");
  require(o.lr > 0, "stage1.lr", o.lr, "must be positive");
  require(o.patchSize >= 0, "stage1.patch_size", o.patchSize, "must be 0 (keep the size) or more");
}

void validateStage2Options(const MutualTrainerOptions& o) {
  require(o.epochs >= 1, "stage2.epochs", o.epochs, "must be at least 1");
  require(o.batchSize >= 2, "stage2.batch", o.batchSize, "must be at least 2 (batch statistics, sample relations)");
  require(o.lr > 0, "stage2.lr", o.lr, "must be positive");
  require(o.widthDivisor >= 1 && 64 % o.widthDivisor == 0, "stage2.width_divisor", o.widthDivisor,
          "must divide 64 (1, 2, 4, 8, ...)");
  require(o.patchSize >= 0 && o.patchSize % 8 == 0, "stage2.patch_size", o.patchSize,
          "must be 0 (keep the size) or a multiple of 8");
}

void validatePipelineConfig(const json& config) {
  stage1Options(config, {}, {});
  pseudoMaskOptions(config);
  stage2Options(config, {}, {}, {});
}

std::vector<std::string> presetNames() { return run::presetNames(); }

json presetConfig(const std::string& name) {
  const run::RunPreset& p = run::presetConfig(name);  // InputError for an unknown name
  json c = baseConfig();
  c["preset"] = p.name;
  c["stage1"].update({{"arch", p.stage1.arch},
                      {"epochs", p.stage1.epochs},
                      {"batch", p.stage1.batch},
                      {"lr", p.stage1.lr},
                      {"patch_size", p.stage1.patchSize}});
  c["pseudo_masks"].update({{"layers", p.pseudoMasks.layers}, {"batch", p.pseudoMasks.batch}});
  c["stage2"].update({{"width_divisor", p.stage2.widthDivisor},
                      {"epochs", p.stage2.epochs},
                      {"batch", p.stage2.batch},
                      {"lr", p.stage2.lr},
                      {"patch_size", p.stage2.patchSize}});
  return c;
}

void mergeConfig(json& config, const json& patch, const std::string& source) {
  if (!patch.is_object()) throw InputError(source, "expected a JSON object");
  for (const auto& [key, value] : patch.items()) {
    if (!config.contains(key)) throw InputError(source, "unknown setting \"" + key + "\"");
    if (config[key].is_object() && value.is_object())
      mergeConfig(config[key], value, source);
    else
      config[key] = value;
  }
}

void applyOverride(json& config, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set " + assignment, "expected key.path=value, e.g. stage1.epochs=3");
  const std::string path = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  json* node = &config;
  std::stringstream parts(path);
  for (std::string part; std::getline(parts, part, '.');) {
    if (!node->is_object() || !node->contains(part))
      throw InputError("--set " + assignment, "unknown setting \"" + path + "\"");
    node = &(*node)[part];
  }
  try {
    if (node->is_array()) {
      json list = json::array();
      std::stringstream items(value);
      for (std::string item; std::getline(items, item, ',');) list.push_back(item);
      *node = list;
    } else if (node->is_string()) {
      *node = value;
    } else if (node->is_boolean()) {
      if (value != "true" && value != "false") throw std::invalid_argument("not a boolean");
      *node = value == "true";
    } else if (node->is_number_integer()) {
      std::size_t used = 0;
      const long long v = std::stoll(value, &used);
      if (used != value.size()) throw std::invalid_argument("not an integer");
      *node = v;
    } else {
      std::size_t used = 0;
      const double v = std::stod(value, &used);
      if (used != value.size()) throw std::invalid_argument("not a number");
      *node = v;
    }
  } catch (const std::exception&) {
    throw InputError("--set " + assignment, "\"" + value + "\" is not a valid value for " + path);
  }
}

json readConfigFile(const std::filesystem::path& path) {
  const auto bytes = readFileBytes(path);
  try {
    return json::parse(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    throw InputError(path.string(), std::string("not valid JSON: ") + e.what());
  }
}

Stage1TrainerOptions stage1Options(const json& config, const std::filesystem::path& dataRoot,
                                   const std::filesystem::path& runDir) {
  const json& s = config.at("stage1");
  Stage1TrainerOptions o;
  o.dataRoot = dataRoot;
  o.datasetHint = str(config.at("data"), "dataset");
  o.runDir = runDir;
  o.widthDivisor = models::widthDivisorForArch(str(s, "arch"));
  o.ars = models::parseArsMode(str(s, "ars"));
  o.epochs = s.at("epochs");
  o.batchSize = s.at("batch");
  o.lr = s.at("lr");
  o.weightDecay = s.at("weight_decay");
  if (!s.at("momentum").is_null()) o.momentum = s.at("momentum").get<double>();
  o.arsFromEpoch = s.at("ars_from_epoch");
  o.initWeights = str(s, "init");
  o.freeze = str(s, "freeze");
  stage1ReferenceFreeze(o);  // validates the value
  o.patchSize = s.at("patch_size");
  o.maxStepsPerEpoch = s.at("max_steps_per_epoch");
  o.workers = config.at("workers");
  o.seed = config.at("seed");
  o.device = resolveDeviceName(str(config, "device"));
  o.precision = config.value("training_precision", "fp32");
  o.resume = true;
  validateStage1Options(o);
  return o;
}

cam::PseudoMaskJobOptions pseudoMaskOptions(const json& config) {
  const json& p = config.at("pseudo_masks");
  cam::PseudoMaskJobOptions o;
  o.layers = cam::parseCamLayers(p.at("layers").get<std::vector<std::string>>());
  o.batch = p.at("batch");
  o.precision = str(p, "precision");
  o.background = cam::parseBackgroundRule(str(p, "background"));
  if (o.precision != "fp32" && o.precision != "bf16")
    throw InputError("pseudo_masks.precision " + o.precision, "use fp32 or bf16");
  return o;
}

MutualTrainerOptions stage2Options(const json& config, const std::filesystem::path& dataRoot,
                                   const std::filesystem::path& masksDir, const std::filesystem::path& runDir) {
  const json& s = config.at("stage2");
  MutualTrainerOptions o;
  o.dataRoot = dataRoot;
  o.datasetHint = str(config.at("data"), "dataset");
  o.masksDir = masksDir;
  o.runDir = runDir;
  o.widthDivisor = s.at("width_divisor");
  o.peers = parsePeerMode(str(s, "peers"));
  o.epochs = s.at("epochs");
  o.batchSize = s.at("batch");
  o.lr = s.at("lr");
  o.momentum = s.at("momentum");
  o.weightDecay = s.at("weight_decay");
  o.patchSize = s.at("patch_size");
  o.initWeights = str(s, "init");
  o.maxStepsPerEpoch = s.at("max_steps_per_epoch");
  o.editsDir = str(s, "edits");
  o.reviewFile = str(s, "review");
  o.workers = config.at("workers");
  o.seed = config.at("seed");
  o.device = resolveDeviceName(str(config, "device"));
  o.precision = config.value("training_precision", "fp32");
  o.resume = true;
  validateStage2Options(o);
  return o;
}

json resultRelevantSettings(const json& config) {
  json c = config;
  c.erase("device");
  c.erase("workers");
  if (c.value("training_precision", "fp32") == "fp32") c.erase("training_precision");  // as before the setting existed
  c["data"].erase("root");
  return c;
}

}  // namespace arml::train
