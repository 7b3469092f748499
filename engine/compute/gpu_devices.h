#pragma once
// The CUDA GPUs LibTorch sees, and their memory use, for `arml info`, `arml bench`, the app's device
// choosers and the trainers. Free of LibTorch types so that Qt code may include it. With a CPU-only
// LibTorch (Debian's) every list is empty and every figure 0.
#include <cstdint>
#include <string>
#include <vector>

namespace arml {

struct GpuInfo {
  int index = 0;
  std::string name;                // e.g. "NVIDIA H200"
  std::int64_t totalBytes = 0;     // device memory
  int computeMajor = 0, computeMinor = 0;
  bool bf16 = false;               // native bfloat16 matrix units (compute capability 8.0 and later)
};

// True when this LibTorch was built with CUDA (whether or not a GPU is present now).
bool libtorchHasCuda();

std::vector<GpuInfo> listGpus();

// The device index of "cuda" (0) or "cuda:N" (N); -1 for "cpu".
int cudaIndexOf(const std::string& device);

// Waits for the device's queued work, so that a timer read afterwards includes it. No-op on "cpu".
void synchronizeDevice(const std::string& device);

// Peak bytes held by LibTorch's CUDA allocator on the device since the last reset (0 on "cpu").
void resetPeakGpuMemory(const std::string& device);
std::int64_t peakGpuMemoryBytes(const std::string& device);

// Whether the device's autocast should use bfloat16 (true on CPU and on GPUs with bf16 units);
// false means float16 with gradient scaling.
bool deviceSupportsBf16(const std::string& device);

}  // namespace arml
