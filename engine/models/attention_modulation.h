#pragma once
// AMM, the attention modulation module of ARML's ARS (from AMR, Qin et al. AAAI 2022; spec §2.3b),
// as the reference tool/amm.py computes it with exponential projection φ(v) = λ·exp(−λ·v), λ = 0.8:
//   channel gate  a = mlp(GAP(X)) with Linear C→C/r→C/r→C (ReLU between), X1 = X ⊙ φ(a)
//   spatial gate  s = BN(conv7×7([max_c X1, mean_c X1])), no ReLU,       X2 = X1 ⊙ φ(s)
// Submodule and parameter names follow the reference: ChannelAMM.mlp.{1,3,5}.{weight,bias},
// SpatialAMM.spatial.conv.weight, SpatialAMM.spatial.bn.* (mlp index 0 is the flatten, 2 and 4 ReLUs).
#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>

#include "models/batch_norm.h"
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace arml::models {

// φ(v) = λ·exp(−λ·v), element-wise, unbounded for negative v (as in the reference).
at::Tensor exponentialProjection(const at::Tensor& v, double lambda);

class AmmChannelGateImpl : public torch::nn::Module {
public:
  AmmChannelGateImpl(int64_t channels, int64_t reduction);
  // a = mlp(GAP(x)), N×C, before the projection.
  at::Tensor logits(const at::Tensor& x);
  torch::nn::Sequential mlp{nullptr};
};
TORCH_MODULE(AmmChannelGate);

// Conv7×7 (2→1, pad 3, no bias) + BatchNorm(1) (the reference BasicConv without ReLU).
class AmmSpatialConvImpl : public torch::nn::Module {
public:
  AmmSpatialConvImpl();
  at::Tensor forward(const at::Tensor& pooled);
  torch::nn::Conv2d conv{nullptr};
  BatchNorm2d bn{nullptr};
};
TORCH_MODULE(AmmSpatialConv);

class AmmSpatialGateImpl : public torch::nn::Module {
public:
  AmmSpatialGateImpl();
  // s = BN(conv([max_c x, mean_c x])), N×1×H×W, before the projection.
  at::Tensor logits(const at::Tensor& x);
  AmmSpatialConv spatial{nullptr};
};
TORCH_MODULE(AmmSpatialGate);

// Intermediate values of one AMM forward, for tests and the CAM viewer.
struct AmmTrace {
  at::Tensor channelLogits;  // a, N×C
  at::Tensor spatialLogits;  // s, N×1×H×W
};

class AttentionModulationImpl : public torch::nn::Module {
public:
  explicit AttentionModulationImpl(int64_t channels, int64_t reduction = 4, double lambda = 0.8);
  at::Tensor forward(const at::Tensor& x, AmmTrace* trace = nullptr);
  double lambda() const { return lambda_; }

  AmmChannelGate ChannelAMM{nullptr};
  AmmSpatialGate SpatialAMM{nullptr};

private:
  double lambda_;
};
TORCH_MODULE(AttentionModulation);

}  // namespace arml::models
