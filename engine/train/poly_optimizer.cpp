#include "train/poly_optimizer.h"

#include <sstream>
#include <type_traits>

#include <torch/torch.h>

namespace arml::train {
namespace {

// The key under which torch::optim keeps a parameter's state: the TensorImpl address, printed as a
// string by LibTorch 1.x and kept as a void* by 2.x. Deduced from the map, so no version test.
template <typename StateMap>
typename StateMap::key_type stateKey(const StateMap&, const at::Tensor& p) {
  using Key = typename StateMap::key_type;
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream s;
    s << p.unsafeGetTensorImpl();
    return s.str();
  } else {
    return p.unsafeGetTensorImpl();
  }
}

}  // namespace

PolyOptimizer::PolyOptimizer(std::vector<ParamGroup> groups, double momentum, PolySchedule schedule)
    : groups_(std::move(groups)), momentum_(momentum), schedule_(schedule) {
  std::vector<torch::optim::OptimizerParamGroup> torchGroups;
  for (const auto& g : groups_) {
    auto options = std::make_unique<torch::optim::SGDOptions>(g.lr);
    options->momentum(momentum).weight_decay(g.weightDecay).dampening(0).nesterov(false);
    torchGroups.emplace_back(g.params, std::move(options));
  }
  const double defaultLr = groups_.empty() ? 0.0 : groups_.front().lr;
  sgd_ = std::make_unique<torch::optim::SGD>(torchGroups, torch::optim::SGDOptions(defaultLr).momentum(momentum));
}

PolyOptimizer::~PolyOptimizer() = default;

// Not sgd_->zero_grad(): from LibTorch 2.0 on it sets the gradients to undefined (set_to_none = true).
// This is what 1.13's zero_grad() does on every version: detach, then zero in place.
void PolyOptimizer::zeroGrad() {
  for (auto& g : groups_)
    for (auto& p : g.params) {
      at::Tensor& grad = p.mutable_grad();
      if (!grad.defined()) continue;
      grad.detach_();
      grad.zero_();
    }
}

void PolyOptimizer::step() {
  auto& torchGroups = sgd_->param_groups();
  for (std::size_t g = 0; g < groups_.size(); ++g)
    static_cast<torch::optim::SGDOptions&>(torchGroups[g].options()).lr(nextLr(g));
  sgd_->step();
  ++step_;
}

void PolyOptimizer::defineZeroGrads(const std::vector<at::Tensor>& params) {
  for (const auto& p : params)
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
}

std::vector<std::pair<std::string, at::Tensor>> PolyOptimizer::momentumBuffers() const {
  std::vector<std::pair<std::string, at::Tensor>> out;
  const auto& state = sgd_->state();
  for (const auto& g : groups_)
    for (std::size_t i = 0; i < g.params.size(); ++i) {
      auto it = state.find(stateKey(state, g.params[i]));
      if (it == state.end()) continue;
      const auto& s = static_cast<const torch::optim::SGDParamState&>(*it->second);
      if (s.momentum_buffer().defined()) out.emplace_back(g.names.at(i), s.momentum_buffer());
    }
  return out;
}

bool PolyOptimizer::setMomentumBuffer(const std::string& name, const at::Tensor& buffer) {
  for (const auto& g : groups_)
    for (std::size_t i = 0; i < g.params.size(); ++i) {
      if (g.names.at(i) != name) continue;
      const at::Tensor& p = g.params[i];
      auto s = std::make_unique<torch::optim::SGDParamState>();
      s->momentum_buffer(buffer.detach().to(p.options()).clone());
      sgd_->state()[stateKey(sgd_->state(), p)] = std::move(s);
      return true;
    }
  return false;
}

}  // namespace arml::train
