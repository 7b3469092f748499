#pragma once
// ResNeSt-101e encoder (timm `resnest101e` as used by smp 0.3.x `timm-resnest101e`), cut at depth 3:
// deep stem + layer1 + layer2 only (output stride 8, 512 channels). layer3/layer4 are never run by
// ARML's PSPNet, so they are not built (spec §4.1, weight-formats §3.1). Parameter names are the timm
// ones without the `encoder.` prefix (the PSPNet registers this module as "encoder").
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>

#include "models/batch_norm.h"
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace arml::models {

// timm SplitAttn with radix 2, cardinality 1: conv (groups 2) -> bn0 -> ReLU -> split/sum -> GAP
// -> fc1 -> bn1 -> ReLU -> fc2 -> softmax over the radix axis -> weighted sum of the two splits.
class SplitAttentionImpl : public torch::nn::Module {
public:
  SplitAttentionImpl(int64_t channels, int64_t radix = 2);
  at::Tensor forward(const at::Tensor& x) { return forwardTraced(x, nullptr); }
  // Also stores the radix-softmax weights (N×(radix·channels), index r·channels + c; timm's
  // `rsoftmax` output) in *attention when it is not null.
  at::Tensor forwardTraced(const at::Tensor& x, at::Tensor* attention);

private:
  int64_t channels_, radix_;
  torch::nn::Conv2d conv{nullptr};
  BatchNorm2d bn0{nullptr};
  torch::nn::Conv2d fc1{nullptr};
  BatchNorm2d bn1{nullptr};
  torch::nn::Conv2d fc2{nullptr};
};
TORCH_MODULE(SplitAttention);

// timm ResNestBottleneck (radix 2, avd, avd_first=false, expansion 4). With stride 2 the 3x3 avg-pool
// (count_include_pad) after the split-attention conv does the downsampling; the shortcut is
// `downsample` = [Identity | AvgPool2x2 ceil, exclude pad] -> conv1x1 -> BN when shapes change.
class ResNestBottleneckImpl : public torch::nn::Module {
public:
  ResNestBottleneckImpl(int64_t inChannels, int64_t width, int64_t stride, bool withDownsample);
  at::Tensor forward(const at::Tensor& x) { return forwardTraced(x, nullptr); }
  // See SplitAttentionImpl::forwardTraced. (A second name, not an overload: Sequential needs one forward.)
  at::Tensor forwardTraced(const at::Tensor& x, at::Tensor* attention);

private:
  int64_t stride_;
  torch::nn::Conv2d conv1{nullptr};
  BatchNorm2d bn1{nullptr};
  SplitAttention conv2{nullptr};
  torch::nn::Conv2d conv3{nullptr};
  BatchNorm2d bn3{nullptr};
  torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(ResNestBottleneck);

// Intermediate tensors of one encoder forward (still attached to the autograd graph), for checking the
// network against the reference stage by stage. Names follow smp's encoder `features` list.
struct ResNestTrace {
  at::Tensor stem;                    // features[1]: conv1 -> bn1 -> ReLU, stride 2
  at::Tensor layer1;                  // features[2]: maxpool -> layer1, stride 4
  std::vector<at::Tensor> blocks;     // every bottleneck's output: layer1.0 ... layer1.2, layer2.0 ... layer2.3
  std::vector<at::Tensor> attention;  // every bottleneck's split-attention weights, same order
};

struct ResNestEncoderOptions {
  // 1 = the real network (stem 64, planes 64/128). >1 divides every width (tests, CPU demos);
  // such a network cannot import ImageNet weights.
  int widthDivisor = 1;
};

class ResNestEncoderImpl : public torch::nn::Module {
public:
  explicit ResNestEncoderImpl(ResNestEncoderOptions options = {});
  // x: N×3×H×W -> N×outChannels()×H/8×W/8 (features[3]). Fills *trace when it is not null.
  at::Tensor forward(const at::Tensor& x, ResNestTrace* trace = nullptr);
  int64_t outChannels() const { return outChannels_; }
  // timm ResNet init for random starts: conv kaiming-normal (fan_out, relu), BN (1, 0), the last BN of
  // each block zeroed (timm zero_init_last); conv biases keep the PyTorch default.
  void resetParameters();

private:
  int64_t outChannels_ = 0;
  torch::nn::Sequential conv1{nullptr};
  BatchNorm2d bn1{nullptr};
  torch::nn::Sequential layer1{nullptr};
  torch::nn::Sequential layer2{nullptr};
};
TORCH_MODULE(ResNestEncoder);

}  // namespace arml::models
