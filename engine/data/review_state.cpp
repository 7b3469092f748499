#include "data/review_state.h"

#include <chrono>
#include <ctime>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/safe_path.h"
#include "data/json_shape.h"

namespace arml::data {
namespace {

using json = nlohmann::json;

constexpr const char* kNames[kReviewStateCount] = {"unreviewed", "accepted", "corrected", "rejected",
                                                   "flagged"};

std::string stringField(const json& entry, const char* key, const std::string& where) {
  const auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return {};
  if (!it->is_string()) throw InputError(where + ": \"" + key + "\" must be text");
  return it->get<std::string>();
}

void readPatches(const json& patches, const std::string& origin, std::map<std::string, PatchReview>& out);

// Entries added in code obey the rule the reader enforces, so a saved file always reads back.
void requirePatchName(const std::string& stem) {
  if (!isSafeFileName(stem))
    throw InputError("review entry '" + stem + "': not a plain file name (no '/', '\\', '..' or control characters)");
}

}  // namespace

const char* reviewStateName(ReviewState s) { return kNames[static_cast<int>(s)]; }

std::optional<ReviewState> parseReviewState(const std::string& name) {
  for (int i = 0; i < kReviewStateCount; ++i)
    if (name == kNames[i]) return static_cast<ReviewState>(i);
  return std::nullopt;
}

std::string isoTimeUtcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ReviewFile ReviewFile::load(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  const std::vector<unsigned char> bytes = readFileBytes(path);
  return fromJson(std::string(bytes.begin(), bytes.end()), path.string());
}

ReviewFile ReviewFile::fromJson(const std::string& text, const std::string& origin) {
  checkJsonShape(text, 32, 10'000'000, origin);  // nlohmann's parser recurses: a deeply nested file would crash it
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) throw InputError(origin, "not a valid review file (broken JSON)");
  if (!doc.is_object()) throw InputError(origin, "not a review file (expected a JSON object)");
  const auto format = doc.find("format");
  if (format == doc.end() || !format->is_number_integer())
    throw InputError(origin, "not a review file (no \"format\")");
  if (format->get<int>() != kFormat)
    throw InputError(origin, "review format " + std::to_string(format->get<int>()) +
                                 " is not supported (this version reads format " +
                                 std::to_string(kFormat) + ")");
  ReviewFile out;
  out.cursor_ = stringField(doc, "cursor", origin);
  const auto patches = doc.find("patches");
  if (patches != doc.end() && !patches->is_null()) readPatches(*patches, origin, out.patches_);
  out.maskSet_ = stringField(doc, "mask_set", origin);
  if (!out.maskSet_.empty() && !isSafeRelativePath(out.maskSet_))
    throw InputError(origin, "\"mask_set\" '" + out.maskSet_ + "' must be a folder inside the project (relative, no '..')");
  if (!out.cursor_.empty() && !isSafeFileName(out.cursor_))
    throw InputError(origin, "\"cursor\" '" + out.cursor_ + "' is not a patch name (a plain file name)");
  return out;
}

