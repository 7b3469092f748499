#pragma once
// Criss-cross attention (Huang et al., CCNet) as ARML's reference tool/cca.py computes it (spec §2.3a).
//   Q = query_conv(X) (C→C/8), K = key_conv(X) (C→C/8), V = value_conv(X) (C→C), all with bias.
//   Energy E (N×H×W×(H+W)): [..., i'] = Q(i,j)·K(i',j) for the H column keys, then
//   [..., H+j'] = Q(i,j)·K(i,j') for the W row keys (the query position is in both parts).
//   A = softmax(E) over the axis given by CcaSoftmax; O(i,j) = Σ_i' A[i,j,i'] V(i',j) + Σ_j' A[i,j,H+j'] V(i,j').
//   Y = gamma·O + X, gamma a scalar parameter initialised to 0.
#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace arml::models {

enum class CcaSoftmax {
  QueryRows,  // reference: softmax over dim 1 of E, the query-row index i (the fixture's layout)
  Keys,       // CCNet: softmax over the H+W keys of each query position
};

class CrissCrossAttentionImpl : public torch::nn::Module {
public:
  explicit CrissCrossAttentionImpl(int64_t channels, CcaSoftmax softmax = CcaSoftmax::QueryRows);

  at::Tensor forward(const at::Tensor& x);
  // The normalised attention A (N×H×W×(H+W)) for x; for inspection and tests.
  at::Tensor attention(const at::Tensor& x);

  CcaSoftmax softmaxAxis() const { return softmax_; }

  torch::nn::Conv2d query_conv{nullptr}, key_conv{nullptr}, value_conv{nullptr};
  at::Tensor gamma;

private:
  at::Tensor aggregate(const at::Tensor& attention, const at::Tensor& value) const;
  CcaSoftmax softmax_;
};
TORCH_MODULE(CrissCrossAttention);

}  // namespace arml::models
