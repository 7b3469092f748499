#pragma once
// Initial weights for the two networks, one place for every weight load that starts training or
// makes a checkpoint from a foreign file (arml import-weights, train-cls --init, train-seg --init):
// the name rules of each architecture and the refusal policy of importStateDict
// (state_dict_import.h), with these required groups:
//   classifier (ResNet38d): the whole backbone — conv1a, b2 … b7 and bn7 (the reference freezes
//     conv1a/b2* and every BatchNorm, so a missing backbone tensor would stay random for good);
//     fc8 may differ in class count (skipped unless asked not to), the ARS modules (amm, cca) may be
//     absent;
//   segmenter (PSPNet-ResNeSt): the whole encoder (encoder.*, the ImageNet part); decoder and head
//     may be absent (ImageNet files have none).
// So an import is refused when nothing matches (e.g. a stage-1 checkpoint given to the segmenter)
// or when any required tensor is missing; the report lists everything else.
#include <string>
#include <vector>

#include "models/state_dict.h"
#include "models/state_dict_import.h"

namespace torch::nn {
class Module;
}

namespace arml::models {

enum class WeightTarget { Classifier, Segmenter };

struct InitialWeightsOptions {
  // Classifier: an fc8 of another class count keeps its initial values instead of being refused.
  bool skipHeadMismatch = true;
  std::vector<std::string> extraSkipMismatchPrefixes;  // e.g. from --skip-mismatch
  bool strict = false;
};

// Imports `weights` (as loadStateDict / loadCheckpoint read them; MXNet names are converted for the
// classifier, refused for the segmenter) into `net`. Throws InputError naming the file by the policy
// above; returns the report (MXNet names that were dropped or not recognised are listed in it).
ImportReport importInitialWeights(torch::nn::Module& net, const StateDict& weights, WeightTarget target,
                                  const InitialWeightsOptions& options = {});

// The ImportOptions that importInitialWeights uses for `target` and these weights.
ImportOptions initialWeightsImportOptions(const StateDict& weights, WeightTarget target);

}  // namespace arml::models
