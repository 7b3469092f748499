#pragma once
// The run presets, defined once: what `arml pipeline --preset`, `arml demo` and the app's Training
// page start from. LibTorch-free and Qt-free, so that the CLI's pipeline configuration
// (train/pipeline_config.h) and the app's form (ui/job_settings.h) read the same values.
//
//   paper     the reference hyper-parameters (spec §2.5 and §4.7), full-width ResNet38d, 224 px
//   cpu-demo  resnet38d-lite, 112 px and few epochs: `arml demo` ends in minutes on 2 CPU cores
#include <string>
#include <vector>

namespace arml::run {

struct Stage1Preset {
  std::string arch;  // "resnet38d" | "resnet38d-lite"
  int epochs = 0;
  int batch = 0;
  double lr = 0;
  int patchSize = 0;
};

struct PseudoMaskPreset {
  std::vector<std::string> layers;  // CAM layers, e.g. {"bn7"}
  int batch = 0;
};

struct Stage2Preset {
  int widthDivisor = 1;  // 1: full width; 8: the lite segmenter (`arml train-seg --width-divisor 8`)
  int epochs = 0;
  int batch = 0;
  double lr = 0;
  int patchSize = 0;
};

struct RunPreset {
  std::string name;
  Stage1Preset stage1;
  PseudoMaskPreset pseudoMasks;
  Stage2Preset stage2;
};

// {"paper", "cpu-demo"}.
std::vector<std::string> presetNames();
// The preset of that name; InputError("--preset <name>", "unknown preset (use paper or cpu-demo)")
// otherwise.
const RunPreset& presetConfig(const std::string& name);

}  // namespace arml::run
