#include "core/producer_record.h"

#include <cstdio>
#include <fstream>
#include <vector>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace arml {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path producerRecordFile(const fs::path& folder) { return folder / ".arml-producer.json"; }

namespace {

std::string differences(const json& was, const json& now) {
  std::string out;
  for (const auto& [key, value] : now.items()) {
    const json old = was.contains(key) ? was.at(key) : json();
    if (old == value) continue;
    if (!out.empty()) out += ", ";
    out += key + " " + (old.is_null() ? std::string("(none)") : old.dump()) + " -> " + value.dump();
  }
  for (const auto& [key, value] : was.items())
    if (!now.contains(key)) out += (out.empty() ? "" : ", ") + key + " " + value.dump() + " -> (none)";
  return out;
}

}  // namespace

void claimProducer(const fs::path& folder, const json& identity, const json& details, bool hasOutputs, bool replace,
                   const std::function<void()>& clearOutputs) {
  const fs::path file = producerRecordFile(folder);
  std::error_code ec;
  json record;
  if (fs::exists(file, ec)) {
    const auto bytes = readFileBytes(file);
    record = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (!record.is_object() || !record.contains("producer")) {
      if (!replace) throw InputError(file.string(), "damaged record of what made this folder; pass --replace to start the folder over");
      record = json();
    }
  }
  if (record.is_object()) {
    const json& was = record.at("producer");
    if (was != identity) {
      if (!replace)
        throw InputError(folder.string(), "was written by another producer (" + differences(was, identity) +
                                              "); its files would be kept as if they were this run's. Pass --replace "
                                              "to recompute them, or choose another --out");
      clearOutputs();
    }
  } else if (hasOutputs) {
    if (!replace)
      throw InputError(folder.string(), "holds outputs without a record of what made them (" + file.filename().string() +
                                            "); pass --replace to recompute them, or choose another --out");
    clearOutputs();
  }
  fs::create_directories(folder, ec);
  writeFileAtomically(file, json{{"producer", identity}, {"details", details}}.dump(2) + "\n");
}

std::string fileDigest(const fs::path& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) throw InputError(file.string(), "cannot read the file");
  std::uint64_t h = 1469598103934665603ULL;
  std::vector<unsigned char> buf(1 << 20);
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0)
    for (std::size_t i = 0; i < n; ++i) h = (h ^ buf[i]) * 1099511628211ULL;
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw InputError(file.string(), "read error");
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace arml
