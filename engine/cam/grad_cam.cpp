#include "cam/grad_cam.h"

#include <algorithm>

#include <torch/torch.h>

#include "cam/class_maps.h"
#include "core/errors.h"
#include "models/resnet38d_classifier.h"

namespace arml::cam {

namespace {
const at::Tensor& findIn(const std::vector<std::pair<CamLayer, at::Tensor>>& list, CamLayer layer, const char* what) {
  for (const auto& [l, t] : list)
    if (l == layer) return t;
  throw RuntimeFailure(std::string("Grad-CAM ") + what + " of layer " + layerName(layer) + " was not computed");
}
}  // namespace

const at::Tensor& GradCamMaps::map(CamLayer layer) const { return findIn(maps, layer, "map"); }
const at::Tensor& GradCamMaps::alphaOf(CamLayer layer) const { return findIn(alpha, layer, "alpha"); }

GradCamMaps computeGradCam(models::Resnet38dClassifierImpl& model, const at::Tensor& input,
                           const std::vector<CamLayer>& layers, bool keepAlpha) {
  if (model.is_training()) throw RuntimeFailure("Grad-CAM needs the classifier in eval mode");
  std::vector<CamLayer> backLayers;  // layers that need a backward pass
  for (CamLayer l : layers)
    if (l != CamLayer::Bn7) backLayers.push_back(l);

  GradCamMaps result;
  models::ClassifierOutputs out;
  std::vector<at::Tensor> activations;
  std::vector<std::vector<at::Tensor>> gradients(backLayers.size());
  if (backLayers.empty()) {
    torch::NoGradGuard noGrad;
    out = model.forward(input, false);
  } else {
    torch::AutoGradMode gradOn(true);
    // A graph must exist even when every parameter is frozen: make the input a graph leaf.
    out = model.forward(input.detach().requires_grad_(true), false);
    for (CamLayer l : backLayers) activations.push_back(l == CamLayer::B4_5 ? out.b4_5 : out.b5_2);
    const int64_t classes = out.logits.size(1);
    for (int64_t c = 0; c < classes; ++c) {
      const auto grads = torch::autograd::grad({out.logits.select(1, c).sum()}, activations, {},
                                               /*retain_graph=*/c + 1 < classes, /*create_graph=*/false);
      for (std::size_t i = 0; i < grads.size(); ++i) gradients[i].push_back(grads[i]);
    }
  }

  torch::NoGradGuard noGrad;
  result.logits = out.logits.detach().to(torch::kFloat);
  const at::Tensor fc8 = model.fc8->weight.detach();
  for (CamLayer l : layers) {
    at::Tensor map, alpha;
    if (l == CamLayer::Bn7) {
      const auto x = out.features.detach();
      const double area = static_cast<double>(x.size(2) * x.size(3));
      map = classScoreMaps(x, fc8) / area;
      if (keepAlpha)
        alpha = (fc8.flatten(1) / area).unsqueeze(0).expand({x.size(0), fc8.size(0), fc8.size(1)}).contiguous();
    } else {
      const std::size_t i = static_cast<std::size_t>(
          std::find(backLayers.begin(), backLayers.end(), l) - backLayers.begin());
      map = gradCamFromGradients(activations[i].detach(), gradients[i], keepAlpha ? &alpha : nullptr);
    }
    result.maps.emplace_back(l, map.to(torch::kFloat));
    if (keepAlpha) result.alpha.emplace_back(l, alpha.to(torch::kFloat));
  }
  return result;
}

}  // namespace arml::cam
