#pragma once
// SGD with per-group base learning rates under a polynomial decay: the reference
// tool/torchutils.PolyOptimizer. Before each step t (0-based, counted by globalStep) every group's
// lr is set to base_g · PolySchedule::factor(t); then a plain torch::optim::SGD step runs
// (dampening 0, no Nesterov, weight decay per group). Parameters without a gradient are skipped by
// SGD, as in PyTorch.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "train/poly_schedule.h"

namespace torch::optim {
class SGD;
}

namespace arml::train {

struct ParamGroup {
  std::string label;                // "conv weights", ... (for logs)
  std::vector<std::string> names;   // parameter names, parallel to params (for checkpoints)
  std::vector<at::Tensor> params;
  double lr = 0.0;                  // base learning rate of the group
  double weightDecay = 0.0;
};

class PolyOptimizer {
public:
  PolyOptimizer(std::vector<ParamGroup> groups, double momentum, PolySchedule schedule);
  ~PolyOptimizer();
  PolyOptimizer(const PolyOptimizer&) = delete;
  PolyOptimizer& operator=(const PolyOptimizer&) = delete;

  // Zeroes existing gradients in place, on every LibTorch version (1.13's zero_grad(); 2.x's default
  // would make them undefined): defined gradients stay defined, undefined ones stay undefined.
  void zeroGrad();
  // Sets the lrs for globalStep(), runs one SGD step, advances globalStep.
  void step();

  std::int64_t globalStep() const { return step_; }
  void setGlobalStep(std::int64_t step) { step_ = step; }
  // The lr that group g uses at the next step().
  double nextLr(std::size_t group) const { return schedule_.lr(groups_.at(group).lr, step_); }
  const std::vector<ParamGroup>& groups() const { return groups_; }
  const PolySchedule& schedule() const { return schedule_; }
  double momentum() const { return momentum_; }

  // Gives each listed parameter that has no gradient a zero one, so that weight decay and momentum
  // still apply (the reference's CCA convs get zero gradients while γ = 0).
  static void defineZeroGrads(const std::vector<at::Tensor>& params);

  // Momentum buffers by parameter name (only parameters that have taken a step).
  std::vector<std::pair<std::string, at::Tensor>> momentumBuffers() const;
  // Restores a buffer; returns false when no parameter has that name.
  bool setMomentumBuffer(const std::string& name, const at::Tensor& buffer);

private:
  std::vector<ParamGroup> groups_;
  double momentum_;
  PolySchedule schedule_;
  std::int64_t step_ = 0;
  std::unique_ptr<torch::optim::SGD> sgd_;
};

}  // namespace arml::train
