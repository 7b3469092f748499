#pragma once
// Every path of a run folder, in one place. The pipeline (`arml pipeline`, `arml demo`), the two
// trainers (`arml train-cls`, `arml train-seg`) and the app name run files only through this class.
//
// RUN/                       (a pipeline run; a trainer run has the files marked "trainer")
//   config.json              resolved settings: {"config": …, "software": …} (pipeline),
//                            or a flat object with "stage": "stage1"|"stage2" (trainer)
//   state.json               pipeline: finished stages and their results
//   summary.json             pipeline: headline numbers, paths and wall time (written at the end)
//   metrics.csv              pipeline: stage,split,metric,value; trainer: one row per epoch
//   events.jsonl             progress events the CLI tees into the run
//   job.json                 the app's record of the job it started (kind, state, settings);
//                            an older app wrote that record into config.json instead
//   job-metrics.csv          the app's epoch rows of the job: stage,epoch,<metric columns>
//   test_metrics.json|.csv   trainer (stage 2): the final test evaluation
//   val_metrics.json         trainer (stage 2): the validation report of the best epoch
//   cam_test_metrics.json    stage-1 run inside a pipeline: CAM quality on the test split
//   checkpoints/             last.pt, best.pt, final.pt, last-peer<k>.pt (trainer);
//                            stage1.pt, stage2.pt (pipeline: the two models a user keeps)
//   data/                    pipeline: derived training set
//   stage1/, stage2/         pipeline: the trainers' own run folders
//   masks/<name>/            pipeline: one pseudo-mask set per name (e.g. bn7);
//                            masks/summary.json, masks/<name>_vs_truth.json
#include <filesystem>
#include <string>

namespace arml::run {

class RunLayout {
public:
  explicit RunLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::string id() const;  // the folder's name

  std::filesystem::path config() const { return root_ / "config.json"; }
  std::filesystem::path state() const { return root_ / "state.json"; }
  std::filesystem::path summary() const { return root_ / "summary.json"; }
  std::filesystem::path metrics() const { return root_ / "metrics.csv"; }
  std::filesystem::path events() const { return root_ / "events.jsonl"; }
  std::filesystem::path job() const { return root_ / "job.json"; }
  std::filesystem::path jobMetrics() const { return root_ / "job-metrics.csv"; }
  std::filesystem::path testMetricsJson() const { return root_ / "test_metrics.json"; }
  std::filesystem::path testMetricsCsv() const { return root_ / "test_metrics.csv"; }
  std::filesystem::path valMetricsJson() const { return root_ / "val_metrics.json"; }
  std::filesystem::path camTestMetrics() const { return root_ / "cam_test_metrics.json"; }

  std::filesystem::path checkpoints() const { return root_ / "checkpoints"; }
  std::filesystem::path lastCheckpoint() const { return checkpoints() / "last.pt"; }
  std::filesystem::path bestCheckpoint() const { return checkpoints() / "best.pt"; }
  std::filesystem::path finalCheckpoint() const { return checkpoints() / "final.pt"; }
  // Stage 2 with independent peers: the last checkpoint of peer k (1-based; the leader is last.pt).
  std::filesystem::path peerLastCheckpoint(int peer) const;
  // Pipeline: the kept model of stage 1 or 2 (checkpoints/stage<N>.pt).
  std::filesystem::path keptModel(int stage) const;

  // Pipeline: the run folder of the stage-1 or stage-2 trainer inside this run.
  RunLayout stageRun(int stage) const;
  std::filesystem::path derivedData() const { return root_ / "data"; }
  std::filesystem::path masks() const { return root_ / "masks"; }
  std::filesystem::path maskSet(const std::string& name) const { return masks() / name; }
  std::filesystem::path masksSummary() const { return masks() / "summary.json"; }
  std::filesystem::path maskSetVsTruth(const std::string& name) const { return masks() / (name + "_vs_truth.json"); }

private:
  std::filesystem::path root_;
};

// A project's runs folder: <project>/runs.
std::filesystem::path projectRunsDir(const std::filesystem::path& project);

}  // namespace arml::run
