#pragma once
// For engine tests that compare trained models (header-only: the support library has no LibTorch).
#include <algorithm>
#include <cmath>
#include <filesystem>

#include <torch/torch.h>

#include "models/checkpoint.h"

namespace arml::test {

// The largest absolute difference between the model tensors of two checkpoints (infinity when their
// names differ).
inline double largestWeightDifference(const std::filesystem::path& a, const std::filesystem::path& b) {
  const models::Checkpoint x = models::loadCheckpoint(a), y = models::loadCheckpoint(b);
  if (x.model.size() != y.model.size()) return INFINITY;
  double worst = 0;
  for (const auto& [name, t] : x.model) {
    if (!y.model.contains(name)) return INFINITY;
    worst = std::max(worst, (t.to(torch::kDouble) - y.model.at(name).to(torch::kDouble)).abs().max().item<double>());
  }
  return worst;
}

}  // namespace arml::test
