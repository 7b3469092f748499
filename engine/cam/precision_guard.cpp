#include "cam/precision_guard.h"

#include <ATen/autocast_mode.h>

#include "core/errors.h"

namespace arml::cam {

PrecisionGuard::PrecisionGuard(const std::string& precision, const std::string& device) {
  if (precision == "fp32") return;
  if (precision != "bf16") throw InputError("--precision " + precision, "unknown precision (use fp32 or bf16)");
  cuda_ = device.rfind("cuda", 0) == 0;
  active_ = true;
  if (cuda_) {
    previousEnabled_ = at::autocast::is_enabled();
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
  } else {
    previousEnabled_ = at::autocast::is_cpu_enabled();
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(true);
  }
  at::autocast::increment_nesting();
}

PrecisionGuard::~PrecisionGuard() {
  if (!active_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  if (cuda_)
    at::autocast::set_enabled(previousEnabled_);
  else
    at::autocast::set_cpu_enabled(previousEnabled_);
}

}  // namespace arml::cam
