#include "compute/gpu_devices.h"

#include <torch/cuda.h>

#ifndef ARML_WITH_CUDA  // set by cmake/ArmlTorchCuda.cmake
#define ARML_WITH_CUDA 0
#endif

#if ARML_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace arml {

bool libtorchHasCuda() { return ARML_WITH_CUDA != 0; }

int cudaIndexOf(const std::string& device) {
  if (device.rfind("cuda", 0) != 0) return -1;
  const auto colon = device.find(':');
  return colon == std::string::npos ? 0 : std::stoi(device.substr(colon + 1));
}

std::vector<GpuInfo> listGpus() {
  std::vector<GpuInfo> out;
#if ARML_WITH_CUDA
  if (!torch::cuda::is_available()) return out;
  const int n = static_cast<int>(torch::cuda::device_count());
  for (int i = 0; i < n; ++i) {
    const cudaDeviceProp* p = at::cuda::getDeviceProperties(i);
    GpuInfo g;
    g.index = i;
    g.name = p->name;
    g.totalBytes = static_cast<std::int64_t>(p->totalGlobalMem);
    g.computeMajor = p->major;
    g.computeMinor = p->minor;
    g.bf16 = p->major >= 8;
    out.push_back(g);
  }
#endif
  return out;
}

void synchronizeDevice(const std::string& device) {
#if ARML_WITH_CUDA
  const int index = cudaIndexOf(device);
  if (index >= 0) torch::cuda::synchronize(index);
#else
  (void)device;
#endif
}

void resetPeakGpuMemory(const std::string& device) {
#if ARML_WITH_CUDA
  const int index = cudaIndexOf(device);
  if (index >= 0) c10::cuda::CUDACachingAllocator::resetPeakStats(index);
#else
  (void)device;
#endif
}

std::int64_t peakGpuMemoryBytes(const std::string& device) {
#if ARML_WITH_CUDA
  const int index = cudaIndexOf(device);
  if (index < 0) return 0;
  // allocated_bytes[0] is the aggregate over both pools in every LibTorch version.
  return c10::cuda::CUDACachingAllocator::getDeviceStats(index).allocated_bytes[0].peak;
#else
  (void)device;
  return 0;
#endif
}

bool deviceSupportsBf16(const std::string& device) {
  const int index = cudaIndexOf(device);
  if (index < 0) return true;
  for (const GpuInfo& g : listGpus())
    if (g.index == index) return g.bf16;
  return false;
}

}  // namespace arml
