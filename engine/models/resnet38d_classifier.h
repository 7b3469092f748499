#pragma once
// The stage-1 classifier (spec §2.2–2.3): ResNet38d backbone + optional ARS (CCA then AMM) + fc8.
// With ArsMode::Off its state_dict names are exactly those of the reference inference model
// `Net_CAM(4)`; with ARS they are those of the training `Net` without the unused PDA module
// (`amm.*`, `cca.*`), registered in the reference order (backbone, amm, cca, fc8).
#include <optional>
#include <string>

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include "models/attention_modulation.h"
#include "models/criss_cross_attention.h"
#include "models/resnet38d.h"

namespace arml::models {

// How the Activation Relocalization Scheme takes part in training (spec §2.3, §12.1).
enum class ArsMode {
  Off,        // no ARS modules at all (the Net_CAM model)
  Reference,  // as the reference code runs: CCA γ ≡ 0 (CCA skipped, its convs only decay), AMM MLP
              // frozen at its random init, only the 7×7 spatial conv learns; SGD momentum 5e-4
  Intended,   // what the paper describes: γ and the AMM MLP are trained too; SGD momentum 0.9
};

std::string toString(ArsMode mode);
// "off" | "reference" | "intended"; throws InputError otherwise.
ArsMode parseArsMode(const std::string& text);
// "resnet38d" → 1, "resnet38d-lite" → 8; throws InputError otherwise.
int widthDivisorForArch(const std::string& arch);
std::string archForWidthDivisor(int widthDivisor);

struct ClassifierOptions {
  int widthDivisor = 1;
  int64_t classes = 4;
  ArsMode ars = ArsMode::Off;
  // Softmax axis of the CCA; QueryRows is the reference (and the default of both ARS modes).
  CcaSoftmax ccaSoftmax = CcaSoftmax::QueryRows;
};

// Everything one forward produces; all tensors belong to the autograd graph.
struct ClassifierOutputs {
  at::Tensor b4_5, b5_2;  // block outputs (see BackboneOutputs)
  at::Tensor features;    // X = ReLU(bn7(b7)), before ARS
  at::Tensor relocated;   // X' = AMM(CCA(X)) when ARS was applied, else X
  at::Tensor logits;      // N×classes: fc8(GAP(Dropout2d(X', 0.5))); dropout only in training mode
  at::Tensor cam;         // N×classes×h×w: ReLU(fc8·X'), computed before the dropout
};

class Resnet38dClassifierImpl : public ResNet38dImpl {
public:
  explicit Resnet38dClassifierImpl(const ClassifierOptions& options = {});

  // applyArs: run ARS on X (training from epoch 2 on); ignored when the model has no ARS modules.
  ClassifierOutputs forward(const at::Tensor& input, bool applyArs = false, BlockTrace* trace = nullptr);
  // The head alone, on backbone outputs (used by forward, and by tests on stored features).
  ClassifierOutputs forwardHead(BackboneOutputs backbone, bool applyArs);
  // X' = AMM(CCA(X)); in Reference mode the CCA is skipped while γ is exactly 0 and frozen,
  // since it then is the identity.
  at::Tensor relocate(const at::Tensor& x);

  const ClassifierOptions& options() const { return options_; }
  bool hasArs() const { return options_.ars != ArsMode::Off; }

  // The reference training state: frozen early layers and BatchNorm affines (see
  // ResNet38dImpl::freezeReferenceLayers), plus in Reference mode the AMM MLP and CCA γ frozen.
  // referenceFreeze = false (training from scratch, where there are no ImageNet statistics to keep):
  // every layer learns and BatchNorm normalises with batch statistics; the ARS rules still apply.
  void freezeForTraining(bool referenceFreeze = true);

  // Training from scratch (no ImageNet weights): the reference Net.init_weight() — Kaiming-normal
  // (fan_out, ReLU) for every conv except fc8 (kept Xavier), BatchNorm weight 1 / bias 0. PyTorch's
  // default conv init leaves X ≈ 0 after 20 pre-activation blocks with frozen BatchNorm, and the
  // classifier then does not learn.
  void initFromScratch();

  AttentionModulation amm{nullptr};  // null when ARS is off
  CrissCrossAttention cca{nullptr};  // null when ARS is off
  torch::nn::Conv2d fc8{nullptr};

private:
  ClassifierOptions options_;
};
TORCH_MODULE(Resnet38dClassifier);

}  // namespace arml::models
