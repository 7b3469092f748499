#pragma once
// The one place where ARML Studio branches on the LibTorch version (Debian 12 ships 1.13, Debian 13
// 2.6, a CUDA workstation may have a newer one). Engine .cpp files only: it includes LibTorch.
#include <ATen/autocast_mode.h>
#include <torch/version.h>

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define ARML_TORCH_DEVICE_AUTOCAST_API 1  // at::autocast::*_autocast_*(DeviceType, ...), 2.4 on
#else
#define ARML_TORCH_DEVICE_AUTOCAST_API 0  // set_enabled / set_cpu_enabled, gone after 2.x
#endif

// c10d's TCPStoreOptions::useLibUV (2.3 on) defaults to true from 2.4, and a LibTorch built without
// libuv (Debian 13's) then refuses every store: engine/distributed turns it off.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define ARML_TCPSTORE_HAS_LIBUV_OPTION 1
#else
#define ARML_TCPSTORE_HAS_LIBUV_OPTION 0
#endif

namespace arml::compat {

inline bool autocastEnabled(c10::DeviceType type) {
#if ARML_TORCH_DEVICE_AUTOCAST_API
  return at::autocast::is_autocast_enabled(type);
#else
  return type == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

inline void setAutocastEnabled(c10::DeviceType type, bool enabled) {
#if ARML_TORCH_DEVICE_AUTOCAST_API
  at::autocast::set_autocast_enabled(type, enabled);
#else
  if (type == c10::DeviceType::CUDA)
    at::autocast::set_enabled(enabled);
  else
    at::autocast::set_cpu_enabled(enabled);
#endif
}

inline at::ScalarType autocastDtype(c10::DeviceType type) {
#if ARML_TORCH_DEVICE_AUTOCAST_API
  return at::autocast::get_autocast_dtype(type);
#else
  return type == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
#endif
}

inline void setAutocastDtype(c10::DeviceType type, at::ScalarType dtype) {
#if ARML_TORCH_DEVICE_AUTOCAST_API
  at::autocast::set_autocast_dtype(type, dtype);
#else
  if (type == c10::DeviceType::CUDA)
    at::autocast::set_autocast_gpu_dtype(dtype);
  else
    at::autocast::set_autocast_cpu_dtype(dtype);
#endif
}

}  // namespace arml::compat
