#pragma once
// Mixed precision: while a PrecisionGuard for "bf16" (CPU or CUDA) or "fp16" (CUDA only) lives,
// LibTorch's autocast runs convolutions and matrix products in that type on the given device type
// and keeps reductions/BatchNorm in float32. fp16 training also needs loss scaling
// (train/training_device.h). Not thread-safe across threads that share
// autocast state (autocast state is thread-local in LibTorch; create the guard on the computing thread).
#include <string>

namespace arml::cam {

class PrecisionGuard {
public:
  // precision: "fp32" (no-op), "bf16" or "fp16"; device: "cpu", "cuda", "cuda:N". InputError otherwise.
  PrecisionGuard(const std::string& precision, const std::string& device);
  ~PrecisionGuard();
  PrecisionGuard(const PrecisionGuard&) = delete;
  PrecisionGuard& operator=(const PrecisionGuard&) = delete;

private:
  bool active_ = false;
  bool cuda_ = false;
  bool previousEnabled_ = false;
};

}  // namespace arml::cam
