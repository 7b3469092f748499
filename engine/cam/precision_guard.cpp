#include "cam/precision_guard.h"

#include "compute/torch_compat.h"
#include "core/errors.h"

namespace arml::cam {

PrecisionGuard::PrecisionGuard(const std::string& precision, const std::string& device) {
  if (precision == "fp32") return;
  if (precision != "bf16" && precision != "fp16")
    throw InputError("--precision " + precision, "unknown precision (use fp32, bf16 or fp16)");
  cuda_ = device.rfind("cuda", 0) == 0;
  if (precision == "fp16" && !cuda_) throw InputError("--precision fp16", "needs a CUDA device (use bf16 on the CPU)");
  active_ = true;
  const c10::DeviceType type = cuda_ ? c10::DeviceType::CUDA : c10::DeviceType::CPU;
  previousEnabled_ = compat::autocastEnabled(type);
  compat::setAutocastDtype(type, precision == "fp16" ? at::kHalf : at::kBFloat16);
  compat::setAutocastEnabled(type, true);
  at::autocast::increment_nesting();
}

PrecisionGuard::~PrecisionGuard() {
  if (!active_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  compat::setAutocastEnabled(cuda_ ? c10::DeviceType::CUDA : c10::DeviceType::CPU, previousEnabled_);
}

}  // namespace arml::cam
