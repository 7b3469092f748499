#pragma once
// Writes torch.save-compatible zip files (format version 3, 64-byte aligned records, archive folder
// "archive/") that Python's torch.load and our torch_file_reader read. Files are written atomically
// (temporary file + rename), so a crash never leaves a half-written checkpoint.
#include <filesystem>
#include <string>
#include <vector>

#include "models/pickle_value.h"
#include "models/state_dict.h"

namespace arml::models {

// The complete file in memory (data.pkl, data/<key> records, version).
std::vector<unsigned char> encodeTorchFile(const PickleValue& root);

// Throws RuntimeFailure when the file cannot be written, std::invalid_argument for unwritable values.
void writeTorchFile(const std::filesystem::path& path, const PickleValue& root);

// An OrderedDict (name -> tensor) in the file order of the StateDict.
PickleValuePtr stateDictToPickle(const StateDict& sd);

// {'state_dict': OrderedDict(name -> tensor), 'meta': metaJson}, e.g. for weight exchange with Python.
void saveStateDictPth(const std::filesystem::path& path, const StateDict& sd, const std::string& metaJson = "{}");

}  // namespace arml::models
