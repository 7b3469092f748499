#include "models/smp_pspnet_import.h"

#include <torch/nn/module.h>

namespace arml::models {
namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::string withoutModulePrefix(const std::string& name) {
  return startsWith(name, "module.") ? name.substr(7) : name;
}

bool isSmpName(const std::string& name) {
  for (const char* prefix : {"encoder.", "decoder.", "segmentation_head.", "classification_head."})
    if (startsWith(name, prefix)) return true;
  return false;
}

}  // namespace

ImportOptions smpPspnetImportOptions(const StateDict& weights) {
  bool bareEncoder = !weights.empty();
  for (const auto& [name, tensor] : weights)
    if (isSmpName(withoutModulePrefix(name))) bareEncoder = false;
  ImportOptions options;
  options.rename = [bareEncoder](const std::string& name) -> std::optional<std::string> {
    const std::string stripped = withoutModulePrefix(name);
    return bareEncoder ? "encoder." + stripped : stripped;
  };
  options.unusedPrefixes = {"encoder.layer3.", "encoder.layer4.", "encoder.fc.", "classification_head."};
  return options;
}

ImportReport importSmpPspnet(torch::nn::Module& pspnet, const StateDict& weights, bool strict) {
  ImportOptions options = smpPspnetImportOptions(weights);
  options.strict = strict;
  return importStateDict(pspnet, weights, options);
}

}  // namespace arml::models
