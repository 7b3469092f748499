#include "models/attention_modulation.h"

#include <torch/torch.h>

namespace arml::models {

at::Tensor exponentialProjection(const at::Tensor& v, double lambda) { return lambda * torch::exp(-lambda * v); }

AmmChannelGateImpl::AmmChannelGateImpl(int64_t channels, int64_t reduction) {
  const int64_t hidden = channels / reduction;
  mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Flatten(), torch::nn::Linear(channels, hidden),
                                                     torch::nn::ReLU(), torch::nn::Linear(hidden, hidden),
                                                     torch::nn::ReLU(), torch::nn::Linear(hidden, channels)));
}

at::Tensor AmmChannelGateImpl::logits(const at::Tensor& x) {
  return mlp->forward(x.mean({2, 3}, /*keepdim=*/true));
}

AmmSpatialConvImpl::AmmSpatialConvImpl() {
  conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(2, 1, 7).padding(3).bias(false)));
  bn = register_module("bn", BatchNorm2d(torch::nn::BatchNorm2dOptions(1).eps(1e-5).momentum(0.01)));
}

at::Tensor AmmSpatialConvImpl::forward(const at::Tensor& pooled) { return bn(conv(pooled)); }

AmmSpatialGateImpl::AmmSpatialGateImpl() { spatial = register_module("spatial", AmmSpatialConv()); }

at::Tensor AmmSpatialGateImpl::logits(const at::Tensor& x) {
  const at::Tensor pooled = torch::cat({std::get<0>(x.max(1, /*keepdim=*/true)), x.mean(1, /*keepdim=*/true)}, 1);
  return spatial(pooled);
}

AttentionModulationImpl::AttentionModulationImpl(int64_t channels, int64_t reduction, double lambda)
    : lambda_(lambda) {
  ChannelAMM = register_module("ChannelAMM", AmmChannelGate(channels, reduction));
  SpatialAMM = register_module("SpatialAMM", AmmSpatialGate());
}

at::Tensor AttentionModulationImpl::forward(const at::Tensor& x, AmmTrace* trace) {
  const at::Tensor a = ChannelAMM->logits(x);
  const at::Tensor x1 = x * exponentialProjection(a, lambda_).unsqueeze(2).unsqueeze(3);
  const at::Tensor s = SpatialAMM->logits(x1);
  if (trace) *trace = {a, s};
  return x1 * exponentialProjection(s, lambda_);
}

}  // namespace arml::models
