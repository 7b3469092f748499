#pragma once
// Which samples of a global batch a rank computes. A data-parallel step of W ranks must see the
// same samples as one process with the whole batch, so the global batch (the same seeded epoch
// order on every rank) is cut into W contiguous slices whose sizes differ by at most one; an
// uneven tail batch (5 samples on 2 ranks: 3 and 2, 1 sample on 2 ranks: 1 and 0) is cut the same
// way. Gradients are then weighted by slice / batch (distributed/gradient_reduction.h), which
// makes the sum over ranks the gradient of the whole batch's mean loss. LibTorch-free.
#include <cstdint>

namespace arml::distributed {

struct BatchSlice {
  std::int64_t begin = 0;  // index into the global batch
  std::int64_t size = 0;   // may be 0 on a tail batch smaller than the number of ranks
};

BatchSlice sliceOfBatch(std::int64_t batchSize, int rank, int worldSize);

}  // namespace arml::distributed
