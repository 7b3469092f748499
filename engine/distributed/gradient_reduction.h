#pragma once
// One training step's gradient all-reduce, overlapped with backward as in PyTorch's DDP: the
// parameters are split into buckets of about the group's bucketBytes (the first one 1 MiB at most), in
// reverse order (the order in which backward produces their gradients), and a hook on each parameter's gradient accumulator
// starts its bucket's all-reduce as soon as the bucket's last gradient is ready, while backward goes
// on with the earlier layers. finish() starts the buckets that backward did not complete, waits for
// all of them and writes the sums back.
//
// Every parameter's gradient becomes the sum over ranks of grad · localSamples / globalSamples: the
// gradient of the global batch's mean loss when each rank's loss is the mean over its own slice
// (batch_shard.h). Parameters without a gradient are left without one. Every rank must run the same
// graph (the same parameters get gradients in the same order), as every trainer here does; the
// collectives are then started in the same order on every rank.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <ATen/core/Tensor.h>

namespace arml::distributed {

class DataParallelGroup;

class GradientReduction {
public:
  // Arms the hooks: construct before backward, call finish() after it. Parameters that do not require
  // gradients are skipped.
  GradientReduction(DataParallelGroup& group, const std::vector<at::Tensor>& params, std::int64_t localSamples,
                    std::int64_t globalSamples);
  ~GradientReduction();  // removes the hooks; a reduction not finished leaves the gradients as they were
  GradientReduction(const GradientReduction&) = delete;
  GradientReduction& operator=(const GradientReduction&) = delete;

  void finish();

  std::size_t bucketCount() const;
  // Buckets whose all-reduce backward started (the rest were started by finish()).
  std::size_t bucketsStartedDuringBackward() const;

private:
  struct State;
  struct ReadyHook;
  struct Hooks;
  std::shared_ptr<State> state_;  // shared with the hooks
  std::unique_ptr<Hooks> hooks_;
};

}  // namespace arml::distributed
