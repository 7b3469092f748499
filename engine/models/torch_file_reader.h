#pragma once
// Reads files written by Python's torch.save into a PickleValue tree whose tensors are CPU tensors
// (weight-formats.md §1). Two containers:
//   zip    (torch >= 1.6 default): data.pkl + data/<key> storage records, read with
//          caffe2::serialize::PyTorchStreamReader;
//   legacy (torch < 1.6 or _use_new_zipfile_serialization=False): five pickles back to back,
//          then the raw storages.
// Any defect (truncated, foreign, missing records, short storages, bad pickles) throws
// arml::InputError("<path>: <reason>"); no c10::Error escapes.
#include <filesystem>
#include <string>
#include <vector>

#include "models/pickle_value.h"

namespace arml::models {

PickleValuePtr readTorchZipFile(const std::filesystem::path& path);
PickleValuePtr readTorchLegacyFile(const std::filesystem::path& path);
// The legacy reader on bytes already in memory; `sourceName` prefixes messages (fuzzing, tests).
PickleValuePtr readTorchLegacyBytes(const std::vector<unsigned char>& bytes, const std::string& sourceName);

// Picks the container from the first bytes; InputError for anything else.
PickleValuePtr readTorchFile(const std::filesystem::path& path);

}  // namespace arml::models
