#include "models/resnest_encoder.h"

#include <torch/torch.h>

namespace arml::models {
namespace {

namespace nn = torch::nn;

nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride = 1, int64_t groups = 1, bool bias = false) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(k / 2).groups(groups).bias(bias));
}

// timm make_divisible(v, divisor=8, min_value=32): the reduced width of the split-attention MLP.
int64_t attentionChannels(int64_t channels, int64_t radix) {
  const double v = channels * radix * 0.25;
  const int64_t divisor = 8, minValue = 32;
  int64_t r = std::max<int64_t>(minValue, static_cast<int64_t>(v + divisor / 2.0) / divisor * divisor);
  if (r < 0.9 * v) r += divisor;
  return r;
}

}  // namespace

SplitAttentionImpl::SplitAttentionImpl(int64_t channels, int64_t radix) : channels_(channels), radix_(radix) {
  const int64_t attn = attentionChannels(channels, radix);
  conv = register_module("conv", nn::Conv2d(nn::Conv2dOptions(channels, channels * radix, 3).padding(1).groups(radix).bias(false)));
  bn0 = register_module("bn0", BatchNorm2d(channels * radix));
  fc1 = register_module("fc1", nn::Conv2d(nn::Conv2dOptions(channels, attn, 1)));
  bn1 = register_module("bn1", BatchNorm2d(attn));
  fc2 = register_module("fc2", nn::Conv2d(nn::Conv2dOptions(attn, channels * radix, 1)));
}

at::Tensor SplitAttentionImpl::forwardTraced(const at::Tensor& input, at::Tensor* attention) {
  at::Tensor x = torch::relu(bn0->forward(conv->forward(input)));
  const int64_t b = x.size(0), h = x.size(2), w = x.size(3);
  x = x.reshape({b, radix_, channels_, h, w});
  at::Tensor gap = x.sum(1).mean({2, 3}, /*keepdim=*/true);
  at::Tensor attn = fc2->forward(torch::relu(bn1->forward(fc1->forward(gap))));
  // RadixSoftmax (cardinality 1): logits laid out radix-major, softmax across the radix axis.
  attn = torch::softmax(attn.view({b, radix_, channels_}), 1);
  if (attention) *attention = attn.reshape({b, radix_ * channels_});
  return (x * attn.view({b, radix_, channels_, 1, 1})).sum(1);
}

ResNestBottleneckImpl::ResNestBottleneckImpl(int64_t in, int64_t width, int64_t stride, bool withDownsample)
    : stride_(stride) {
  conv1 = register_module("conv1", conv(in, width, 1));
  bn1 = register_module("bn1", BatchNorm2d(width));
  conv2 = register_module("conv2", SplitAttention(width, 2));
  conv3 = register_module("conv3", conv(width, width * 4, 1));
  bn3 = register_module("bn3", BatchNorm2d(width * 4));
  if (withDownsample) {
    nn::Sequential ds;
    if (stride == 1)
      ds->push_back(nn::Identity());
    else
      ds->push_back(nn::AvgPool2d(nn::AvgPool2dOptions(2).stride(stride).ceil_mode(true).count_include_pad(false)));
    ds->push_back(conv(in, width * 4, 1));
    ds->push_back(BatchNorm2d(width * 4));
    downsample = register_module("downsample", ds);
  }
}

at::Tensor ResNestBottleneckImpl::forwardTraced(const at::Tensor& x, at::Tensor* attention) {
  at::Tensor out = torch::relu(bn1->forward(conv1->forward(x)));
  out = conv2->forwardTraced(out, attention);
  if (stride_ > 1) out = torch::avg_pool2d(out, 3, stride_, 1);  // avd_last, count_include_pad=true
  out = bn3->forward(conv3->forward(out));
  out = out + (downsample ? downsample->forward(x) : x);
  return torch::relu(out);
}

ResNestEncoderImpl::ResNestEncoderImpl(ResNestEncoderOptions options) {
  const int64_t d = std::max(1, options.widthDivisor);
  const int64_t stem = 64 / d, planes1 = 64 / d, planes2 = 128 / d;
  if (stem < 2) throw std::invalid_argument("ResNestEncoder: width divisor too large");

  nn::Sequential s;
  s->push_back(conv(3, stem, 3, 2));
  s->push_back(BatchNorm2d(stem));
  s->push_back(nn::ReLU());
  s->push_back(conv(stem, stem, 3));
  s->push_back(BatchNorm2d(stem));
  s->push_back(nn::ReLU());
  s->push_back(conv(stem, stem * 2, 3));
  conv1 = register_module("conv1", s);
  bn1 = register_module("bn1", BatchNorm2d(stem * 2));

  nn::Sequential l1, l2;
  l1->push_back(ResNestBottleneck(stem * 2, planes1, 1, true));
  for (int i = 1; i < 3; ++i) l1->push_back(ResNestBottleneck(planes1 * 4, planes1, 1, false));
  l2->push_back(ResNestBottleneck(planes1 * 4, planes2, 2, true));
  for (int i = 1; i < 4; ++i) l2->push_back(ResNestBottleneck(planes2 * 4, planes2, 1, false));
  layer1 = register_module("layer1", l1);
  layer2 = register_module("layer2", l2);
  outChannels_ = planes2 * 4;
  resetParameters();
}

at::Tensor ResNestEncoderImpl::forward(const at::Tensor& x, ResNestTrace* trace) {
  at::Tensor y = torch::relu(bn1->forward(conv1->forward(x)));
  if (trace) trace->stem = y;
  y = torch::max_pool2d(y, 3, 2, 1);
  auto runLayer = [&](torch::nn::Sequential& layer) {
    for (const auto& block : layer->children()) {
      at::Tensor attention;
      y = block->as<ResNestBottleneckImpl>()->forwardTraced(y, trace ? &attention : nullptr);
      if (trace) {
        trace->blocks.push_back(y);
        trace->attention.push_back(attention);
      }
    }
  };
  runLayer(layer1);
  if (trace) trace->layer1 = y;
  runLayer(layer2);
  return y;
}

void ResNestEncoderImpl::resetParameters() {
  torch::NoGradGuard noGrad;
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* c = m->as<nn::Conv2d>()) {
      nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
    } else if (auto* bn = m->as<BatchNorm2d>()) {
      nn::init::ones_(bn->weight);
      nn::init::zeros_(bn->bias);
    }
  }
  for (auto& m : modules(false))
    if (auto* b = m->as<ResNestBottleneckImpl>()) nn::init::zeros_(b->named_parameters()["bn3.weight"]);
}

}  // namespace arml::models
