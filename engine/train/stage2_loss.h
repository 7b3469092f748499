#pragma once
// The stage-2 objective of ARML (spec §4.3–4.6): each network output gets a 5th "background" logit
// channel z_4 = 100·[PM == 4]; then L = 0.8·SWV + 0.2·SRM over the main output and two peer outputs.
#include <ATen/core/Tensor.h>

#include "train/srm_loss.h"
#include "train/swv_loss.h"

namespace arml::train {

// logits: N×C×H×W; pseudoMask: N×H×W integer labels 0..C, where C (= the number of tissue classes, 4 for
// BCSS/LUAD, 3 for WSSS4LUAD) is the background/exclude index. Returns N×(C+1)×H×W with the appended
// channel value·[pseudoMask == C] (0 elsewhere; for BCSS-style masks without background it is a constant
// zero logit that still takes part in the softmax, as in the reference).
at::Tensor appendBackgroundChannel(const at::Tensor& logits, const at::Tensor& pseudoMask, double value = 100.0);

struct Stage2LossWeights {
  double swv = 0.8;
  double srm = 0.2;
  SwvWeights votes;
  RkdWeights rkd;
};

struct Stage2Loss {
  at::Tensor swv, srm, total;  // 0-d; only `total` is meant for backward
};

// main (with grad), peer1, peer2 (treated as constants): N×4×H×W network logits without the background
// channel; pseudoMask N×H×W with values 0..C (C = background).
Stage2Loss stage2Loss(const at::Tensor& main, const at::Tensor& peer1, const at::Tensor& peer2,
                      const at::Tensor& pseudoMask, const Stage2LossWeights& weights = {});

}  // namespace arml::train
