#pragma once
// A data-parallel job's communication, on LibTorch's c10d: rendezvous through a TCPStore served
// by rank 0 (MASTER_ADDR:MASTER_PORT), then ProcessGroupGloo (CPU tensors) and ProcessGroupNCCL (CUDA
// tensors, where the LibTorch has NCCL). Every collective is bounded by the world's timeout: a rank that
// died or hangs ends the others with a RuntimeFailure naming the rank and the operation instead
// of a hang. As PyTorch's DDP: the initial weights are broadcast from rank 0, gradients are
// all-reduced in buckets during backward (gradient_reduction.h); BatchNorm statistics stay per replica.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "distributed/world_spec.h"

namespace arml::distributed {

class DataParallelGroup {
public:
  // Blocks until all ranks have joined (or the timeout passes: RuntimeFailure).
  explicit DataParallelGroup(const WorldSpec& world);
  ~DataParallelGroup();
  DataParallelGroup(const DataParallelGroup&) = delete;
  DataParallelGroup& operator=(const DataParallelGroup&) = delete;

  const WorldSpec& world() const { return world_; }

  // Rank 0's values copied into every rank's tensors, in place (initial weights and buffers).
  void broadcastFromRankZero(const std::vector<at::Tensor>& tensors);

  // An element-wise sum over ranks started in the background (gradient buckets, gradient_reduction.h):
  // wait() blocks until the tensor holds the sum, and fails as every collective here does, naming `what`.
  class PendingSum {
  public:
    void wait();

  private:
    friend class DataParallelGroup;
    struct Work;
    std::shared_ptr<Work> work_;
  };
  PendingSum startSum(const at::Tensor& tensor, std::string what);

  // Element-wise sums over ranks, in place (metrics, sample counts).
  void sumInPlace(const std::vector<at::Tensor>& tensors);

  void barrier();

  // Runs `step` on rank 0 only (writing the run folder's files, say) while the other ranks wait
  // for it however long it takes: they poll a store key instead of a collective, so the world's
  // timeout does not bound the step. A step that throws on rank 0 is rethrown there and ends the
  // waiting ranks with a RuntimeFailure naming the step; so does rank 0 dying (its store closes).
  // Every rank calls it with the same name, once per name in a job. Rank 0's store must outlive
  // the others' reading of the key: end a job's last step with a barrier. (A rank 0 that fails and
  // exits at once may be seen as "rank 0 stopped" rather than as its message.)
  void runOnRankZero(const std::string& name, const std::function<void()>& step);

  // Whether `flag` is true on any rank (every rank gets the same answer): decisions that must be
  // taken in lockstep, such as stopping after a cancel that reached the ranks at different steps.
  bool anyRank(bool flag);

  // SyncBN (--sync-batch-norm): the trainers normalise BatchNorm with the statistics of the whole global
  // batch, exchanged through sumInPlace (models/batch_norm.h); off, each rank uses its own slice's, as DDP.
  bool syncBatchNorm() const { return syncBatchNorm_; }
  void setSyncBatchNorm(bool on) { syncBatchNorm_ = on; }

  // The size of GradientReduction's buckets.
  static constexpr std::int64_t kDefaultBucketBytes = 25 << 20;  // PyTorch DDP's default
  std::int64_t bucketBytes() const { return bucketBytes_; }
  void setBucketBytes(std::int64_t bytes) { bucketBytes_ = bytes; }

private:
  struct Backend;
  WorldSpec world_;
  std::int64_t bucketBytes_ = kDefaultBucketBytes;
  bool syncBatchNorm_ = false;
  std::unique_ptr<Backend> backend_;
};

}  // namespace arml::distributed
