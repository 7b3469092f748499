#include "distributed/batch_shard.h"

#include <algorithm>

#include "core/errors.h"

namespace arml::distributed {

BatchSlice sliceOfBatch(std::int64_t batchSize, int rank, int worldSize) {
  if (worldSize < 1 || rank < 0 || rank >= worldSize || batchSize < 0)
    throw RuntimeFailure("sliceOfBatch: rank " + std::to_string(rank) + " of " + std::to_string(worldSize) +
                         ", batch " + std::to_string(batchSize));
  const std::int64_t base = batchSize / worldSize;
  const std::int64_t extra = batchSize % worldSize;  // the first `extra` ranks take one more
  BatchSlice s;
  s.size = base + (rank < extra ? 1 : 0);
  s.begin = rank * base + std::min<std::int64_t>(rank, extra);
  return s;
}

}  // namespace arml::distributed
