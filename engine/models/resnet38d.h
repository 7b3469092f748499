#pragma once
// ResNet38d backbone (pre-activation "model A1" of Wu et al., spec §2.1): input N×3×H×W in [0,1]
// (no mean/std normalisation), output stride 8. Parameter names are those of the reference
// `network.resnet38d.Net` (conv1a, b2 … b7, bn7), so reference checkpoints load by name.
//
// widthDivisor scales every channel count: 1 = the full network (X has 4096 channels),
// 8 = "resnet38d-lite" (X has 512 channels; the channels of the resnet38d_w8 fixture).
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>

#include "models/batch_norm.h"
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include "models/resnet_blocks.h"

namespace arml::models {

// The tensors the CAM / pseudo-mask code needs, all part of the autograd graph.
struct BackboneOutputs {
  at::Tensor b4_5;      // output (residual sum) of block b4_5, N×512/d×H/8×W/8
  at::Tensor b5_2;      // output of block b5_2, N×1024/d×H/8×W/8
  at::Tensor features;  // X = ReLU(bn7(b7 output)), N×4096/d×H/8×W/8
};

// Optional per-block record for locating a divergence: (name, output) for conv1a, b2 … b7.
using BlockTrace = std::vector<std::pair<std::string, at::Tensor>>;

class ResNet38dImpl : public torch::nn::Module {
public:
  explicit ResNet38dImpl(int widthDivisor = 1);

  BackboneOutputs forwardBackbone(const at::Tensor& input, BlockTrace* trace = nullptr);
  int widthDivisor() const { return widthDivisor_; }
  int64_t featureChannels() const { return 4096 / widthDivisor_; }

  // Train mode for the reference's trainable parts (dropout in b6/b7) while every BatchNorm
  // stays in eval mode (frozen ImageNet statistics), as reference Net.train() does — unless
  // setBatchNormFrozen(false), for training from scratch, where BatchNorm uses batch statistics.
  void train(bool on = true) override;
  void setBatchNormFrozen(bool frozen) { batchNormFrozen_ = frozen; }

  // Sets requires_grad = false on conv1a, b2, b2_1, b2_2 and on every BatchNorm's affine
  // parameters (reference Net.train()).
  void freezeReferenceLayers();

  torch::nn::Conv2d conv1a{nullptr};
  ResBlock b2{nullptr}, b2_1{nullptr}, b2_2{nullptr};
  ResBlock b3{nullptr}, b3_1{nullptr}, b3_2{nullptr};
  ResBlock b4{nullptr}, b4_1{nullptr}, b4_2{nullptr}, b4_3{nullptr}, b4_4{nullptr}, b4_5{nullptr};
  ResBlock b5{nullptr}, b5_1{nullptr}, b5_2{nullptr};
  BottleneckBlock b6{nullptr}, b7{nullptr};
  BatchNorm2d bn7{nullptr};

private:
  int widthDivisor_ = 1;
  bool batchNormFrozen_ = true;
};
TORCH_MODULE(ResNet38d);

}  // namespace arml::models
