#include "models/initial_weights.h"

#include "core/errors.h"
#include "models/mxnet_resnet38_names.h"
#include "models/smp_pspnet_import.h"

namespace arml::models {

ImportOptions initialWeightsImportOptions(const StateDict& weights, WeightTarget target) {
  ImportOptions o;
  if (target == WeightTarget::Classifier) {
    o.networkName = "ResNet38d classifier";
    o.skipMismatchPrefixes = {"fc8."};  // another class count: fc8 keeps its initial values
    o.unusedPrefixes = {"Attention_Module."};  // the reference's never-run PDA module
    o.requiredPrefixes = {"conv1a.", "b2.", "b2_", "b3.", "b3_", "b4.", "b4_", "b5.", "b5_", "b6.", "b7.", "bn7."};
    return o;
  }
  o = smpPspnetImportOptions(weights);  // the one PSPNet naming rule (bare timm encoders, module., unused parts)
  o.networkName = "PSPNet-ResNeSt segmenter";
  o.requiredPrefixes = {"encoder."};
  return o;
}

ImportReport importInitialWeights(torch::nn::Module& net, const StateDict& weights, WeightTarget target,
                                  const InitialWeightsOptions& options) {
  StateDict named = weights;
  std::vector<std::string> dropped, unknown;
  if (weights.format == WeightFileFormat::MxnetParams) {
    if (target == WeightTarget::Segmenter)
      throw InputError(weights.source, "MXNet .params files hold ResNet-38 weights, not a PSPNet-ResNeSt segmenter");
    named = mxnetToResnet38StateDict(weights, &dropped, &unknown);
    named.source = weights.source;
    named.format = weights.format;
  }
  ImportOptions io = initialWeightsImportOptions(named, target);
  if (!options.skipHeadMismatch) io.skipMismatchPrefixes.clear();
  io.skipMismatchPrefixes.insert(io.skipMismatchPrefixes.end(), options.extraSkipMismatchPrefixes.begin(),
                                 options.extraSkipMismatchPrefixes.end());
  io.strict = options.strict;
  ImportReport report = importStateDict(net, named, io);
  report.dropped.insert(report.dropped.end(), dropped.begin(), dropped.end());
  report.unexpected.insert(report.unexpected.end(), unknown.begin(), unknown.end());
  return report;
}

}  // namespace arml::models
