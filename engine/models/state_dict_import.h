#pragma once
// Copies a StateDict into a LibTorch module by parameter/buffer name and reports what happened.
//
// The refusal policy, the same for every weight load (arml import-weights, train-cls/train-seg
// --init, checkpoints): importStateDict throws InputError naming the file, with the report summary,
// and copies nothing (the module keeps its values) when
//   1. a tensor has another shape than the module's entry of that name (unless the name has one of
//      skipMismatchPrefixes);
//   2. nothing matched although the file holds tensors: wrong file or wrong architecture;
//   3. any module entry under requiredPrefixes is missing from the file (or skipped for its shape):
//      the part of the network that must not start from random values (e.g. the backbone that the
//      reference freezes); BatchNorm num_batches_tracked counters never count as missing;
//   4. strict is set and anything is missing or unexpected.
// Entries missing outside the required groups keep their initial values and are listed in the report.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/state_dict.h"

namespace torch::nn {
class Module;
}

namespace arml::models {

struct ImportOptions {
  // Applied to each file name first (the first matching pair wins): a name starting with `first` gets
  // it replaced by `second`. Example: {"", "encoder."} for ResNeSt ImageNet files whose names lack
  // the prefix of smp's PSPNet.
  std::vector<std::pair<std::string, std::string>> renamePrefixes;
  // Then a general renaming hook; returning nullopt drops the entry (listed as "dropped").
  std::function<std::optional<std::string>(const std::string&)> rename;
  // Shape mismatches on names with these prefixes are skipped (the module keeps its values) instead of
  // refused, e.g. "fc8." when the class count differs, or a classifier of an ImageNet file.
  std::vector<std::string> skipMismatchPrefixes;
  // File names (after renaming) with these prefixes that the module lacks are "unused", not
  // "unexpected", e.g. "encoder.layer3." / "encoder.layer4." of smp PSPNet checkpoints.
  std::vector<std::string> unusedPrefixes;
  // Refuse (InputError) when anything is missing (except num_batches_tracked) or unexpected.
  bool strict = false;
  // Module entries with these prefixes must all come from the file (rule 3 above).
  std::vector<std::string> requiredPrefixes;
  // What the module is called in messages, e.g. "resnet38d classifier".
  std::string networkName = "network";
};

struct ShapeMismatch {
  std::string name;
  std::vector<std::int64_t> fileShape;
  std::vector<std::int64_t> moduleShape;
};

struct ImportReport {
  std::string source;
  std::vector<std::string> matched;          // copied into the module
  std::vector<std::string> missing;          // module entries the file lacks (they keep their values)
  std::vector<std::string> defaultedCounters; // missing BatchNorm num_batches_tracked: harmless
  std::vector<std::string> unexpected;       // file entries the module lacks
  std::vector<std::string> unused;           // file entries the module lacks, by request (unusedPrefixes)
  std::vector<std::string> dropped;          // removed by the rename hook
  std::vector<ShapeMismatch> skipped;        // shape mismatches skipped by request (skipMismatchPrefixes)
  std::vector<std::string> convertedDtype;   // copied with a dtype conversion (e.g. float64 -> float32)
  std::vector<std::string> missingRequired;  // part of `missing`: under ImportOptions::requiredPrefixes

  // "matched 191, missing 0, unexpected 0, ..." on one line.
  std::string summary() const;
  // The summary followed by the names in every non-empty list (long lists shortened).
  std::string toString(std::size_t maxNamesPerList = 20) const;
};

// Throws InputError by the policy above; returns the report of a successful import.
ImportReport importStateDict(torch::nn::Module& module, const StateDict& weights, const ImportOptions& options = {});

// The module's parameters and buffers with dotted names in PyTorch's state_dict order, sharing the
// module's memory.
StateDict moduleStateDict(const torch::nn::Module& module);

std::string shapeToString(const std::vector<std::int64_t>& shape);

}  // namespace arml::models
