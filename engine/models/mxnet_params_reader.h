#pragma once
// Reads MXNet NDArray list files (`.params`, written by mx.nd.save / mx.model.save_checkpoint) into a
// StateDict with the stored names (`arg:conv1a_weight`, `aux:bn7_moving_mean`, ...); an unnamed
// list gets the names "0", "1", .... All four record generations are read (legacy, V1, V2 dense,
// V3; weight-formats.md §2.2). The file is streamed, so a 400 MB file needs no second copy.
// Defects throw InputError: a short file says it is truncated, where it ends and in which array or
// name; absurd counts, shapes and lengths, sparse arrays and unknown dtypes say the file is damaged.
#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>

#include "models/state_dict.h"

namespace arml::models {

StateDict readMxnetParams(const std::filesystem::path& path);
// The same from a stream of `size` bytes; `sourceName` prefixes messages (fuzzing, tests).
StateDict readMxnetParams(std::istream& in, std::uint64_t size, const std::string& sourceName);

}  // namespace arml::models
