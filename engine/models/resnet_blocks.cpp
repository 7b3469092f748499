#include "models/resnet_blocks.h"

#include <torch/nn/functional.h>

#include "models/batch_slice_dropout.h"

namespace F = torch::nn::functional;

namespace arml::models {
namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride = 1, int64_t dilation = 1) {
  const int64_t pad = k == 3 ? dilation : 0;
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).dilation(dilation).bias(false));
}

BatchNorm2d bn(int64_t c) { return BatchNorm2d(torch::nn::BatchNorm2dOptions(c).eps(1e-5)); }

}  // namespace

ResBlockImpl::ResBlockImpl(const ResBlockOptions& o) : sameShape_(o.in == o.out && o.stride == 1) {
  bn_branch2a = register_module("bn_branch2a", bn(o.in));
  conv_branch2a = register_module("conv_branch2a", conv(o.in, o.mid, 3, o.stride, o.firstDilation));
  bn_branch2b1 = register_module("bn_branch2b1", bn(o.mid));
  conv_branch2b1 = register_module("conv_branch2b1", conv(o.mid, o.out, 3, 1, o.dilation));
  if (!sameShape_) conv_branch1 = register_module("conv_branch1", conv(o.in, o.out, 1, o.stride));
}

at::Tensor ResBlockImpl::forward(const at::Tensor& x) {
  const at::Tensor t = F::relu(bn_branch2a(x));
  const at::Tensor shortcut = sameShape_ ? x : conv_branch1(t);
  at::Tensor r = conv_branch2a(t);
  r = conv_branch2b1(F::relu(bn_branch2b1(r)));
  return shortcut + r;
}

BottleneckBlockImpl::BottleneckBlockImpl(const BottleneckBlockOptions& o) : dropout_(o.dropout) {
  bn_branch2a = register_module("bn_branch2a", bn(o.in));
  conv_branch2a = register_module("conv_branch2a", conv(o.in, o.out / 4, 1));
  bn_branch2b1 = register_module("bn_branch2b1", bn(o.out / 4));
  conv_branch2b1 = register_module("conv_branch2b1", conv(o.out / 4, o.out / 2, 3, 1, o.dilation));
  bn_branch2b2 = register_module("bn_branch2b2", bn(o.out / 2));
  conv_branch2b2 = register_module("conv_branch2b2", conv(o.out / 2, o.out, 1));
  conv_branch1 = register_module("conv_branch1", conv(o.in, o.out, 1));
}

at::Tensor BottleneckBlockImpl::forward(const at::Tensor& x) {
  const at::Tensor t = F::relu(bn_branch2a(x));
  const at::Tensor shortcut = conv_branch1(t);
  at::Tensor r = conv_branch2a(t);
  r = conv_branch2b1(dropout2d(F::relu(bn_branch2b1(r)), dropout_, is_training()));
  r = conv_branch2b2(dropout2d(F::relu(bn_branch2b2(r)), dropout_, is_training()));
  return shortcut + r;
}

}  // namespace arml::models
