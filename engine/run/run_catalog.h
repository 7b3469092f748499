#pragma once
// What a project's runs are, read from their own files: the read side the app uses for its run
// history, checkpoint pickers and mask-set lists. LibTorch-free; nothing here writes.
#include <filesystem>
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
  std::optional<RunHeadline> headline;         // test mIoU if present, else best val mIoU
  nlohmann::json settings;                     // config.json's resolved settings, else job.json's "settings"
  nlohmann::json job;                          // job.json, or null
  // One message per malformed file (each names the file and the problem); what could be read is
  // filled in all the same.
  std::vector<std::string> problems;

  // The checkpoint of a stage and role, or "" when the run has none.
  std::filesystem::path checkpoint(int stage, CheckpointRole role) const;
};

// True when the folder holds any file that makes it a run (config.json, job.json or events.jsonl).
bool isRunFolder(const std::filesystem::path& dir);
// One run. Never throws for a malformed file (see RunInfo::problems).
RunInfo readRun(const std::filesystem::path& runDir);
// Every run under <project>/runs, sorted by id; none when the folder is absent.
std::vector<RunInfo> listRuns(const std::filesystem::path& project);

}  // namespace arml::run
