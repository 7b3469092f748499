#include "models/resnet38d_classifier.h"

#include <torch/torch.h>

#include "core/errors.h"
#include "models/batch_norm.h"
#include "models/batch_slice_dropout.h"

namespace F = torch::nn::functional;

namespace arml::models {

std::string toString(ArsMode mode) {
  switch (mode) {
    case ArsMode::Off: return "off";
    case ArsMode::Reference: return "reference";
    case ArsMode::Intended: return "intended";
  }
  return "off";
}

ArsMode parseArsMode(const std::string& text) {
  if (text == "off") return ArsMode::Off;
  if (text == "reference") return ArsMode::Reference;
  if (text == "intended") return ArsMode::Intended;
  throw InputError("--ars " + text, "unknown ARS mode (use reference, intended or off)");
}

int widthDivisorForArch(const std::string& arch) {
  if (arch == "resnet38d") return 1;
  if (arch == "resnet38d-lite") return 8;
  throw InputError("--arch " + arch, "unknown architecture (use resnet38d or resnet38d-lite)");
}

std::string archForWidthDivisor(int widthDivisor) {
  if (widthDivisor == 1) return "resnet38d";
  if (widthDivisor == 8) return "resnet38d-lite";
  return "resnet38d-w" + std::to_string(widthDivisor);
}

Resnet38dClassifierImpl::Resnet38dClassifierImpl(const ClassifierOptions& options)
    : ResNet38dImpl(options.widthDivisor), options_(options) {
  const int64_t c = featureChannels();
  if (hasArs()) {
    amm = register_module("amm", AttentionModulation(c, 4, 0.8));
    cca = register_module("cca", CrissCrossAttention(c, options.ccaSoftmax));
  }
  fc8 = register_module("fc8", torch::nn::Conv2d(torch::nn::Conv2dOptions(c, options.classes, 1).bias(false)));
  torch::NoGradGuard noGrad;
  torch::nn::init::xavier_uniform_(fc8->weight);
}

ClassifierOutputs Resnet38dClassifierImpl::forward(const at::Tensor& input, bool applyArs, BlockTrace* trace) {
  return forwardHead(forwardBackbone(input, trace), applyArs);
}

at::Tensor Resnet38dClassifierImpl::relocate(const at::Tensor& x) {
  at::Tensor y = x;
  const bool ccaIsIdentity = options_.ars == ArsMode::Reference && !cca->gamma.requires_grad() &&
                             cca->gamma.item<float>() == 0.0f;
  if (!ccaIsIdentity) y = cca(y);
  return amm(y);
}

ClassifierOutputs Resnet38dClassifierImpl::forwardHead(BackboneOutputs backbone, bool applyArs) {
  ClassifierOutputs out;
  out.b4_5 = std::move(backbone.b4_5);
  out.b5_2 = std::move(backbone.b5_2);
  out.features = std::move(backbone.features);
  out.relocated = applyArs && hasArs() ? relocate(out.features) : out.features;
  out.cam = F::relu(F::conv2d(out.relocated, fc8->weight));
  at::Tensor pooled = dropout2d(out.relocated, 0.5, is_training());
  pooled = pooled.mean({2, 3}, /*keepdim=*/true);
  out.logits = fc8(pooled).flatten(1);
  return out;
}

void Resnet38dClassifierImpl::initFromScratch() {
  torch::NoGradGuard noGrad;
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* conv = m->as<torch::nn::Conv2dImpl>(); conv && conv != fc8.get())
      torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    else if (auto* norm = m->as<BatchNorm2dImpl>()) {
      norm->weight.fill_(1.0);
      norm->bias.zero_();
    }
  }
}

void Resnet38dClassifierImpl::freezeForTraining(bool referenceFreeze) {
  if (referenceFreeze)
    freezeReferenceLayers();
  else
    setBatchNormFrozen(false);
  if (options_.ars == ArsMode::Reference) {
    cca->gamma.set_requires_grad(false);
    for (auto& p : amm->ChannelAMM->parameters()) p.set_requires_grad(false);
  }
}

}  // namespace arml::models
