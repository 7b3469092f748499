#pragma once
// The stage-1 classification loss (spec §2.4), PyTorch's multilabel_soft_margin_loss with mean
// reduction: mean over samples of mean over classes of −[y·log σ(z) + (1−y)·log(1−σ(z))].
#include <ATen/core/Tensor.h>

namespace arml::train {

// logits N×K, targets N×K in {0,1} (float). Returns a scalar.
at::Tensor multilabelSoftMarginLoss(const at::Tensor& logits, const at::Tensor& targets);

}  // namespace arml::train
