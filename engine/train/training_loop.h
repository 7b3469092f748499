#pragma once
// The run-folder and epoch skeleton both trainers share (stage 1, stage 2; issue #14):
//   resume   — with options.resume and a checkpoints/last.pt written with the same configuration:
//              the trainer restores its state (Hooks::restore), then the loop takes the saved epoch and
//              step in that epoch ("step_in_epoch"), restores the torch RNG state and metrics.csv, and
//              emits a "resume" event. A last.pt from another configuration is refused (InputError)
//              before anything in the run folder changes.
//   run folder — checkpoints/, config.json (run/run_files.h), metrics.csv: one row per epoch, rewritten
//              atomically after each (appendMetricsRow).
//   epochs   — per epoch: loader.startEpoch(epoch), Hooks::beginEpoch, then up to stepsPerEpoch batches:
//              the first step_in_epoch of a resumed epoch are drawn and skipped (batch order and
//              augmentation are seeded per epoch, so the rest are the batches an uninterrupted run
//              sees), the others go to Hooks::step; then Hooks::endEpoch (validation, last.pt,
//              metrics row, events — in the trainer's order).
//   cancel   — Cancelled anywhere in the loop writes last.pt through Hooks::saveLast for the step to
//              redo (during validation: the epoch's steps are all skipped on resume) and rethrows.
//   out of memory — rethrown as RuntimeFailure with outOfMemoryMessage (train/training_device.h).
//   data parallel (issue #13; options.dataParallel set): every rank runs the loop over the same seeded
//              batches (the trainer computes its slice of each, distributed/batch_shard.h); rank 0 alone
//              writes the run folder (config.json, metrics.csv; the trainer's saveLast asks
//              writesRunFolder()) and its events. Every rank reads last.pt to resume (the run folder must be
//              on a file system all ranks share) and they check that they resume at the same point; a
//              cancel (SIGINT/SIGTERM reach the ranks at different moments) is agreed on by all ranks
//              before each step, so all stop at the same step and rank 0 writes last.pt. The checkpoint
//              holds no per-rank state: a run resumes with any number of ranks.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <c10/core/Device.h>
#include <nlohmann/json.hpp>

#include "core/cancel_token.h"
#include "core/event_sink.h"
#include "models/checkpoint.h"
#include "run/run_layout.h"

namespace arml::distributed {
class DataParallelGroup;
}

namespace arml::data {
struct Batch;
class BatchLoader;
}  // namespace arml::data

namespace arml::train {

class PolyOptimizer;

struct TrainingLoopOptions {
  std::string stage;           // "stage1" | "stage2": the "stage" of events
  std::string stageLabel;      // "stage 1": messages
  std::filesystem::path runDir;
  std::string metricsHeader;   // first line of metrics.csv (run/run_files.h)
  int epochs = 1;
  std::int64_t stepsPerEpoch = 1;
  bool resume = true;
  std::string resumeOffHint;   // how a user turns resume off, e.g. "drop --resume" (refusal message)
  std::string device;          // for the out-of-memory message
  int batchSize = 1;
  std::string batchSetting;    // e.g. "the batch size (--batch, stage1.batch)"
  distributed::DataParallelGroup* dataParallel = nullptr;  // not owned; null: one process
};

class TrainingLoop {
public:
  struct Hooks {
    // Restores the trainer's state (model, optimizer, its own meta) from last.pt; resume only.
    std::function<void(const models::Checkpoint& last)> restore;
    // Writes checkpoints/last.pt (and what belongs with it) to resume at (epoch, stepInEpoch).
    std::function<void(int epoch, std::int64_t stepInEpoch)> saveLast;
    std::function<void(int epoch)> beginEpoch;
    // One optimiser step on batch i (0-based) of the epoch.
    std::function<void(int epoch, std::int64_t i, data::Batch& batch)> step;
    std::function<void(int epoch)> endEpoch;
  };

  TrainingLoop(TrainingLoopOptions options, EventSink& events);

  // Resume (when asked for and last.pt exists) and then the run folder: checkpoints/ and config.json.
  void begin(const nlohmann::json& config, const Hooks& hooks);
  // The epochs from the resumed epoch (or 0) to options.epochs.
  void run(data::BatchLoader& loader, const Hooks& hooks, const CancelToken& cancel);

  // Appends one line (with its '\n') to metrics.csv and rewrites the file atomically.
  void appendMetricsRow(const std::string& row);
  // Seconds since the current epoch started (before loader.startEpoch).
  double epochSeconds() const;

  // False on the ranks other than 0 of a data-parallel job: they write nothing.
  bool writesRunFolder() const;

  bool resumed() const { return resumed_; }
  int startEpoch() const { return startEpoch_; }
  const run::RunLayout& layout() const { return layout_; }
  const std::filesystem::path& lastCheckpoint() const { return last_; }

private:
  void checkRanksResumeAlike() const;
  void throwIfAnyRankCancelled(const CancelToken& cancel) const;

  TrainingLoopOptions o_;
  EventSink& events_;
  run::RunLayout layout_;
  std::filesystem::path last_;
  std::string metricsCsv_;
  bool resumed_ = false;
  int startEpoch_ = 0;
  std::int64_t skipSteps_ = 0;
  std::chrono::steady_clock::time_point epochStart_;
};

// A checkpoint of training state: `model`, the momentum buffers ("momentum_buffer/<name>") and global
// step of `optimizer` (when not null), `epoch`, the torch RNG state, `meta` plus "step_in_epoch".
models::Checkpoint trainingCheckpoint(models::StateDict model, const PolyOptimizer* optimizer, int epoch,
                                      std::int64_t stepInEpoch, nlohmann::json meta);
// Restores what trainingCheckpoint saved of an optimizer (buffers moved to `device`, global step).
// InputError naming `source` for a buffer of an unknown parameter.
void restoreOptimizer(PolyOptimizer& optimizer, const models::Checkpoint& checkpoint, const c10::Device& device,
                      const std::filesystem::path& source);

}  // namespace arml::train
