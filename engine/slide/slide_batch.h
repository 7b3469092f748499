#pragma once
// Slide batches for a workstation or a cluster: the list of slides, the share of it that one job of an
// array takes (--shard K/N, or Slurm's SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT), and the
// manifest that records what became of each slide. No LibTorch: `arml predict --input-list` runs them.
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace arml::slide {

// Exit code of a batch that finished but in which some slides failed (they are in the manifest).
constexpr int kExitSomeSlidesFailed = 4;

struct Shard {
  int index = 0;  // K, from 0
  int count = 1;  // N
};

// "K/N" with 0 <= K < N. Throws InputError naming `option`.
Shard parseShard(const std::string& text, const std::string& option = "--shard");

// The shard of a Slurm job array task: SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN (0 when unset)
// of SLURM_ARRAY_TASK_COUNT; nullopt outside a job array. Throws InputError when the values disagree.
using GetEnv = std::function<const char*(const char*)>;
std::optional<Shard> shardFromSlurm(const GetEnv& getenv = [](const char* name) { return std::getenv(name); });

// One slide per line; blank lines and lines starting with '#' are skipped; relative paths are relative to
// the list's folder. Throws InputError naming the list for an unreadable or empty list, and naming both
// lines for two slides with the same file stem (their outputs, <stem>.tiff, would be one file).
std::vector<std::filesystem::path> readSlideList(const std::filesystem::path& listFile);

// Every N-th slide of the list, starting at the K-th: the shards of a list together hold each slide once.
std::vector<std::filesystem::path> slidesOfShard(const std::vector<std::filesystem::path>& slides, Shard shard);

struct ManifestRow {
  std::string slide;   // the slide's path as resolved from the list
  std::string status;  // "done" (this run), "done-earlier" (a previous run of this batch), "failed"
  double seconds = 0;
  long tiles = 0;      // tiles sent through the network in this run
  std::string error;   // the message, for "failed"
};

// The batch's record, OUT/manifest.csv (manifest-shard-K-of-N.csv for a shard) with the columns
// slide,status,seconds,tiles,error. It is rewritten atomically after every slide, so a killed batch keeps
// the rows of the slides it finished, and a rerun reads it back to skip what is done.
class BatchManifest {
 public:
  static std::filesystem::path pathFor(const std::filesystem::path& outDir, const std::optional<Shard>& shard);

  // Reads the file when it exists (throws InputError naming it when it is not a manifest).
  explicit BatchManifest(std::filesystem::path file);

  const std::filesystem::path& file() const { return file_; }
  const std::vector<ManifestRow>& rows() const { return rows_; }
  const ManifestRow* find(const std::string& slide) const;
  void record(const ManifestRow& row);  // replaces the slide's row (or appends it), then writes the file

 private:
  std::filesystem::path file_;
  std::vector<ManifestRow> rows_;
};

}  // namespace arml::slide
