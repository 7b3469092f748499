#pragma once
// MXNet ImageNet ResNet-38 ("model A1", ilsvrc-cls_rna-a1_cls1000_ep-0001.params) -> ResNet38d
// parameter names (weight-formats.md §2.4, ARML.md §2.6):
//   conv1a_weight                    -> conv1a.weight
//   res{L}a_{br}_weight              -> b{L}.conv_{br}.weight
//   res{L}b{k}_{br}_weight           -> b{L}_{k}.conv_{br}.weight
//   bn{L}a_{br}_{gamma|beta}         -> b{L}.bn_{br}.{weight|bias}
//   bn{L}a_{br}_moving_{mean|var}    -> b{L}.bn_{br}.running_{mean|var}     (same for b{L}_{k})
//   bn7_{gamma|beta|moving_mean|moving_var} -> bn7.{weight|bias|running_mean|running_var}
//   linear1000_{weight|bias}         -> dropped (ImageNet classifier)
// The `arg:` / `aux:` prefix of save_checkpoint files is optional.
#include <string>
#include <vector>

#include "models/state_dict.h"

namespace arml::models {

struct MxnetNameMapping {
  enum class Kind { Mapped, Dropped, Unknown };
  Kind kind = Kind::Unknown;
  std::string torchName;  // set when Mapped
};

MxnetNameMapping mapMxnetResnet38Name(const std::string& mxnetName);

// Renames every entry; dropped and unrecognised names are left out and listed in the optional
// vectors. Throws InputError when two MXNet names map to the same ResNet38d name.
StateDict mxnetToResnet38StateDict(const StateDict& mxnet, std::vector<std::string>* dropped = nullptr,
                                   std::vector<std::string>* unknown = nullptr);

}  // namespace arml::models
