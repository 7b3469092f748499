#include "tensors/confusion_tensor.h"

#include <torch/torch.h>

#include "core/errors.h"

namespace arml::eval {

void addTensors(ConfusionMatrix& matrix, const at::Tensor& gt, const at::Tensor& pred, const std::string& source) {
  const int classes = matrix.classes();
  if (!gt.sizes().equals(pred.sizes()))
    throw InputError(source, "prediction shape " + c10::str(pred.sizes()) + " differs from ground truth shape " +
                                 c10::str(gt.sizes()));
  torch::NoGradGuard noGrad;
  const auto g = gt.to(pred.device()).to(torch::kLong).reshape({-1});
  const auto p = pred.to(torch::kLong).reshape({-1});
  const auto counted = (g >= 0) & (g < classes);
  const auto gc = g.masked_select(counted);
  const auto pc = p.masked_select(counted);
  const auto bad = (pc < 0) | (pc >= classes);
  if (bad.any().item<bool>()) {
    const auto first = bad.nonzero()[0][0].item<std::int64_t>();
    throw InputError(source, "prediction " + std::to_string(pc[first].item<std::int64_t>()) + " (ground truth " +
                                 std::to_string(gc[first].item<std::int64_t>()) + ") is not a class index 0.." +
                                 std::to_string(classes - 1));
  }
  const auto hist = torch::bincount(gc * classes + pc, {}, classes * classes).to(torch::kCPU).contiguous();
  const auto* h = hist.data_ptr<std::int64_t>();
  for (int i = 0; i < classes; ++i)
    for (int j = 0; j < classes; ++j) matrix.at(i, j) += h[i * classes + j];
}

}  // namespace arml::eval
