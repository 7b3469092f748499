#include "core/output_guard.h"

#include <sys/stat.h>

#include "core/errors.h"

namespace arml {

namespace fs = std::filesystem;

std::string canonicalPathKey(const fs::path& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) p = fs::absolute(path).lexically_normal();
  std::string s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

namespace {

bool fileIdentity(const fs::path& p, std::pair<unsigned long long, unsigned long long>& id) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return false;
  id = {static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino)};
  return true;
}

}  // namespace

void OutputGuard::addInput(const fs::path& input) {
  if (input.empty()) return;
  inputsByName_.emplace(canonicalPathKey(input), input);
  std::pair<unsigned long long, unsigned long long> id;
  if (fileIdentity(input, id)) inputsByFile_.emplace(id, input);
}

const fs::path* OutputGuard::inputFor(const fs::path& output) const {
  const auto byName = inputsByName_.find(canonicalPathKey(output));
  if (byName != inputsByName_.end()) return &byName->second;
  std::pair<unsigned long long, unsigned long long> id;
  if (fileIdentity(output, id)) {
    const auto byFile = inputsByFile_.find(id);
    if (byFile != inputsByFile_.end()) return &byFile->second;
  }
  return nullptr;
}

bool OutputGuard::isInput(const fs::path& output) const { return inputFor(output) != nullptr; }

void OutputGuard::claimOutput(const fs::path& output, const std::string& source) {
  if (const fs::path* input = inputFor(output))
    throw InputError(output.string(), "is the input " + input->string() +
                                          "; the command would write over it (choose another --out)");
  const std::string key = canonicalPathKey(output);
  const auto [it, added] = claims_.emplace(key, source);
  if (!added && it->second != source)
    throw InputError(output.string(), "would be written for both " + it->second + " and " + source +
                                          " (their names collide; rename one of them)");
}

}  // namespace arml
