#pragma once
// A flag that long loops poll between steps. Thread-safe; signal-safe to set (lock-free atomic).
#include <atomic>
#include <memory>

#include "core/errors.h"

namespace arml {

class CancelToken {
public:
  void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
  bool isCancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }
  void throwIfCancelled() const {
    if (isCancelled()) throw Cancelled();
  }
  void reset() noexcept { flag_.store(false, std::memory_order_relaxed); }

  // The process-wide token that SIGINT/SIGTERM set (see installCancelSignalHandlers).
  static CancelToken& global();

private:
  std::atomic<bool> flag_{false};
};

// SIGINT and SIGTERM set CancelToken::global() instead of killing the process, so that the job
// can save a checkpoint and exit with 130. A second signal of the same kind kills at once.
void installCancelSignalHandlers();

}  // namespace arml
