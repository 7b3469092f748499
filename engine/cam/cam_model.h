#pragma once
// Loading a stage-1 classifier for CAMs and pseudo masks from any weight file the app reads: an
// ARML Studio checkpoint, a reference `.pth` (Net_CAM names, or the training Net with amm.* /
// cca.* / unused Attention_Module.*). Width divisor and class count are read off fc8.weight
// (K × 4096/d × 1 × 1); ARS modules are built when the file has amm.* weights.
#include <filesystem>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <nlohmann/json_fwd.hpp>

#include "models/resnet38d_classifier.h"
#include "models/state_dict.h"

namespace arml::cam {

struct CamModel {
  models::Resnet38dClassifier net{nullptr};  // in eval mode, on `device`
  int widthDivisor = 1;
  int classes = 4;
  bool hasArs = false;
  models::ArsMode arsMode = models::ArsMode::Off;
  models::CcaSoftmax ccaSoftmax = models::CcaSoftmax::QueryRows;
  std::string device = "cpu";
  std::string source;
  std::vector<std::string> warnings;  // e.g. unexpected names in the file
};

// Builds the model from named weights. Every backbone and fc8 entry must be present (InputError
// naming `weights.source` otherwise). device: "cpu", "cuda", "cuda:N". `meta` is an ARML
// checkpoint's metadata: its config's "ars" ("intended" runs the trained CCA, "reference" skips it
// as γ ≡ 0) and "cca_softmax" ("keys" or "query-rows") shape the ARS modules; without it a file
// with ARS weights is read as the reference trained it.
CamModel camModelFromStateDict(const models::StateDict& weights, const std::string& device = "cpu",
                               const nlohmann::json* meta = nullptr);
// Reads the file (models::loadCheckpoint) and builds the model.
CamModel loadCamModel(const std::filesystem::path& path, const std::string& device = "cpu");

}  // namespace arml::cam
