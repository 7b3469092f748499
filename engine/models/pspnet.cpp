#include "models/pspnet.h"

#include <torch/torch.h>

#include "core/errors.h"
#include "models/smp_pspnet_import.h"

namespace arml::models {
namespace {

namespace nn = torch::nn;

// smp Conv2dReLU: a Sequential that can itself sit inside a Sequential (children "0" conv, "1" BN or
// Identity, "2" ReLU).
class ConvReluImpl : public nn::SequentialImpl {
public:
  using SequentialImpl::SequentialImpl;
  at::Tensor forward(at::Tensor x) { return SequentialImpl::forward(x); }
};
TORCH_MODULE(ConvRelu);

}  // namespace

PSPNetImpl::PSPNetImpl(PSPNetOptions options) : options_(options) {
  encoder = register_module("encoder", ResNestEncoder(ResNestEncoderOptions{options.widthDivisor}));
  featureChannels_ = encoder->outChannels();
  const int64_t c = featureChannels_;
  const int64_t branch = c / static_cast<int64_t>(pspSizes_.size());
  const int64_t decoderChannels = 512 / std::max(1, options.widthDivisor);

  auto decoder = std::make_shared<nn::Module>();
  auto psp = std::make_shared<nn::Module>();
  nn::ModuleList blocks;
  for (int64_t size : pspSizes_) {
    const bool batchNorm = size != 1;  // smp: the 1×1 pooled branch has a conv bias and no BN
    ConvRelu convRelu;
    convRelu->push_back(nn::Conv2d(nn::Conv2dOptions(c, branch, 1).bias(!batchNorm)));
    if (batchNorm)
      convRelu->push_back(BatchNorm2d(branch));
    else
      convRelu->push_back(nn::Identity());
    convRelu->push_back(nn::ReLU());
    nn::Sequential pool;
    pool->push_back(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({size, size})));
    pool->push_back(convRelu);
    auto block = std::make_shared<nn::Module>();
    block->register_module("pool", pool);
    blocks->push_back(block);
    pspBranches_.push_back(pool);
  }
  psp->register_module("blocks", blocks);
  decoder->register_module("psp", psp);

  bottleneck_ = nn::Sequential();
  bottleneck_->push_back(nn::Conv2d(nn::Conv2dOptions(2 * c, decoderChannels, 1).bias(false)));
  bottleneck_->push_back(BatchNorm2d(decoderChannels));
  bottleneck_->push_back(nn::ReLU());
  decoder->register_module("conv", bottleneck_);
  dropout_ = nn::Dropout2d(nn::Dropout2dOptions(options.dropout));
  decoder->register_module("dropout", dropout_);
  decoder_ = register_module("decoder", decoder).get();

  head_ = nn::Sequential();
  head_->push_back(nn::Conv2d(nn::Conv2dOptions(decoderChannels, options.numClasses, 3).padding(1)));
  register_module("segmentation_head", head_);
  resetParameters();
}

at::Tensor PSPNetImpl::forward(const at::Tensor& x, PSPNetTrace* trace) {
  if (x.dim() != 4 || x.size(1) != 3)
    throw InputError("PSPNet input", "expected N×3×H×W, got " + std::to_string(x.dim()) + " dimensions");
  const int64_t h = x.size(2), w = x.size(3);
  if (h <= 0 || w <= 0 || h % 8 != 0 || w % 8 != 0)
    throw InputError("PSPNet input", "image size " + std::to_string(w) + "×" + std::to_string(h) +
                                         " is not a multiple of 8 (the encoder's output stride)");
  const at::Tensor features = encoder->forward(x, trace ? &trace->encoder : nullptr);
  const auto up = nn::functional::InterpolateFuncOptions()
                      .size(std::vector<int64_t>{features.size(2), features.size(3)})
                      .mode(torch::kBilinear)
                      .align_corners(true);
  std::vector<at::Tensor> parts;
  for (auto& branch : pspBranches_) {
    const at::Tensor pooled = branch->forward(features);
    if (trace) trace->pspPooled.push_back(pooled);
    parts.push_back(nn::functional::interpolate(pooled, up));
  }
  parts.push_back(features);
  const at::Tensor psp = torch::cat(parts, 1);
  at::Tensor y = dropout_->forward(bottleneck_->forward(psp));
  if (trace) {
    trace->features = features;
    trace->psp = psp;
    trace->decoder = y;
  }
  y = head_->forward(y);
  return nn::functional::interpolate(y, nn::functional::InterpolateFuncOptions()
                                            .size(std::vector<int64_t>{h, w})
                                            .mode(torch::kBilinear)
                                            .align_corners(true));
}

void PSPNetImpl::resetParameters() {
  encoder->resetParameters();
  torch::NoGradGuard noGrad;
  for (auto& m : decoder_->modules(false)) {
    if (auto* conv = m->as<nn::Conv2d>()) {
      nn::init::kaiming_uniform_(conv->weight, 0.0, torch::kFanIn, torch::kReLU);
      if (conv->bias.defined()) nn::init::zeros_(conv->bias);
    } else if (auto* bn = m->as<BatchNorm2d>()) {
      nn::init::ones_(bn->weight);
      nn::init::zeros_(bn->bias);
    }
  }
  auto* head = head_[0]->as<nn::Conv2d>();
  nn::init::xavier_uniform_(head->weight);
  nn::init::zeros_(head->bias);
}

std::map<std::string, at::Tensor> PSPNetImpl::namedTensors() const {
  std::map<std::string, at::Tensor> out;
  for (const auto& p : named_parameters(true)) out[p.key()] = p.value();
  for (const auto& b : named_buffers(true)) out[b.key()] = b.value();
  return out;
}

std::vector<std::string> PSPNetImpl::loadNamedTensors(const std::map<std::string, at::Tensor>& tensors) {
  StateDict weights;
  for (const auto& [name, tensor] : tensors) weights.insert(name, tensor);
  const ImportReport report = importSmpPspnet(*this, weights);
  std::vector<std::string> missing = report.missing;
  missing.insert(missing.end(), report.defaultedCounters.begin(), report.defaultedCounters.end());
  return missing;
}

}  // namespace arml::models
