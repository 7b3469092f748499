#include "train/stage2_loss.h"

#include <torch/torch.h>

namespace arml::train {

at::Tensor appendBackgroundChannel(const at::Tensor& logits, const at::Tensor& pseudoMask, double value) {
  TORCH_CHECK(logits.dim() == 4 && pseudoMask.dim() == 3 && pseudoMask.size(0) == logits.size(0) &&
                  pseudoMask.size(1) == logits.size(2) && pseudoMask.size(2) == logits.size(3),
              "appendBackgroundChannel: logits N×C×H×W and mask N×H×W do not match");
  const at::Tensor bg = pseudoMask.eq(logits.size(1)).unsqueeze(1).to(logits.scalar_type()) * value;
  return torch::cat({logits, bg}, 1);
}

Stage2Loss stage2Loss(const at::Tensor& main, const at::Tensor& peer1, const at::Tensor& peer2,
                      const at::Tensor& pseudoMask, const Stage2LossWeights& weights) {
  const at::Tensor target = pseudoMask.to(torch::kLong);
  const at::Tensor m = appendBackgroundChannel(main, target);
  const at::Tensor p1 = appendBackgroundChannel(peer1.detach(), target);
  const at::Tensor p2 = appendBackgroundChannel(peer2.detach(), target);
  Stage2Loss out;
  out.swv = swvLoss(m, p1, p2, target, weights.votes);
  out.srm = srmLoss(m, p1, p2, weights.rkd);
  out.total = weights.swv * out.swv + weights.srm * out.srm;
  return out;
}

}  // namespace arml::train
