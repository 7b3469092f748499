#pragma once
// The one way weight files reach the stage-2 PSPNet-ResNeSt (models/pspnet.h): the reference's smp
// `PSPNet('timm-resnest101e')` checkpoints, timm ResNeSt-101e ImageNet files and ARML Studio's own
// stage-2 checkpoints. The network's names are smp's, so the mapping is only:
//  * a leading "module." (DataParallel) is stripped;
//  * a file without any smp name (no "encoder."/"decoder."/"segmentation_head." prefix) is a bare timm
//    encoder: every name gets "encoder.";
//  * encoder.layer3/layer4 (built by smp at depth 3 but never run), encoder.fc (timm's ImageNet
//    classifier) and classification_head (smp aux_params) are reported as unused, not unexpected.
#include "models/state_dict_import.h"

namespace torch::nn {
class Module;
}

namespace arml::models {

// The ImportOptions for `weights` (the bare-timm rule looks at all of its names).
ImportOptions smpPspnetImportOptions(const StateDict& weights);

// importStateDict(pspnet, weights, smpPspnetImportOptions(weights)) with `strict` set: the matched /
// missing / unexpected / unused report. Throws InputError (copying nothing) on any shape mismatch.
ImportReport importSmpPspnet(torch::nn::Module& pspnet, const StateDict& weights, bool strict = false);

}  // namespace arml::models
