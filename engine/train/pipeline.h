#pragma once
// The whole ARML job in one run folder (`arml pipeline`, `arml demo`):
//   data (optional derived-label set) → stage 1 → CAM evaluation (§2.7) → pseudo masks (§3)
//   → stage 2 (§4) with its final test evaluation (§6).
//
// RUN/
//   config.json     resolved settings (train/pipeline_config.h) + software versions
//   state.json      finished stages and their results (written after each stage)
//   events.jsonl    is the caller's (the CLI tees its events there)
//   metrics.csv     stage,split,metric,value — the headline numbers of every stage
//   summary.json    the same as JSON, plus paths and wall time (written at the end)
//   data/           the derived training set (links), with --derive-labels-from-masks
//   stage1/         stage-1 run folder (checkpoints/, metrics.csv, cam_test_metrics.json)
//   masks/<layer>/  pseudo masks;  masks/summary.json, masks/<layer>_vs_truth.json
//   stage2/         stage-2 run folder (checkpoints/, metrics.csv, test_metrics.{json,csv})
//   checkpoints/    stage1.pt and stage2.pt: the two models a user keeps (hard links)
// Re-running with the same settings continues where it stopped: finished stages are skipped, the
// trainers resume at their last epoch checkpoint, finished pseudo masks are kept. Different
// result-relevant settings in an existing run folder are refused (InputError).
// Data parallel (issue #13): every rank of `dataParallel` calls runPipeline; the two trainings run
// data-parallel, every other step runs on rank 0 while the others wait for it (no timeout), and only
// rank 0 writes in the run folder. All ranks read the finished stages from rank 0's state.json.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/cancel_token.h"
#include "core/event_sink.h"

namespace arml::distributed {
class DataParallelGroup;
}

namespace arml::train {

// `software`: versions to record in config.json. Returns the summary (also written to summary.json);
// null on ranks other than 0. `dataParallel`: not owned; null: one process.
nlohmann::json runPipeline(const nlohmann::json& config, const std::filesystem::path& runDir,
                           const nlohmann::json& software, const CancelToken& cancel, EventSink& events,
                           distributed::DataParallelGroup* dataParallel = nullptr);

}  // namespace arml::train
