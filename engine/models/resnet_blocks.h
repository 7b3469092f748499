#pragma once
// The two pre-activation residual blocks of ResNet38d (spec §2.1), with the reference parameter
// names (bn_branch2a, conv_branch2a, bn_branch2b1, conv_branch2b1, [bn_branch2b2, conv_branch2b2],
// conv_branch1) so that reference state_dicts load by name.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>

#include "models/batch_norm.h"
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace arml::models {

// y = shortcut + conv2b1(ReLU(bn2b1(conv2a(t)))) with t = ReLU(bn2a(x)).
// The shortcut is x when the shape is kept, else the 1×1 projection conv_branch1 applied to t.
// 3×3 convolutions use padding = dilation; none has a bias.
struct ResBlockOptions {
  int64_t in = 0, mid = 0, out = 0;
  int64_t stride = 1;
  int64_t firstDilation = 1;  // of conv_branch2a
  int64_t dilation = 1;       // of conv_branch2b1
};

class ResBlockImpl : public torch::nn::Module {
public:
  explicit ResBlockImpl(const ResBlockOptions& o);
  at::Tensor forward(const at::Tensor& x);

  BatchNorm2d bn_branch2a{nullptr}, bn_branch2b1{nullptr};
  torch::nn::Conv2d conv_branch2a{nullptr}, conv_branch2b1{nullptr}, conv_branch1{nullptr};

private:
  bool sameShape_ = true;
};
TORCH_MODULE(ResBlock);

// Bottleneck (b6, b7): the shortcut is always the projection of t; the residual is
// 1×1 (in→out/4) → BN-ReLU-Dropout2d → 3×3 dilated (→out/2) → BN-ReLU-Dropout2d → 1×1 (→out).
struct BottleneckBlockOptions {
  int64_t in = 0, out = 0;
  int64_t dilation = 1;
  double dropout = 0.0;  // Dropout2d probability, active in training mode only
};

class BottleneckBlockImpl : public torch::nn::Module {
public:
  explicit BottleneckBlockImpl(const BottleneckBlockOptions& o);
  at::Tensor forward(const at::Tensor& x);

  BatchNorm2d bn_branch2a{nullptr}, bn_branch2b1{nullptr}, bn_branch2b2{nullptr};
  torch::nn::Conv2d conv_branch2a{nullptr}, conv_branch2b1{nullptr}, conv_branch2b2{nullptr},
      conv_branch1{nullptr};

private:
  double dropout_ = 0.0;
};
TORCH_MODULE(BottleneckBlock);

}  // namespace arml::models
