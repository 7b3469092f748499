#pragma once
// Dropout2d that data-parallel training can make rank-independent (issue #13). Inside a
// BatchSliceDropout scope the forward computes rows [begin, begin + N) of a global batch: the
// channel mask is drawn for the whole global batch (the same draw F::dropout2d makes for it) and cut
// to those rows, so N ranks with the same RNG state compute what one process computes on the whole
// batch. Outside a scope it is F::dropout2d itself. The scope is per thread.
#include <cstdint>

#include <ATen/core/Tensor.h>

namespace arml::models {

class BatchSliceDropout {
public:
  BatchSliceDropout(std::int64_t globalBatch, std::int64_t begin);
  ~BatchSliceDropout();
  BatchSliceDropout(const BatchSliceDropout&) = delete;
  BatchSliceDropout& operator=(const BatchSliceDropout&) = delete;
};

at::Tensor dropout2d(const at::Tensor& x, double p, bool training);

}  // namespace arml::models
