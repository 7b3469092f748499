#pragma once
// Loading and saving the stage-2 segmenter (PSPNet-ResNeSt, models/pspnet.h) and running it.
// Files read: ARML Studio checkpoints (models/checkpoint.h, meta "arch": "pspnet-resnest101e"), and
// foreign torch files holding smp PSPNet keys (the reference's {'state_dict': …} checkpoints; unused
// encoder.layer3/4 keys are skipped). The width divisor and class count are read from the tensors.
#include <filesystem>
#include <string>

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include "data/class_scheme.h"
#include "models/checkpoint.h"
#include "models/pspnet.h"
#include "models/state_dict_import.h"

namespace arml::train {

inline constexpr const char* kSegmenterArch = "pspnet-resnest101e";

struct LoadedSegmenter {
  models::PSPNet net{nullptr};
  data::ClassScheme scheme;  // from the checkpoint's meta "dataset", else by class count (4: luad, 3: wsss4luad)
  models::Checkpoint checkpoint;  // what the file held (model tensors, meta, epoch ...)
  models::ImportReport import;    // how its tensors mapped onto the network (models::importSmpPspnet)
};

// Throws InputError when the file is not a readable PSPNet-ResNeSt checkpoint, a tensor's shape
// differs, or an entry other than num_batches_tracked is missing.
LoadedSegmenter loadSegmenter(const std::filesystem::path& path);

// The network's tensors as a state dict with smp names (parameters, then buffers).
models::StateDict segmenterStateDict(const models::PSPNet& net);

// Eval-mode inference of one batch N×3×H×W in [0, 1] on the net's device: pads H and W with edge
// pixels up to multiples of 8, crops the logits back. Returns N×C×H×W float32 logits on the CPU.
// precision "fp32" or "bf16" (autocast).
at::Tensor predictSegmenterLogits(models::PSPNet& net, const at::Tensor& images, const std::string& precision = "fp32");

// The device the net's parameters live on, as "cpu" / "cuda:N".
std::string segmenterDevice(const models::PSPNet& net);

}  // namespace arml::train
