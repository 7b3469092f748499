#include "train/stage2_model.h"

#include <torch/torch.h>

#include "cam/precision_guard.h"
#include "core/errors.h"
#include "data/dataset.h"
#include "models/smp_pspnet_import.h"

namespace arml::train {

LoadedSegmenter loadSegmenter(const std::filesystem::path& path) {
  LoadedSegmenter out;
  out.checkpoint = models::loadCheckpoint(path);
  const models::StateDict& sd = out.checkpoint.model;
  const nlohmann::json& meta = out.checkpoint.meta;
  if (meta.contains("arch") && meta["arch"].is_string() && meta["arch"].get<std::string>() != kSegmenterArch)
    throw InputError(path.string(), "holds a '" + meta["arch"].get<std::string>() + "' model, not the stage-2 segmenter (" +
                                        kSegmenterArch + ")");
  const at::Tensor* stem = sd.find("encoder.conv1.0.weight");
  const at::Tensor* head = sd.find("segmentation_head.0.weight");
  if (!stem || !head) throw InputError(path.string(), "not a PSPNet-ResNeSt checkpoint (no encoder.conv1.0.weight / segmentation_head.0.weight)");
  const int64_t stemWidth = stem->size(0);
  if (stemWidth <= 0 || 64 % stemWidth != 0) throw InputError(path.string(), "unexpected stem width " + std::to_string(stemWidth));

  models::PSPNetOptions options;
  options.widthDivisor = int(64 / stemWidth);
  options.numClasses = int(head->size(0));
  out.net = models::PSPNet(options);
  out.import = models::importSmpPspnet(*out.net, sd);
  const std::vector<std::string>& missing = out.import.missing;  // num_batches_tracked are listed apart
  if (!missing.empty())
    throw InputError(path.string(), "incomplete PSPNet-ResNeSt checkpoint: " + std::to_string(missing.size()) +
                                        " entries missing, e.g. " + missing.front());

  const std::string dataset = meta.value("dataset", std::string());
  if (!dataset.empty() && dataset != "csv") {
    out.scheme = data::schemeFor(data::parseDatasetKind(dataset));
  } else if (meta.contains("class_names") && meta["class_names"].is_array()) {
    out.scheme = data::customScheme(meta["class_names"].get<std::vector<std::string>>());
  } else {
    out.scheme = options.numClasses == 3 ? data::wsss4luadScheme() : data::luadScheme();
  }
  if (out.scheme.tissueCount() != options.numClasses)
    out.scheme = data::customScheme([&] {
      std::vector<std::string> names;
      for (int c = 0; c < options.numClasses; ++c) names.push_back("class " + std::to_string(c));
      return names;
    }());
  out.net->eval();
  return out;
}

models::StateDict segmenterStateDict(const models::PSPNet& net) {
  models::StateDict sd;
  for (const auto& p : net->named_parameters(true)) sd.insert(p.key(), p.value().detach().to(torch::kCPU).clone());
  for (const auto& b : net->named_buffers(true)) sd.insert(b.key(), b.value().detach().to(torch::kCPU).clone());
  return sd;
}

std::string segmenterDevice(const models::PSPNet& net) {
  return net->parameters().front().device().str();
}

at::Tensor predictSegmenterLogits(models::PSPNet& net, const at::Tensor& images, const std::string& precision) {
  torch::NoGradGuard noGrad;
  net->eval();
  const auto device = net->parameters().front().device();
  const int64_t h = images.size(2), w = images.size(3);
  const int64_t padH = (8 - h % 8) % 8, padW = (8 - w % 8) % 8;
  at::Tensor x = images.to(device, torch::kFloat);
  if (padH || padW)
    x = torch::nn::functional::pad(x, torch::nn::functional::PadFuncOptions({0, padW, 0, padH}).mode(torch::kReplicate));
  at::Tensor logits;
  {
    cam::PrecisionGuard guard(precision, device.is_cuda() ? "cuda" : "cpu");
    logits = net->forward(x);
  }
  return logits.slice(2, 0, h).slice(3, 0, w).to(torch::kCPU, torch::kFloat).contiguous();
}

}  // namespace arml::train
