#pragma once
// Polynomial learning-rate decay as the reference computes it (spec §2.5, §4.7):
//   lr(t) = base · (1 − t/T)^power  for optimiser steps t = 0 … T−1 (0-based),
// and for t ≥ T the value of step T−1 (the reference PolyOptimizer stops updating the rate).
#include <cstdint>

namespace arml::train {

class PolySchedule {
public:
  explicit PolySchedule(std::int64_t maxStep, double power = 0.9) : maxStep_(maxStep), power_(power) {}

  // (1 − t/T)^power, computed in double exactly as Python's `(1 - t / T) ** power`.
  double factor(std::int64_t step) const;
  double lr(double base, std::int64_t step) const { return base * factor(step); }

  std::int64_t maxStep() const { return maxStep_; }
  double power() const { return power_; }

  // Stage 1: T = ⌊N / batch⌋ · epochs (drop_last batches).
  static std::int64_t stage1MaxStep(std::int64_t trainImages, std::int64_t batch, std::int64_t epochs) {
    return batch > 0 ? (trainImages / batch) * epochs : 0;
  }

private:
  std::int64_t maxStep_;
  double power_;
};

}  // namespace arml::train
