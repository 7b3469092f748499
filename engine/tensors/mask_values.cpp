#include "tensors/mask_values.h"

#include <torch/torch.h>

#include "core/errors.h"

namespace arml::eval {

std::vector<long> valuesAbove(const at::Tensor& mask, long maxValue, int limit) {
  torch::NoGradGuard noGrad;
  const at::Tensor flat = mask.reshape({-1});
  const at::Tensor stray = flat.masked_select(flat.gt(maxValue));
  std::vector<long> out;
  if (stray.numel() == 0) return out;
  const at::Tensor values = std::get<0>(torch::_unique(stray.to(torch::kCPU).to(torch::kLong), true));
  const auto* v = values.data_ptr<int64_t>();
  for (int64_t i = 0; i < values.numel() && static_cast<int>(out.size()) < limit; ++i) out.push_back(long(v[i]));
  return out;
}

void checkMaskValues(const at::Tensor& masks, int classes, const std::vector<std::string>& maskPaths) {
  torch::NoGradGuard noGrad;
  const at::Tensor batch = masks.dim() == 2 ? masks.unsqueeze(0) : masks;
  const at::Tensor flat = batch.reshape({batch.size(0), -1});
  if (flat.numel() == 0 || flat.max().item<int64_t>() <= classes) return;  // the common case: one reduction
  for (int64_t n = 0; n < flat.size(0); ++n) {
    const std::vector<long> stray = valuesAbove(flat[n], classes);
    if (stray.empty()) continue;
    std::string list;
    for (long v : stray) list += (list.empty() ? "" : ", ") + std::to_string(v);
    const std::string name = n < static_cast<int64_t>(maskPaths.size()) ? maskPaths[std::size_t(n)]
                                                                        : "mask " + std::to_string(n) + " of the batch";
    throw InputError(name, "holds value" + std::string(stray.size() > 1 ? "s " : " ") + list +
                               ", not a class index (0.." + std::to_string(classes - 1) + " tissue, " +
                               std::to_string(classes) + " background)");
  }
}

}  // namespace arml::eval