namespace {
void readPatches(const json& patches, const std::string& origin, std::map<std::string, PatchReview>& out) {
  if (!patches.is_object()) throw InputError(origin, "\"patches\" must be an object keyed by patch name");
  for (const auto& [stem, entry] : patches.items()) {
    const std::string where = origin + ": patch \"" + stem + "\"";
    if (stem.empty()) throw InputError(origin, "a patch entry has an empty name");
    // Keys become edits/<key>.png, .json and .journal: a key that is not a plain file name could
    // name a file anywhere, so the whole file is refused (and never rewritten) until it is fixed.
    if (!isSafeFileName(stem))
      throw InputError(origin, "patch name '" + stem +
                                   "' is not a plain file name (no '/', '\\', '..' or control characters)");
    if (!entry.is_object()) throw InputError(where + ": entry must be an object");
    PatchReview r;
    const std::string state = stringField(entry, "state", where);
    if (state.empty()) {
      r.state = ReviewState::Unreviewed;
    } else if (const auto s = parseReviewState(state)) {
      r.state = *s;
    } else {
      throw InputError(where + ": unknown state \"" + state +
                       "\" (expected unreviewed, accepted, corrected, rejected or flagged)");
    }
    r.note = stringField(entry, "note", where);
    r.reviewer = stringField(entry, "reviewer", where);
    r.time = stringField(entry, "time", where);
    r.image = stringField(entry, "image", where);
    if (!r.image.empty() && !isSafeRelativePath(r.image))
      throw InputError(where + ": \"image\" '" + r.image +
                       "' must be a path inside the project folder (relative, no '..')");
    if (const auto c = entry.find("classes"); c != entry.end() && !c->is_null()) {
      if (!c->is_array()) throw InputError(where + ": \"classes\" must be a list of class indices");
      for (const auto& v : *c) {
        if (!v.is_number_integer() || v.get<int>() < 0)
          throw InputError(where + ": \"classes\" must hold class indices (whole numbers ≥ 0)");
        r.classes.push_back(v.get<int>());
      }
      r.hasClasses = true;
    }
    out.emplace(stem, std::move(r));
  }
}
}  // namespace

std::string ReviewFile::toJson() const {
  json patches = json::object();
  for (const auto& [stem, r] : patches_) {
    json e = {{"state", reviewStateName(r.state)}, {"note", r.note}, {"reviewer", r.reviewer},
              {"time", r.time}};
    if (!r.image.empty()) e["image"] = r.image;
    if (r.hasClasses) e["classes"] = r.classes;
    patches[stem] = std::move(e);
  }
  json doc = {{"format", kFormat}, {"cursor", cursor_}, {"patches", std::move(patches)}};
  if (!maskSet_.empty()) doc["mask_set"] = maskSet_;
  return doc.dump(1) + "\n";
}

void ReviewFile::setMaskSet(const std::string& relativeFolder) {
  if (!relativeFolder.empty() && !isSafeRelativePath(relativeFolder))
    throw InputError("mask set '" + relativeFolder + "': not a folder inside the project");
  maskSet_ = relativeFolder;
}

void ReviewFile::save(const std::filesystem::path& path) const { writeFileAtomically(path, toJson()); }

PatchReview ReviewFile::get(const std::string& stem) const {
  const auto it = patches_.find(stem);
  return it == patches_.end() ? PatchReview{} : it->second;
}

void ReviewFile::set(const std::string& stem, ReviewState state, const std::string& note,
                     const std::string& reviewer) {
  requirePatchName(stem);
  PatchReview& r = patches_[stem];
  r.state = state;
  r.note = note;
  r.reviewer = reviewer;
  r.time = isoTimeUtcNow();
}

void ReviewFile::put(const std::string& stem, PatchReview review) {
  requirePatchName(stem);
  if (!review.image.empty() && !isSafeRelativePath(review.image))
    throw InputError("review entry '" + stem + "': image '" + review.image + "' is not a path inside the project");
  if (review.time.empty()) review.time = isoTimeUtcNow();
  patches_[stem] = std::move(review);
}

void ReviewFile::setNote(const std::string& stem, const std::string& note) {
  requirePatchName(stem);
  PatchReview& r = patches_[stem];
  r.note = note;
  r.time = isoTimeUtcNow();
}

std::array<int, kReviewStateCount> ReviewFile::counts(const std::vector<std::string>& stems) const {
  std::array<int, kReviewStateCount> n{};
  for (const auto& s : stems) ++n[static_cast<int>(state(s))];
  return n;
}

std::array<int, kReviewStateCount> ReviewFile::counts() const {
  std::array<int, kReviewStateCount> n{};
  for (const auto& [stem, r] : patches_) ++n[static_cast<int>(r.state)];
  return n;
}

}  // namespace arml::data
