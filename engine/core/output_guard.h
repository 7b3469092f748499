#pragma once
// No command writes over one of its own inputs, and no two inputs of one command are written to the
// same output. A command registers the files it reads, then checks each path before it writes it:
// an output that is an input (same path after resolving links, or the same file through a hard
// link) or that another input already claimed is an InputError naming both. Pure std + POSIX.
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace arml {

class OutputGuard {
public:
  // A file (or folder) the command reads. Missing paths are fine (they are compared by name).
  void addInput(const std::filesystem::path& input);
  template <typename Range>
  void addInputs(const Range& inputs) {
    for (const auto& p : inputs) addInput(p);
  }

  // Throws InputError "<output>: is the input <input> ..." when `output` is a registered input, and
  // "<output>: would be written for both <a> and <b> ..." when an earlier claim with another `source`
  // (the input it is made from) chose the same path. Otherwise records the claim.
  void claimOutput(const std::filesystem::path& output, const std::string& source = "");

  // True when `output` is a registered input (without throwing or claiming).
  bool isInput(const std::filesystem::path& output) const;

private:
  const std::filesystem::path* inputFor(const std::filesystem::path& output) const;

  std::map<std::string, std::filesystem::path> inputsByName_;  // canonical path -> as given
  std::map<std::pair<unsigned long long, unsigned long long>, std::filesystem::path> inputsByFile_;  // (dev, inode)
  std::map<std::string, std::string> claims_;  // canonical output -> source
};

// Canonical form used for comparisons: absolute, links of the existing part resolved, "." and ".." gone.
std::string canonicalPathKey(const std::filesystem::path& path);

}  // namespace arml
