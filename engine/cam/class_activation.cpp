#include "cam/class_activation.h"

#include <torch/torch.h>

#include "cam/grad_cam.h"
#include "core/errors.h"
#include "models/resnet38d_classifier.h"

namespace arml::cam {

std::string modeName(CamMode mode) {
  switch (mode) {
    case CamMode::Plain: return "plain";
    case CamMode::Relocalized: return "relocalized";
    case CamMode::GradCam: return "gradcam";
  }
  return "?";
}

CamMode parseCamMode(const std::string& name) {
  for (CamMode m : {CamMode::Plain, CamMode::Relocalized, CamMode::GradCam})
    if (name == modeName(m)) return m;
  throw InputError("--mode " + name, "unknown CAM mode (use plain, relocalized or gradcam)");
}

CamResult computeCams(models::Resnet38dClassifierImpl& model, const at::Tensor& input, CamMode mode, CamLayer layer) {
  if (mode == CamMode::GradCam) {
    GradCamMaps g = computeGradCam(model, input, {layer});
    return {g.map(layer), g.logits};
  }
  if (mode == CamMode::Relocalized && !model.hasArs())
    throw InputError("--mode relocalized",
                     "the model has no ARS weights (amm.*); relocalized CAMs need the full stage-1 training checkpoint");
  if (model.is_training()) throw RuntimeFailure("CAMs need the classifier in eval mode");
  torch::NoGradGuard noGrad;
  const auto out = model.forward(input, mode == CamMode::Relocalized);
  return {out.cam.to(torch::kFloat), out.logits.to(torch::kFloat)};
}

}  // namespace arml::cam
