#pragma once
// Multi-layer Grad-CAM for every class (spec §3) with far less work than the reference's one
// forward + backward per (layer, class):
//   bn7          G^c = (w_c·X)/(h·w): ∂z_c/∂X is w_c/(h·w) everywhere, so no backward at all;
//   b4_5, b5_2   one forward keeping both activations, then per class one autograd::grad of z_c
//                (summed over the batch: images are independent in eval mode) to both at once,
//                through b5 … b7 only.
// Maps are at feature resolution (h×w = H/8×W/8), before resizing and normalisation.
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "cam/cam_layer.h"

namespace arml::models {
class Resnet38dClassifierImpl;
}

namespace arml::cam {

struct GradCamMaps {
  at::Tensor logits;  // N×K, z (no sigmoid)
  std::vector<std::pair<CamLayer, at::Tensor>> maps;   // per requested layer, N×K×h×w float32
  std::vector<std::pair<CamLayer, at::Tensor>> alpha;  // per layer N×K×C (only with keepAlpha)

  // Throws RuntimeFailure when the layer was not computed.
  const at::Tensor& map(CamLayer layer) const;
  const at::Tensor& alphaOf(CamLayer layer) const;
};

// input N×3×H×W in [0,1] on the model's device. The model must be in eval mode (dropout off,
// BatchNorm running statistics); a model in training mode is a RuntimeFailure. Runs under any
// autocast the caller enabled (bf16); the results are float32.
GradCamMaps computeGradCam(models::Resnet38dClassifierImpl& model, const at::Tensor& input,
                           const std::vector<CamLayer>& layers, bool keepAlpha = false);

}  // namespace arml::cam
