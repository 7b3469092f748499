#pragma once
// What a project's runs are, read from their own files: the read side the app uses for its run
// history, checkpoint pickers and mask-set lists. LibTorch-free; nothing here writes.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/run_files.h"

namespace arml::run {

// finished: the run's final files exist (summary.json, checkpoints/final.pt or test_metrics.json),
//           or job.json says so;
// running / failed / stopped: job.json (the app's record) says so;
// incomplete: started by the CLI alone and not finished (stopped, crashed or still running elsewhere).
enum class RunStatus { Finished, Running, Failed, Stopped, Incomplete };
std::string runStatusName(RunStatus status);  // "finished", "running", "failed", "stopped", "incomplete"

// best: the model to use (stage 1: its final model; stage 2: best validation epoch, or the kept
// checkpoints/stage<N>.pt of a pipeline); last: the newest epoch checkpoint (what --resume reads).
enum class CheckpointRole { Best, Last };

struct RunCheckpointFile {
  int stage = 0;  // 1 or 2
  CheckpointRole role = CheckpointRole::Best;
  std::filesystem::path path;
};

struct RunHeadline {
  std::string scope;  // "test" or "best val"
  double miou = NAN;
};

struct RunInfo {
  std::string id;
  std::filesystem::path dir;
  RunKind kind = RunKind::Unknown;  // from config.json, else job.json's "kind"
  RunStatus status = RunStatus::Incomplete;
  std::vector<RunCheckpointFile> checkpoints;  // existing files only, stage 1 before 2, best before last
  std::vector<std::string> maskSets;           // names of the folders under masks/, sorted
  std::optional<RunHeadline> headline;         // test mIoU if present, else best val mIoU (from `metrics`)
  nlohmann::json settings;                     // config.json's resolved settings, else job.json's "settings"
  std::filesystem::path settingsFile;          // the file `settings` came from; empty when none
  nlohmann::json job;                          // job.json, else an older app's record in config.json, or null
  // The final numbers the run's own files hold, NaN where a file says null or nan:
  //   summary.json: stage1_cam_miou, pseudo_mask_miou, stage2_best_val_miou, stage2_test_miou;
  //   a pipeline's metrics.csv: "<stage>/<split>/<metric>";
  //   a trainer's metrics.csv: its last epoch's finite values as "last_epoch/<column>" (not the
  //   bookkeeping columns, run_files.h) and its best val_miou as "best_epoch/val_miou", which the
  //   app's job-metrics.csv gives too (the larger wins);
  //   test_metrics.json: "test/mean_iou".
  std::map<std::string, double> metrics;
  // One message per malformed file (each names the file and the problem); what could be read is
  // filled in all the same.
  std::vector<std::string> problems;

  // The checkpoint of a stage and role, or "" when the run has none.
  std::filesystem::path checkpoint(int stage, CheckpointRole role) const;
};

// The app's record of the job: job.json, else an older app's record in config.json (see
// RunConfig::legacyJob); null when the folder has neither. A malformed file adds a message to
// `problems` (when given) and is passed over.
nlohmann::json readJobRecord(const std::filesystem::path& runDir, std::vector<std::string>* problems = nullptr);

// True when the folder holds any file that makes it a run (config.json, job.json or events.jsonl).
bool isRunFolder(const std::filesystem::path& dir);
// One run. Never throws for a malformed file (see RunInfo::problems).
RunInfo readRun(const std::filesystem::path& runDir);
// Every run under <project>/runs, sorted by id; none when the folder is absent.
std::vector<RunInfo> listRuns(const std::filesystem::path& project);

}  // namespace arml::run
