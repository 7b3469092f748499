#pragma once
// The masks stage 2 trains on once reviewers have been at work, and what they changed.
// The GUI and the CLI share it (arml_data, LibTorch- and Qt-free).
//
// Effective mask set, per training stem, from (generated masks folder, edits folder, review.json):
//   review state "rejected"            -> excluded (the trainer never sees the patch)
//   else edits/<stem>.png exists        -> the corrected mask
//   else generated/<stem>.png exists    -> the generated mask
//   else                                -> missing (the caller decides; stage 2 refuses)
// Patches outside the dataset (review entries with an "image", e.g. cut from a slide) join the set
// when they have an edit and are not rejected; their image path is relative to the review file's
// folder (the project).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "data/review_state.h"

namespace arml::data {

enum class MaskSource { Generated, Corrected };

struct MaskSetEntry {
  std::string stem;
  std::filesystem::path mask;
  MaskSource source = MaskSource::Generated;
  std::filesystem::path image;  // set only for patches outside the dataset (review "image")
};

struct MaskSet {
  std::filesystem::path generatedDir, editsDir, reviewFile;  // as given ("" when not used)
  std::vector<MaskSetEntry> entries;  // dataset stems in the order given, then added patches by stem
  std::vector<std::string> excluded;  // rejected stems
  std::vector<std::string> missing;   // neither an edit nor a generated mask
  int corrected = 0, generated = 0, added = 0;  // added: outside the dataset (also counted as corrected)
  // FNV-1a 64 over every entry's stem, source and mask file bytes, as 16 hex digits: equal digests
  // mean stage 2 saw the same masks.
  std::string digest;
};

// `stems`: the training images' stems. `editsDir` may be empty or absent (no corrections);
// `review` may be empty. Reads every chosen mask file once for the digest (InputError naming an
// unreadable one).
MaskSet resolveMaskSet(const std::vector<std::string>& stems, const std::filesystem::path& generatedDir,
                       const std::filesystem::path& editsDir, const ReviewFile& review,
                       const std::filesystem::path& reviewFile = {});

// {"generated": dir, "edits": dir, "review": file, "corrected": n, "generated_used": n, "added": n,
//  "excluded": n, "missing": n, "digest": hex, "corrected_stems": [...], "excluded_stems": [...]}
nlohmann::json maskSetJson(const MaskSet& set);

// What reviewers changed, over every corrected patch (an edit that is not rejected) that has a
// generated mask of the same size. Labels are 0..labelCount-1 (tissue classes then background).
struct ReviewSummary {
  int labelCount = 0;
  std::vector<std::string> labelNames;      // labelCount names
  std::vector<std::vector<std::int64_t>> confusion;  // [generated][corrected] pixel counts
  std::vector<std::int64_t> removed, added;  // per label: pixels that left it / joined it
  std::int64_t pixels = 0, changed = 0;      // over the compared patches
  int patches = 0;                           // compared patches
  int unchangedPatches = 0;                  // edits identical to the generated mask
  struct Patch {
    std::string stem;
    std::int64_t pixels = 0, changed = 0;
  };
  std::vector<Patch> perPatch;                // compared patches, by stem
  std::vector<std::string> skipped;           // "<stem>: reason" (no generated mask, ...)
};

// Compares edits/<stem>.png with generated/<stem>.png for every edit in `editsDir` whose review
// state is not rejected. A mask value ≥ labelCount or a size mismatch is an InputError naming the
// file. `labelNames` may be empty (then "0", "1", ... with the last named "background").
ReviewSummary summarizeReview(const std::filesystem::path& generatedDir, const std::filesystem::path& editsDir,
                              const ReviewFile& review, int labelCount,
                              const std::vector<std::string>& labelNames = {});

nlohmann::json reviewSummaryJson(const ReviewSummary& s);
// A short human-readable report: totals, per-class changes and the confusion matrix.
std::string reviewSummaryText(const ReviewSummary& s);

}  // namespace arml::data
