#include "models/resnet38d.h"

#include <torch/nn/functional.h>

#include "core/errors.h"

namespace F = torch::nn::functional;

namespace arml::models {

ResNet38dImpl::ResNet38dImpl(int widthDivisor) : widthDivisor_(widthDivisor) {
  if (widthDivisor < 1 || 64 % widthDivisor != 0)
    throw InputError("width divisor " + std::to_string(widthDivisor) + ": must divide 64 (1, 2, 4, 8, …)");
  const int64_t d = widthDivisor;
  auto c = [d](int64_t full) { return full / d; };
  auto res = [&](const char* name, int64_t in, int64_t mid, int64_t out, int64_t stride = 1,
                 int64_t firstDil = 1, int64_t dil = 1) {
    return register_module(name, ResBlock(ResBlockOptions{c(in), c(mid), c(out), stride, firstDil, dil}));
  };
  conv1a = register_module(
      "conv1a", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, c(64), 3).padding(1).bias(false)));
  b2 = res("b2", 64, 128, 128, 2);
  b2_1 = res("b2_1", 128, 128, 128);
  b2_2 = res("b2_2", 128, 128, 128);
  b3 = res("b3", 128, 256, 256, 2);
  b3_1 = res("b3_1", 256, 256, 256);
  b3_2 = res("b3_2", 256, 256, 256);
  b4 = res("b4", 256, 512, 512, 2);
  b4_1 = res("b4_1", 512, 512, 512);
  b4_2 = res("b4_2", 512, 512, 512);
  b4_3 = res("b4_3", 512, 512, 512);
  b4_4 = res("b4_4", 512, 512, 512);
  b4_5 = res("b4_5", 512, 512, 512);
  b5 = res("b5", 512, 512, 1024, 1, 1, 2);
  b5_1 = res("b5_1", 1024, 512, 1024, 1, 2, 2);
  b5_2 = res("b5_2", 1024, 512, 1024, 1, 2, 2);
  b6 = register_module("b6", BottleneckBlock(BottleneckBlockOptions{c(1024), c(2048), 4, 0.3}));
  b7 = register_module("b7", BottleneckBlock(BottleneckBlockOptions{c(2048), c(4096), 4, 0.5}));
  bn7 = register_module("bn7", BatchNorm2d(torch::nn::BatchNorm2dOptions(c(4096)).eps(1e-5)));
}

BackboneOutputs ResNet38dImpl::forwardBackbone(const at::Tensor& input, BlockTrace* trace) {
  auto rec = [trace](const char* name, const at::Tensor& t) {
    if (trace) trace->emplace_back(name, t);
    return t;
  };
  BackboneOutputs out;
  at::Tensor x = rec("conv1a", conv1a(input));
  x = rec("b2", b2(x));
  x = rec("b2_1", b2_1(x));
  x = rec("b2_2", b2_2(x));
  x = rec("b3", b3(x));
  x = rec("b3_1", b3_1(x));
  x = rec("b3_2", b3_2(x));
  x = rec("b4", b4(x));
  x = rec("b4_1", b4_1(x));
  x = rec("b4_2", b4_2(x));
  x = rec("b4_3", b4_3(x));
  x = rec("b4_4", b4_4(x));
  out.b4_5 = x = rec("b4_5", b4_5(x));
  x = rec("b5", b5(x));
  x = rec("b5_1", b5_1(x));
  out.b5_2 = x = rec("b5_2", b5_2(x));
  x = rec("b6", b6(x));
  x = rec("b7", b7(x));
  out.features = F::relu(bn7(x));
  return out;
}

void ResNet38dImpl::train(bool on) {
  torch::nn::Module::train(on);
  if (!batchNormFrozen_) return;
  for (auto& m : modules(/*include_self=*/false))
    if (auto* norm = m->as<BatchNorm2dImpl>()) norm->eval();
}

void ResNet38dImpl::freezeReferenceLayers() {
  for (torch::nn::Module* m : {static_cast<torch::nn::Module*>(conv1a.get()), static_cast<torch::nn::Module*>(b2.get()),
                               static_cast<torch::nn::Module*>(b2_1.get()), static_cast<torch::nn::Module*>(b2_2.get())})
    for (auto& p : m->parameters()) p.set_requires_grad(false);
  for (auto& m : modules(/*include_self=*/false))
    if (auto* norm = m->as<BatchNorm2dImpl>())
      for (auto& p : norm->parameters()) p.set_requires_grad(false);
}

}  // namespace arml::models
