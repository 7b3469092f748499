#include "interactive/classifier_session.h"

#include <torch/torch.h>

#include "cam/cam_model.h"
#include "cam/class_maps.h"
#include "interactive/engine_errors.h"
#include "interactive/image_input.h"

namespace arml::interactive {

namespace {

std::string architectureName(int widthDivisor) {
  try {
    return models::archForWidthDivisor(widthDivisor);
  } catch (const std::exception&) {
    return "resnet38d (1/" + std::to_string(widthDivisor) + " width)";
  }
}

class TorchClassifierSession final : public ClassifierSession {
 public:
  TorchClassifierSession(const std::string& weights, const std::string& device)
      : model_(cam::loadCamModel(weights, device)) {
    info_.path = weights;
    info_.architecture = architectureName(model_.widthDivisor);
    info_.device = model_.device;
    info_.classes = model_.classes;
    info_.hasArs = model_.hasArs;
    info_.warnings = model_.warnings;
  }

  const SessionInfo& info() const override { return info_; }

  // What cam::computeCams computes for CamMode::Plain and ::Relocalized (model.forward with and
  // without ARS), with the backbone run once for both views.
  CamSet cams(const RgbImage& image, const std::atomic<bool>* cancel) override {
    return translateErrors(info_.path, [&] {
      throwIfCancelled(cancel);
      const at::Tensor input = imageInput(image, model_.device);
      torch::NoGradGuard noGrad;
      models::Resnet38dClassifierImpl& net = *model_.net;
      const models::BackboneOutputs backbone = net.forwardBackbone(input);
      throwIfCancelled(cancel);
      const models::ClassifierOutputs plain = net.forwardHead(backbone, /*applyArs=*/false);
      CamSet out;
      out.plain = upsampled(plain.cam, image);
      at::Tensor logits = plain.logits;
      if (model_.hasArs) {
        throwIfCancelled(cancel);
        const models::ClassifierOutputs reloc = net.forwardHead(backbone, /*applyArs=*/true);
        out.relocalized = upsampled(reloc.cam, image);
        logits = reloc.logits;
      }
      const at::Tensor prob = torch::sigmoid(logits[0].to(torch::kCPU, torch::kFloat)).contiguous();
      out.probabilities.assign(prob.data_ptr<float>(), prob.data_ptr<float>() + prob.numel());
      return out;
    });
  }

 private:
  static FloatPlanes upsampled(const at::Tensor& stride8Maps, const RgbImage& image) {
    return toPlanes(cam::upsampleMaps(stride8Maps.to(torch::kFloat), image.height, image.width)[0]);
  }

  cam::CamModel model_;
  SessionInfo info_;
};

}  // namespace

std::unique_ptr<ClassifierSession> openClassifierSession(const std::string& weights, const std::string& device) {
  return std::make_unique<TorchClassifierSession>(weights, device);
}

}  // namespace arml::interactive
