#include "train/multilabel_loss.h"

#include <torch/torch.h>

namespace arml::train {

at::Tensor multilabelSoftMarginLoss(const at::Tensor& logits, const at::Tensor& targets) {
  const at::Tensor y = targets.to(logits.scalar_type());
  // log(1 − σ(z)) = log σ(−z), numerically stable for large |z|
  const at::Tensor perClass = -(y * torch::log_sigmoid(logits) + (1 - y) * torch::log_sigmoid(-logits));
  return (perClass.sum(1) / logits.size(1)).mean();
}

}  // namespace arml::train
