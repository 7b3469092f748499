#pragma once
// SWV — "samples weighted voting" of ARML stage 2 as the reference code computes it (spec §4.4):
//   loss_p = −log softmax(main_p)[y_p],   v_p = agree if argmax peer1_p == argmax peer2_p else disagree,
//   SWV    = Σ v_p·loss_p / (N·H·W).
// The peers only vote (no gradient flows into them); the pseudo label is not part of the vote.
#include <ATen/core/Tensor.h>

namespace arml::train {

struct SwvWeights {
  double agree = 2.0;
  double disagree = 0.5;
};

// main, peer1, peer2: N×C×H×W logits (C = 5 with the background channel of stage2_loss.h);
// target: N×H×W int64 class indices in [0, C). Returns a 0-d tensor differentiable w.r.t. main.
at::Tensor swvLoss(const at::Tensor& main, const at::Tensor& peer1, const at::Tensor& peer2,
                   const at::Tensor& target, SwvWeights weights = {});

}  // namespace arml::train
