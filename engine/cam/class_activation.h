#pragma once
// The CAM views a user compares (spec §3.1): the plain CAM ReLU(w_c·X), the relocalized CAM
// ReLU(w_c·AMM(CCA(X))) of a model trained with ARS, and Grad-CAM at one layer.
#include <string>

#include <ATen/core/Tensor.h>

#include "cam/cam_layer.h"

namespace arml::models {
class Resnet38dClassifierImpl;
}

namespace arml::cam {

enum class CamMode { Plain, Relocalized, GradCam };

std::string modeName(CamMode mode);  // "plain", "relocalized", "gradcam"
CamMode parseCamMode(const std::string& name);  // InputError otherwise

struct CamResult {
  at::Tensor maps;    // N×K×h×w float32 at feature resolution (stride 8)
  at::Tensor logits;  // N×K
};

// input N×3×H×W in [0,1] on the model's device; the model in eval mode. Relocalized needs a model
// with ARS weights (InputError otherwise); `layer` is used by GradCam only.
CamResult computeCams(models::Resnet38dClassifierImpl& model, const at::Tensor& input, CamMode mode,
                      CamLayer layer = CamLayer::Bn7);

}  // namespace arml::cam
