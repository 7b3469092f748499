#include "distributed/gradient_reduction.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <utility>

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/torch.h>

#include "core/errors.h"
#include "distributed/data_parallel_group.h"

namespace arml::distributed {

struct GradientReduction::State {
  struct Bucket {
    std::vector<at::Tensor> params;
    std::size_t ready = 0;  // parameters whose gradient backward has accumulated
    bool started = false;
    std::vector<at::Tensor> grads;  // the gradients flattened into `flat`, in order
    at::Tensor flat;
    std::optional<DataParallelGroup::PendingSum> sum;
  };

  DataParallelGroup* group = nullptr;
  double weight = 1;
  std::vector<Bucket> buckets;
  std::vector<bool> paramReady;  // by the index the hooks carry
  std::size_t startedDuringBackward = 0;
  std::mutex mutex;  // backward calls the hooks from its own thread on GPUs

  // The bucket's defined gradients, weighted and flattened, sent to be summed.
  void start(Bucket& b) {
    b.started = true;
    for (const at::Tensor& p : b.params)
      if (p.grad().defined()) b.grads.push_back(p.grad());
    if (b.grads.empty()) return;  // the same on every rank: nothing to send
    torch::NoGradGuard noGrad;
    std::vector<at::Tensor> pieces;
    pieces.reserve(b.grads.size());
    for (const at::Tensor& g : b.grads) pieces.push_back(g.reshape({-1}));
    b.flat = torch::cat(pieces).mul_(weight);
    b.sum = group->startSum(b.flat, "the gradient all-reduce");
  }

  void gradientReady(std::size_t bucket, std::size_t param) {
    const std::lock_guard<std::mutex> lock(mutex);
    if (paramReady[param]) return;
    paramReady[param] = true;
    Bucket& b = buckets[bucket];
    if (++b.ready == b.params.size() && !b.started) {
      start(b);
      ++startedDuringBackward;
    }
  }
};

// Runs after a parameter's gradient accumulator has added this backward's gradient to .grad.
struct GradientReduction::ReadyHook : torch::autograd::FunctionPostHook {
  std::weak_ptr<State> state;
  std::size_t bucket, param;
  ReadyHook(std::weak_ptr<State> s, std::size_t b, std::size_t p) : state(std::move(s)), bucket(b), param(p) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list&) override {
    if (const auto s = state.lock()) s->gradientReady(bucket, param);
    return outputs;
  }
};

struct GradientReduction::Hooks {
  std::vector<std::pair<std::shared_ptr<torch::autograd::Node>, std::uintptr_t>> installed;
  void remove() {
    for (auto& [accumulator, key] : installed) accumulator->del_post_hook(key);
    installed.clear();
  }
};

GradientReduction::GradientReduction(DataParallelGroup& group, const std::vector<at::Tensor>& params,
                                     std::int64_t localSamples, std::int64_t globalSamples)
    : state_(std::make_shared<State>()), hooks_(std::make_unique<Hooks>()) {
  if (globalSamples <= 0) throw RuntimeFailure("gradient reduction: a global batch of " + std::to_string(globalSamples));
  state_->group = &group;
  state_->weight = static_cast<double>(localSamples) / static_cast<double>(globalSamples);
  // Buckets of consecutive parameters of one dtype and device, last parameter first. As in DDP the first
  // bucket is small (1 MiB), so that the first all-reduce starts early in backward.
  constexpr std::int64_t kFirstBucketBytes = 1 << 20;
  std::int64_t bytes = 0;
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    const at::Tensor& p = *it;
    if (!p.requires_grad()) continue;
    auto& buckets = state_->buckets;
    const std::int64_t size = static_cast<std::int64_t>(p.numel()) * static_cast<std::int64_t>(p.element_size());
    const std::int64_t cap = buckets.size() == 1 ? std::min(kFirstBucketBytes, group.bucketBytes()) : group.bucketBytes();
    const bool fits = !buckets.empty() && bytes + size <= cap &&
                      buckets.back().params.front().scalar_type() == p.scalar_type() &&
                      buckets.back().params.front().device() == p.device();
    if (!fits) {
      buckets.emplace_back();
      bytes = 0;
    }
    buckets.back().params.push_back(p);
    bytes += size;
  }
  std::size_t index = 0;
  for (std::size_t b = 0; b < state_->buckets.size(); ++b)
    for (const at::Tensor& p : state_->buckets[b].params) {
      // Holding the accumulator keeps it, and the hook, alive until backward reaches it.
      std::shared_ptr<torch::autograd::Node> accumulator = torch::autograd::impl::grad_accumulator(p);
      const std::uintptr_t key =
          accumulator->add_post_hook(std::make_unique<ReadyHook>(state_, b, index++));
      hooks_->installed.emplace_back(std::move(accumulator), key);
    }
  state_->paramReady.assign(index, false);
}

GradientReduction::~GradientReduction() { hooks_->remove(); }

void GradientReduction::finish() {
  hooks_->remove();
  const std::lock_guard<std::mutex> lock(state_->mutex);
  for (State::Bucket& b : state_->buckets)
    if (!b.started) state_->start(b);
  torch::NoGradGuard noGrad;
  for (State::Bucket& b : state_->buckets) {
    if (!b.sum) continue;
    b.sum->wait();
    std::int64_t offset = 0;
    for (at::Tensor& g : b.grads) {
      g.copy_(b.flat.narrow(0, offset, g.numel()).view_as(g));
      offset += g.numel();
    }
    b.sum.reset();
  }
}

std::size_t GradientReduction::bucketCount() const { return state_->buckets.size(); }

std::size_t GradientReduction::bucketsStartedDuringBackward() const { return state_->startedDuringBackward; }

}  // namespace arml::distributed
