#include "cam/cam_model.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/errors.h"
#include "models/checkpoint.h"
#include "models/state_dict_import.h"

namespace arml::cam {

namespace {
// The ARS settings a checkpoint was trained with (its meta.config); reference defaults otherwise.
void readArsSettings(const nlohmann::json* meta, const std::string& source, CamModel& m) {
  m.arsMode = m.hasArs ? models::ArsMode::Reference : models::ArsMode::Off;
  if (!meta || !meta->is_object()) return;
  const nlohmann::json config = meta->value("config", nlohmann::json::object());
  if (!config.is_object()) return;
  const std::string ars = config.value("ars", std::string());
  if (m.hasArs && ars == "intended") m.arsMode = models::ArsMode::Intended;
  const std::string softmax = config.value("cca_softmax", std::string("query-rows"));
  if (softmax == "keys") m.ccaSoftmax = models::CcaSoftmax::Keys;
  else if (softmax != "query-rows")
    throw InputError(source, "unknown cca_softmax \"" + softmax + "\" in the checkpoint's metadata");
}
}  // namespace

CamModel camModelFromStateDict(const models::StateDict& weights, const std::string& device,
                               const nlohmann::json* meta) {
  const std::string source = weights.source.empty() ? "weights" : weights.source;
  const at::Tensor* fc8 = weights.find("fc8.weight");
  if (!fc8) throw InputError(source, "no fc8.weight: not a stage-1 ResNet38d classifier");
  if (fc8->dim() != 4 && fc8->dim() != 2) throw InputError(source, "fc8.weight has an unexpected shape");
  const int64_t channels = fc8->size(1);
  if (channels <= 0 || 4096 % channels != 0)
    throw InputError(source, "fc8.weight has " + std::to_string(channels) +
                                 " input channels; expected 4096 divided by a whole width divisor");
  CamModel m;
  m.source = source;
  m.widthDivisor = static_cast<int>(4096 / channels);
  m.classes = static_cast<int>(fc8->size(0));
  m.hasArs = weights.contains("amm.ChannelAMM.mlp.1.weight");
  readArsSettings(meta, source, m);
  models::ClassifierOptions opts;
  opts.widthDivisor = m.widthDivisor;
  opts.classes = m.classes;
  opts.ars = m.arsMode;
  opts.ccaSoftmax = m.ccaSoftmax;
  m.net = models::Resnet38dClassifier(opts);

  models::ImportOptions io;
  io.unusedPrefixes = {"Attention_Module."};  // the reference's never-run PDA module
  const models::ImportReport report = models::importStateDict(*m.net, weights, io);
  std::vector<std::string> missing;
  for (const auto& name : report.missing)
    if (name.rfind("cca.", 0) != 0) missing.push_back(name);  // CCA is the identity while γ = 0
  if (!missing.empty())
    throw InputError(source, "missing " + std::to_string(missing.size()) + " classifier weights, e.g. " + missing[0]);
  if (!report.unexpected.empty())
    m.warnings.push_back(source + ": " + std::to_string(report.unexpected.size()) +
                         " entries not used by the classifier, e.g. " + report.unexpected[0]);
  m.device = device;
  m.net->to(torch::Device(device));
  m.net->eval();
  return m;
}

CamModel loadCamModel(const std::filesystem::path& path, const std::string& device) {
  models::Checkpoint ckpt = models::loadCheckpoint(path);
  if (ckpt.model.source.empty()) ckpt.model.source = path.string();
  return camModelFromStateDict(ckpt.model, device, &ckpt.meta);
}

}  // namespace arml::cam
