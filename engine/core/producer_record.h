#pragma once
// <folder>/.arml-producer.json records what fills an output folder (for pseudo masks: the model's
// digest, the background rule, the precision, the dataset), so that a resumable job never counts
// another producer's files as its own "already done" ones.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace arml {

std::filesystem::path producerRecordFile(const std::filesystem::path& folder);

// Checks `identity` (the fields that must match) against the folder's record, then writes the
// record (identity plus `details`, which are not compared) atomically.
//  - no record, folder without outputs (`hasOutputs` false): the record is written;
//  - the same identity: nothing to do but update the details;
//  - another identity, or outputs without a record: InputError naming the folder and the fields
//    that differ, unless `replace`, in which case clearOutputs() removes the old outputs first.
void claimProducer(const std::filesystem::path& folder, const nlohmann::json& identity, const nlohmann::json& details,
                   bool hasOutputs, bool replace, const std::function<void()>& clearOutputs);

// FNV-1a 64 of a file's bytes as 16 hex digits (an identity of a model file that survives copying
// and renaming). InputError naming the file when it cannot be read.
std::string fileDigest(const std::filesystem::path& file);

}  // namespace arml
