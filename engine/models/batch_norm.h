#pragma once
// The models' BatchNorm2d: torch::nn::BatchNorm2d's options, parameters, buffers, state-dict names and
// kernel (built on torch's NormImplBase, as torch's own is: Debian's LibTorch does not export what a
// class derived from torch::nn::BatchNorm2dImpl needs), which data-parallel training can synchronise
// across replicas (SyncBN, issue #13).
// Inside a SyncBatchNormScope a BatchNorm in training mode normalises with the mean and variance of the
// whole global batch, gathered from every replica's slice through the scope's `sumOverReplicas`, updates
// its running statistics with them, and its backward exchanges the two gradient sums the same way; so N
// replicas compute what one process computes on the whole batch, as PyTorch's SyncBatchNorm does. Outside
// a scope, or in eval mode, it is torch's BatchNorm2d. The scope is per thread, like BatchSliceDropout.
#include <functional>
#include <ostream>

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/batchnorm.h>

namespace arml::models {

class BatchNorm2dImpl : public torch::nn::NormImplBase<2, BatchNorm2dImpl, torch::nn::BatchNormOptions> {
public:
  explicit BatchNorm2dImpl(const torch::nn::BatchNormOptions& options) : NormImplBase(options) {}
  at::Tensor forward(const at::Tensor& input);
  void pretty_print(std::ostream& stream) const override;

protected:
  void _check_input_dim(const at::Tensor& input) override;
};
TORCH_MODULE(BatchNorm2d);

// Element-wise sum over the replicas, in place (an all-reduce), of a small CPU float64 tensor.
using ReplicaSum = std::function<void(at::Tensor&)>;

class SyncBatchNormScope {
public:
  // sampleShare: this replica's images / the global batch's images, the weight its gradients get when the
  // replicas' gradients are summed (distributed::GradientReduction); it keeps the
  // backward exact for uneven slices. An empty sumOverReplicas makes an inactive scope.
  SyncBatchNormScope(ReplicaSum sumOverReplicas, double sampleShare);
  ~SyncBatchNormScope();
  SyncBatchNormScope(const SyncBatchNormScope&) = delete;
  SyncBatchNormScope& operator=(const SyncBatchNormScope&) = delete;

private:
  bool active_ = false;
};

}  // namespace arml::models
