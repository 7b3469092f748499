#include "models/batch_slice_dropout.h"

#include <torch/nn/functional.h>

namespace arml::models {
namespace {
struct Slice {
  std::int64_t globalBatch = 0;  // 0: no scope
  std::int64_t begin = 0;
};
thread_local Slice current;
}  // namespace

BatchSliceDropout::BatchSliceDropout(std::int64_t globalBatch, std::int64_t begin) { current = {globalBatch, begin}; }
BatchSliceDropout::~BatchSliceDropout() { current = {}; }

at::Tensor dropout2d(const at::Tensor& x, double p, bool training) {
  if (current.globalBatch == 0)
    return torch::nn::functional::dropout2d(x, torch::nn::functional::Dropout2dFuncOptions().p(p).training(training));
  if (!training || p == 0) return x;
  // As at::feature_dropout: an N×C×1×1 Bernoulli(1 - p) mask divided by 1 - p.
  const at::Tensor mask = at::empty({current.globalBatch, x.size(1), 1, 1}, x.options()).bernoulli_(1 - p).div_(1 - p);
  return x * mask.narrow(0, current.begin, x.size(0));
}

}  // namespace arml::models
