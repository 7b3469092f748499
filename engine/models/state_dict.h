#pragma once
// StateDict: the named tensors of a weight file, in file order, plus where they came from.
// loadStateDict() is the one entry point for every weight format the app reads; it detects the
// format from the file's first bytes (weight-formats.md §0).
#include <ATen/core/Tensor.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/pickle_value.h"

namespace arml::models {

enum class WeightFileFormat { TorchZip, TorchLegacy, MxnetParams, Unknown };
const char* weightFileFormatName(WeightFileFormat format);

// Looks at the first bytes. Throws InputError when the file is missing or unreadable; returns
// Unknown for anything that is none of the known formats.
WeightFileFormat detectWeightFileFormat(const std::filesystem::path& path);

class StateDict {
public:
  using Entry = std::pair<std::string, at::Tensor>;

  // Appends a new name, or replaces the tensor of an existing one in place (order kept).
  void insert(const std::string& name, at::Tensor tensor);
  bool contains(const std::string& name) const { return index_.count(name) != 0; }
  // nullptr when absent.
  const at::Tensor* find(const std::string& name) const;
  // Throws std::out_of_range naming the key when absent.
  const at::Tensor& at(const std::string& name) const;

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }

  // Where the tensors came from ("" when built in memory) and in what format.
  std::string source;
  WeightFileFormat format = WeightFileFormat::Unknown;
  // The whole decoded torch file, for its non-tensor values (epoch, optimizer, metadata...).
  // None for MXNet files and in-memory dicts.
  PickleValuePtr root = PickleValue::none();
  // The dict keys followed from the root to the tensors, e.g. "state_dict" ("" = the root itself).
  std::string path;

private:
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Reads a torch.save file (zip or legacy) or an MXNet .params file. Torch files: the root must be a
// dict of tensors, or a dict holding one under `state_dict` / `model` / `net` (followed as deep as
// they go); a leading `module.` is stripped from names; non-tensor values stay in `root`.
// MXNet files keep their stored names (`arg:...`, `aux:...`). Throws InputError on any defect.
StateDict loadStateDict(const std::filesystem::path& path);

// The torch root rules of loadStateDict applied to an already decoded pickle.
StateDict stateDictFromPickle(const PickleValuePtr& root, const std::string& source);

}  // namespace arml::models
