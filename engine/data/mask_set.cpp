#include "data/mask_set.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/palette_png.h"

namespace arml::data {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Fnv1a {
  std::uint64_t h = 1469598103934665603ull;
  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  }
  void add(const std::string& s) { add(s.data(), s.size() + 1); }  // with the terminator as separator
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
  }
};

bool isFile(const fs::path& p) {
  std::error_code ec;
  return !p.empty() && fs::is_regular_file(p, ec);
}

// The stems of edits/<stem>.png (hidden files, e.g. temporaries of an atomic write, are not edits).
std::vector<std::string> editStems(const fs::path& editsDir) {
  std::vector<std::string> stems;
  std::error_code ec;
  if (editsDir.empty() || !fs::is_directory(editsDir, ec)) return stems;
  for (const auto& e : fs::directory_iterator(editsDir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.' || e.path().extension() != ".png" || !e.is_regular_file(ec)) continue;
    stems.push_back(e.path().stem().string());
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

}  // namespace

MaskSet resolveMaskSet(const std::vector<std::string>& stems, const fs::path& generatedDir, const fs::path& editsDir,
                       const ReviewFile& review, const fs::path& reviewFile) {
  MaskSet set;
  set.generatedDir = generatedDir;
  set.editsDir = editsDir;
  set.reviewFile = reviewFile;
  std::set<std::string> inDataset;
  for (const std::string& stem : stems) {
    inDataset.insert(stem);
    if (review.state(stem) == ReviewState::Rejected) {
      set.excluded.push_back(stem);
      continue;
    }
    const fs::path edit = editsDir.empty() ? fs::path() : editsDir / (stem + ".png");
    const fs::path generated = generatedDir / (stem + ".png");
    if (isFile(edit)) {
      set.entries.push_back({stem, edit, MaskSource::Corrected, {}});
      ++set.corrected;
    } else if (isFile(generated)) {
      set.entries.push_back({stem, generated, MaskSource::Generated, {}});
      ++set.generated;
    } else {
      set.missing.push_back(stem);
    }
  }
  const fs::path project = reviewFile.empty() ? fs::path() : reviewFile.parent_path();
  for (const auto& [stem, r] : review.patches()) {
    if (r.image.empty() || inDataset.count(stem) || r.state == ReviewState::Rejected) continue;
    const fs::path edit = editsDir.empty() ? fs::path() : editsDir / (stem + ".png");
    if (!isFile(edit)) continue;
    const fs::path image = fs::path(r.image).is_absolute() ? fs::path(r.image) : project / r.image;
    if (!isFile(image))
      throw InputError(reviewFile.string(), "patch \"" + stem + "\" names an image that does not exist: " + image.string());
    set.entries.push_back({stem, edit, MaskSource::Corrected, image});
    ++set.corrected;
    ++set.added;
  }

  Fnv1a hash;
  for (const MaskSetEntry& e : set.entries) {
    hash.add(e.stem);
    hash.add(e.source == MaskSource::Corrected ? "corrected" : "generated");
    const std::vector<unsigned char> bytes = readFileBytes(e.mask);
    hash.add(bytes.data(), bytes.size());
  }
  set.digest = hash.hex();
  return set;
}

json maskSetJson(const MaskSet& set) {
  json corrected = json::array();
  for (const MaskSetEntry& e : set.entries)
    if (e.source == MaskSource::Corrected) corrected.push_back(e.stem);
  return {{"generated", set.generatedDir.string()},
          {"edits", set.editsDir.string()},
          {"review", set.reviewFile.string()},
          {"corrected", set.corrected},
          {"generated_used", set.generated},
          {"added", set.added},
          {"excluded", set.excluded.size()},
          {"missing", set.missing.size()},
          {"digest", set.digest},
          {"corrected_stems", corrected},
          {"excluded_stems", set.excluded}};
}

ReviewSummary summarizeReview(const fs::path& generatedDir, const fs::path& editsDir, const ReviewFile& review,
                              int labelCount, const std::vector<std::string>& labelNames) {
  if (labelCount < 2 || labelCount > 256) throw InputError("review summary", "label count must be 2..256");
  ReviewSummary s;
  s.labelCount = labelCount;
  s.labelNames = labelNames;
  if (int(s.labelNames.size()) != labelCount) {
    s.labelNames.clear();
    for (int i = 0; i + 1 < labelCount; ++i) s.labelNames.push_back(std::to_string(i));
    s.labelNames.push_back("background");
  }
  s.confusion.assign(labelCount, std::vector<std::int64_t>(labelCount, 0));
  s.removed.assign(labelCount, 0);
  s.added.assign(labelCount, 0);
  std::error_code ec;
  if (!fs::is_directory(editsDir, ec)) throw InputError(editsDir.string(), "edits folder not found");

  for (const std::string& stem : editStems(editsDir)) {
    if (review.state(stem) == ReviewState::Rejected) continue;
    const fs::path editPath = editsDir / (stem + ".png");
    const fs::path genPath = generatedDir / (stem + ".png");
    if (!isFile(genPath)) {
      s.skipped.push_back(stem + ": no generated mask " + genPath.string());
      continue;
    }
    const cv::Mat gen = readIndexMask(genPath);
    const cv::Mat edit = readIndexMask(editPath);
    if (gen.size() != edit.size())
      throw InputError(editPath.string(), "is " + std::to_string(edit.cols) + "x" + std::to_string(edit.rows) +
                                              " but its generated mask " + genPath.string() + " is " +
                                              std::to_string(gen.cols) + "x" + std::to_string(gen.rows));
    std::vector<std::int64_t> local(std::size_t(labelCount) * labelCount, 0);
    for (int y = 0; y < gen.rows; ++y) {
      const uchar* g = gen.ptr<uchar>(y);
      const uchar* e = edit.ptr<uchar>(y);
      for (int x = 0; x < gen.cols; ++x) {
        if (g[x] >= labelCount)
          throw InputError(genPath.string(), "holds value " + std::to_string(g[x]) + " (labels are 0.." +
                                                 std::to_string(labelCount - 1) + ")");
        if (e[x] >= labelCount)
          throw InputError(editPath.string(), "holds value " + std::to_string(e[x]) + " (labels are 0.." +
                                                  std::to_string(labelCount - 1) + ")");
        ++local[std::size_t(g[x]) * labelCount + e[x]];
      }
    }
    ReviewSummary::Patch p{stem, std::int64_t(gen.total()), 0};
    for (int a = 0; a < labelCount; ++a)
      for (int b = 0; b < labelCount; ++b) {
        const std::int64_t n = local[std::size_t(a) * labelCount + b];
        s.confusion[a][b] += n;
        if (a != b) {
          p.changed += n;
          s.removed[a] += n;
          s.added[b] += n;
        }
      }
    s.pixels += p.pixels;
    s.changed += p.changed;
    s.unchangedPatches += p.changed == 0;
    ++s.patches;
    s.perPatch.push_back(p);
  }
  return s;
}

json reviewSummaryJson(const ReviewSummary& s) {
  json perClass = json::array();
  for (int c = 0; c < s.labelCount; ++c) {
    std::int64_t generated = 0, corrected = 0;
    for (int k = 0; k < s.labelCount; ++k) {
      generated += s.confusion[c][k];
      corrected += s.confusion[k][c];
    }
    perClass.push_back({{"label", c},
                        {"name", s.labelNames[c]},
                        {"generated_pixels", generated},
                        {"corrected_pixels", corrected},
                        {"removed", s.removed[c]},
                        {"added", s.added[c]},
                        {"net", s.added[c] - s.removed[c]}});
  }
  json patches = json::array();
  for (const auto& p : s.perPatch) patches.push_back({{"stem", p.stem}, {"pixels", p.pixels}, {"changed", p.changed}});
  return {{"patches", s.patches},
          {"unchanged_patches", s.unchangedPatches},
          {"pixels", s.pixels},
          {"changed_pixels", s.changed},
          {"changed_fraction", s.pixels ? double(s.changed) / double(s.pixels) : 0.0},
          {"labels", s.labelNames},
          {"per_class", perClass},
          {"confusion", s.confusion},
          {"confusion_axes", "rows: generated label, columns: corrected label"},
          {"per_patch", patches},
          {"skipped", s.skipped}};
}

std::string reviewSummaryText(const ReviewSummary& s) {
  std::ostringstream out;
  out << s.patches << " corrected patches compared (" << s.unchangedPatches << " unchanged), " << s.changed << " of "
      << s.pixels << " pixels changed";
  if (s.pixels) out << " (" << std::fixed << std::setprecision(2) << 100.0 * double(s.changed) / double(s.pixels) << "%)";
  out << "\n";
  std::size_t w = 10;
  for (const auto& n : s.labelNames) w = std::max(w, n.size() + 2);
  out << std::left << std::setw(int(w)) << "label" << std::right << std::setw(12) << "removed" << std::setw(12) << "added"
      << std::setw(12) << "net" << "\n";
  for (int c = 0; c < s.labelCount; ++c)
    out << std::left << std::setw(int(w)) << s.labelNames[c] << std::right << std::setw(12) << s.removed[c]
        << std::setw(12) << s.added[c] << std::setw(12) << (s.added[c] - s.removed[c]) << "\n";
  out << "confusion (rows: generated, columns: corrected)\n" << std::left << std::setw(int(w)) << "";
  for (int c = 0; c < s.labelCount; ++c) out << std::right << std::setw(12) << s.labelNames[c];
  out << "\n";
  for (int a = 0; a < s.labelCount; ++a) {
    out << std::left << std::setw(int(w)) << s.labelNames[a];
    for (int b = 0; b < s.labelCount; ++b) out << std::right << std::setw(12) << s.confusion[a][b];
    out << "\n";
  }
  for (const auto& k : s.skipped) out << "skipped " << k << "\n";
  return out.str();
}

}  // namespace arml::data
