#include "cam/class_maps.h"

#include <torch/torch.h>

#include "core/errors.h"

namespace arml::cam {

namespace F = torch::nn::functional;

at::Tensor classScoreMaps(const at::Tensor& features, const at::Tensor& fc8Weight) {
  const auto w = fc8Weight.dim() == 2 ? fc8Weight.unsqueeze(-1).unsqueeze(-1) : fc8Weight;
  if (features.dim() != 4 || w.size(1) != features.size(1))
    throw RuntimeFailure("class maps: features " + c10::str(features.sizes()) + " do not fit fc8 " +
                         c10::str(fc8Weight.sizes()));
  return F::conv2d(features, w.to(features.scalar_type()));
}

at::Tensor plainCam(const at::Tensor& features, const at::Tensor& fc8Weight) {
  return torch::relu(classScoreMaps(features, fc8Weight));
}

at::Tensor gradCamFromGradients(const at::Tensor& activation, const std::vector<at::Tensor>& gradients,
                                at::Tensor* alphaOut) {
  std::vector<at::Tensor> alphas;
  for (const auto& g : gradients) alphas.push_back(g.mean({2, 3}));  // N×C
  const auto alpha = torch::stack(alphas, 1);                          // N×K×C
  if (alphaOut) *alphaOut = alpha;
  // Σ_k α_k^c A_k as a batched matrix product: (N×K×C) · (N×C×hw)
  const auto a = activation.flatten(2);
  return torch::bmm(alpha.to(a.scalar_type()), a).view({activation.size(0), alpha.size(1), activation.size(2),
                                                         activation.size(3)});
}

at::Tensor upsampleMaps(const at::Tensor& maps, int64_t height, int64_t width) {
  if (maps.size(2) == height && maps.size(3) == width) return maps;
  return F::interpolate(maps, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{height, width})
                                  .mode(torch::kBilinear)
                                  .align_corners(false));
}

namespace {
at::Tensor minMax(const at::Tensor& maps, int64_t keepDims) {
  const auto flat = maps.flatten(keepDims);
  auto mn = std::get<0>(flat.min(-1, true));
  auto mx = std::get<0>(flat.max(-1, true));
  const auto range = mx - mn;
  const auto safe = torch::where(range > 0, range, torch::ones_like(range));
  auto out = (flat - mn) / safe;  // subtraction then true division, as numpy does
  out = torch::where(range > 0, out, torch::zeros_like(out));
  return out.view(maps.sizes());
}
}  // namespace

at::Tensor normalizeGlobal(const at::Tensor& maps) { return minMax(maps, 1); }

at::Tensor normalizePerClass(const at::Tensor& maps) { return minMax(maps, 2); }

at::Tensor keepClasses(const at::Tensor& maps, const at::Tensor& presence) {
  return maps * presence.to(maps.scalar_type()).view({maps.size(0), maps.size(1), 1, 1});
}

}  // namespace arml::cam
