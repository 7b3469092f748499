#include "models/criss_cross_attention.h"

#include <torch/torch.h>

namespace arml::models {

CrissCrossAttentionImpl::CrissCrossAttentionImpl(int64_t channels, CcaSoftmax softmax) : softmax_(softmax) {
  using torch::nn::Conv2dOptions;
  query_conv = register_module("query_conv", torch::nn::Conv2d(Conv2dOptions(channels, channels / 8, 1)));
  key_conv = register_module("key_conv", torch::nn::Conv2d(Conv2dOptions(channels, channels / 8, 1)));
  value_conv = register_module("value_conv", torch::nn::Conv2d(Conv2dOptions(channels, channels, 1)));
  gamma = register_parameter("gamma", torch::zeros({1}));
}

at::Tensor CrissCrossAttentionImpl::attention(const at::Tensor& x) {
  const at::Tensor q = query_conv(x);
  const at::Tensor k = key_conv(x);
  // energyH[n,i,j,i'] = Σ_c q[n,c,i,j] k[n,c,i',j];  energyW[n,i,j,j'] = Σ_c q[n,c,i,j] k[n,c,i,j']
  const at::Tensor energyH = torch::einsum("ncij,nckj->nijk", {q, k});
  const at::Tensor energyW = torch::einsum("ncij,ncik->nijk", {q, k});
  const at::Tensor energy = torch::cat({energyH, energyW}, 3);
  return torch::softmax(energy, softmax_ == CcaSoftmax::QueryRows ? 1 : 3);
}

at::Tensor CrissCrossAttentionImpl::aggregate(const at::Tensor& a, const at::Tensor& v) const {
  const int64_t h = v.size(2);
  const at::Tensor aH = a.narrow(3, 0, h);             // N×H×W×H
  const at::Tensor aW = a.narrow(3, h, a.size(3) - h);  // N×H×W×W
  // outH[n,c,i,j] = Σ_i' aH[n,i,j,i'] v[n,c,i',j];  outW[n,c,i,j] = Σ_j' aW[n,i,j,j'] v[n,c,i,j']
  return torch::einsum("nijk,nckj->ncij", {aH, v}) + torch::einsum("nijk,ncik->ncij", {aW, v});
}

at::Tensor CrissCrossAttentionImpl::forward(const at::Tensor& x) {
  const at::Tensor a = attention(x);
  return gamma * aggregate(a, value_conv(x)) + x;
}

}  // namespace arml::models
