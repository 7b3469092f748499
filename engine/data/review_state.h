#pragma once
// The project's review.json: per training patch, the reviewer's verdict (unreviewed, accepted,
// corrected, rejected, flagged), a note, who and when, plus where the reviewer stopped. The GUI
// and the CLI share it (arml_data, LibTorch- and Qt-free).
//
//   {"format": 1, "cursor": "<stem>", "mask_set": "<optional project-relative folder>",
//    "patches": {"<stem>": {"state": "corrected", "note": "", "reviewer": "", "time": "ISO-8601",
//                           "image": "<optional project-relative path>", "classes": [0, 2]}}}
//
// A stem not listed is unreviewed. Unknown keys are ignored on load and not kept.
//
// Names in the file become parts of paths (edits/<stem>.png, the project's <image>), so they are
// checked (core/safe_path.h): a key or cursor must be a plain file name, an image a relative path
// without '..'. A file breaking that is refused as a whole with InputError naming it and the entry,
// like any other bad entry; set()/put()/setNote() refuse such names the same way.
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace arml::data {

enum class ReviewState { Unreviewed, Accepted, Corrected, Rejected, Flagged };
inline constexpr int kReviewStateCount = 5;

// "unreviewed", "accepted", ...
const char* reviewStateName(ReviewState s);
// The inverse of reviewStateName; nullopt for any other text.
std::optional<ReviewState> parseReviewState(const std::string& name);

struct PatchReview {
  ReviewState state = ReviewState::Unreviewed;
  std::string note;
  std::string reviewer;
  std::string time;             // ISO-8601 UTC of the last change
  std::string image;            // optional, relative to the project (patches not in the dataset)
  std::vector<int> classes;     // optional patch-level label indices
  bool hasClasses = false;      // `classes` was given (an empty list is a valid label: none)
};

class ReviewFile {
public:
  static constexpr int kFormat = 1;

  // A missing file is an empty review (everything unreviewed). A file that is not valid JSON, has
  // another format or a bad entry throws InputError naming the file; it is never reset silently.
  static ReviewFile load(const std::filesystem::path& path);
  // Written atomically (temp file + rename); throws RuntimeFailure naming the file on I/O errors.
  void save(const std::filesystem::path& path) const;

  std::string toJson() const;
  // Parses the text of a review file; `origin` names it in error messages.
  static ReviewFile fromJson(const std::string& text, const std::string& origin);

  // Unreviewed with an empty note for a stem not listed.
  PatchReview get(const std::string& stem) const;
  ReviewState state(const std::string& stem) const { return get(stem).state; }
  // Sets state and note; stamps `reviewer` and the current UTC time.
  void set(const std::string& stem, ReviewState state, const std::string& note = {},
           const std::string& reviewer = {});
  // Replaces the whole entry as given (time is kept as given, or stamped now when empty).
  void put(const std::string& stem, PatchReview review);
  void setNote(const std::string& stem, const std::string& note);
  // Drops the entry: the stem becomes unreviewed.
  void erase(const std::string& stem) { patches_.erase(stem); }

  const std::map<std::string, PatchReview>& patches() const { return patches_; }

  // Patches per state over `stems` (the dataset's training stems; stems not listed count as
  // unreviewed). Without `stems`, over the entries of the file only.
  std::array<int, kReviewStateCount> counts(const std::vector<std::string>& stems) const;
  std::array<int, kReviewStateCount> counts() const;

  const std::string& cursor() const { return cursor_; }
  void setCursor(const std::string& stem) { cursor_ = stem; }
  // The generated-mask folder under review ("mask_set", relative to the project, e.g.
  // "runs/<id>/masks/bn7"); empty: not chosen yet. A path leaving the project is refused.
  const std::string& maskSet() const { return maskSet_; }
  void setMaskSet(const std::string& relativeFolder);

private:
  std::map<std::string, PatchReview> patches_;
  std::string cursor_;
  std::string maskSet_;
};

// Now as "YYYY-MM-DDThh:mm:ssZ".
std::string isoTimeUtcNow();

}  // namespace arml::data
