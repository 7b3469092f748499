#pragma once
// Mixed precision for CAM inference: while a PrecisionGuard with bf16 = true lives, LibTorch's
// autocast runs convolutions and matrix products in bfloat16 on the given device type (CPU or
// CUDA) and keeps reductions/BatchNorm in float32. Not thread-safe across threads that share
// autocast state (autocast state is thread-local in LibTorch; create the guard on the computing thread).
#include <string>

namespace arml::cam {

class PrecisionGuard {
public:
  // precision: "fp32" (no-op) or "bf16"; device: "cpu", "cuda", "cuda:N". InputError otherwise.
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
