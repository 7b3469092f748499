#pragma once
// ARML Studio's own checkpoint files: a torch.save-compatible zip (so Python can torch.load them)
// holding {'format': 'arml-checkpoint', 'format_version': 1, 'state_dict': OrderedDict,
// 'optimizer': OrderedDict, 'epoch': int, 'step': int, 'rng_state': bytes, 'meta': JSON text}.
// Written atomically. loadCheckpoint also accepts foreign weight files (reference .pth, MXNet
// .params): then only `model` is filled and isArmlCheckpoint is false.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "models/state_dict.h"

namespace arml::models {

struct Checkpoint {
  StateDict model;
  // Optimizer state as named tensors, e.g. "momentum_buffer/b2.conv_branch2a.weight".
  StateDict optimizer;
  std::int64_t epoch = 0;
  std::int64_t step = 0;
  std::string rngState;  // raw bytes, e.g. a torch::Generator state
  nlohmann::json meta = nlohmann::json::object();  // arch, classes, config, ...
  bool isArmlCheckpoint = true;
};

// Throws RuntimeFailure when the file cannot be written.
void saveCheckpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

// Throws InputError on unreadable or malformed files.
Checkpoint loadCheckpoint(const std::filesystem::path& path);

}  // namespace arml::models
