#pragma once
// ARML's stage-2 segmenter: smp 0.3.x `PSPNet(encoder_name='timm-resnest101e', classes=4)` with its
// defaults (encoder depth 3, PSP pool sizes 1/2/3/6, 512 decoder channels, Dropout2d 0.2, ×8 upsampling),
// spec §4.1. State-dict names are exactly smp's (`encoder.conv1.0.weight`, `decoder.psp.blocks.0.pool.1.0.bias`,
// `segmentation_head.0.weight`, …), so converted smp/timm checkpoints load by name.
// Input: N×3×H×W float in [0,1] (no ImageNet normalisation, spec §1.4), H and W multiples of 8.
// Output: N×classes×H×W logits (no activation).
#include <map>
#include <string>

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/pimpl.h>

#include "models/resnest_encoder.h"

namespace arml::models {

struct PSPNetOptions {
  int numClasses = 4;
  int widthDivisor = 1;  // 1 = reference widths (2,510,500 parameters+buffers); 8 = tests / CPU demos
  double dropout = 0.2;  // Dropout2d after the bottleneck conv; the source of ARML's "peer" diversity
};

// Intermediate tensors of one forward (attached to the autograd graph), for stage-by-stage checks
// against the reference (tests/engine/models/test_pspnet_reference.cpp).
struct PSPNetTrace {
  ResNestTrace encoder;                // stem, layer1, every block and its split-attention weights
  at::Tensor features;                 // encoder output, features[3]
  std::vector<at::Tensor> pspPooled;   // each PSP branch (sizes 1, 2, 3, 6) after pool -> conv -> BN -> ReLU
  at::Tensor psp;                      // cat(upsampled branches 1, 2, 3, 6, features)
  at::Tensor decoder;                  // after the bottleneck conv, BN, ReLU and Dropout2d
};

class PSPNetImpl : public torch::nn::Module {
public:
  explicit PSPNetImpl(PSPNetOptions options = {});

  // Throws InputError when H or W is not a positive multiple of 8 or the input is not N×3×H×W.
  // Fills *trace when it is not null.
  at::Tensor forward(const at::Tensor& x, PSPNetTrace* trace = nullptr);

  const PSPNetOptions& options() const { return options_; }

  // Decoder init of smp (convs Kaiming-uniform fan_in/relu, biases 0, BN (1,0)), head Xavier-uniform
  // with bias 0; the encoder gets the timm random init (ImageNet weights are imported separately).
  void resetParameters();

  // Copies tensors by smp name into parameters and buffers through importSmpPspnet (models/
  // smp_pspnet_import.h): "module." stripped, raw timm encoder names get "encoder.", encoder.layer3/4/fc
  // skipped. Throws InputError (and copies nothing) when a shape differs. Missing num_batches_tracked
  // are left as they are. Returns the names of this model's entries that were not found (empty = complete).
  std::vector<std::string> loadNamedTensors(const std::map<std::string, at::Tensor>& tensors);

  // All parameters and buffers by state-dict name (parameters first, then buffers, each in order).
  std::map<std::string, at::Tensor> namedTensors() const;

  ResNestEncoder encoder{nullptr};

private:
  PSPNetOptions options_;
  int64_t featureChannels_ = 0;
  // decoder.psp.blocks.{0..3}.pool.1.{0 conv, 1 BN|Identity}; decoder.conv.{0 conv, 1 BN}.
  torch::nn::Module* decoder_ = nullptr;
  std::vector<torch::nn::Sequential> pspBranches_;
  std::vector<int64_t> pspSizes_{1, 2, 3, 6};
  torch::nn::Sequential bottleneck_{nullptr};
  torch::nn::Dropout2d dropout_{nullptr};
  torch::nn::Sequential head_{nullptr};
};
TORCH_MODULE(PSPNet);

}  // namespace arml::models
