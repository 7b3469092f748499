#include "cam/cam_evaluation.h"

#include <torch/torch.h>

#include "cam/class_activation.h"
#include "cam/class_maps.h"
#include "tensors/confusion_tensor.h"
#include "tensors/image_tensor.h"

namespace arml::cam {

at::Tensor camLabelMap(const at::Tensor& maps, const at::Tensor& logits, int64_t height, int64_t width,
                       double presenceThreshold) {
  const at::Tensor present = (torch::sigmoid(logits.to(torch::kFloat32)) > presenceThreshold).to(torch::kFloat32);
  if (present.sum().item<double>() == 0) return {};
  const at::Tensor q = present.view({1, -1, 1, 1});
  at::Tensor cam = upsampleMaps(maps.to(torch::kFloat32), height, width) * q;
  const at::Tensor lo = cam.min(), hi = cam.max();
  cam = (cam - lo) / (hi - lo + 1e-5);
  cam = cam * q;
  return cam.argmax(1).squeeze(0).to(torch::kUInt8);
}

CamEvaluation evaluateCams(CamModel& model, const std::vector<data::MaskedItem>& items,
                           const data::ClassScheme& scheme, const CancelToken& cancel, EventSink& events,
                           double presenceThreshold) {
  if (model.classes != scheme.tissueCount())
    throw InputError(model.source, "the model has " + std::to_string(model.classes) + " classes, the dataset " +
                                       std::to_string(scheme.tissueCount()));
  torch::NoGradGuard noGrad;
  model.net->eval();
  eval::ConfusionMatrix cm(scheme.tissueCount());
  CamEvaluation result;
  long done = 0;
  for (const auto& item : items) {
    cancel.throwIfCancelled();
    const data::MaskedSample sample = data::loadMaskedSample(item);
    const at::Tensor input = data::rgbToTensor(sample.image).unsqueeze(0).to(model.device);
    const CamResult cams = computeCams(*model.net, input, CamMode::Plain);
    const at::Tensor labels =
        camLabelMap(cams.maps, cams.logits, sample.image.rows, sample.image.cols, presenceThreshold);
    events.progress("cam-evaluation", ++done, static_cast<long>(items.size()));
    if (!labels.defined()) {
      ++result.skippedNoPrediction;
      continue;
    }
    const cv::Mat mask = sample.mask.isContinuous() ? sample.mask : sample.mask.clone();
    const at::Tensor gt = torch::from_blob(mask.data, {mask.rows, mask.cols}, torch::kUInt8);
    eval::addTensors(cm, gt, labels.cpu(), item.image.string());
    ++result.images;
  }
  std::vector<std::string> names;
  for (const auto& c : scheme.tissueClasses) names.push_back(c.abbreviation);
  result.report = eval::makeReport(cm, names);
  return result;
}

}  // namespace arml::cam
