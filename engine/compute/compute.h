#pragma once
// Compute settings shared by every command: worker threads and device choice.
// Kept free of LibTorch types so that Qt code may include it.
#include <string>

namespace arml {

// Sets LibTorch's intra-op threads (and OpenCV's) to n; n <= 0 means all cores.
// Debian's LibTorch starts with 1 thread, which is ~1.85x slower on 2 cores.
void setComputeThreads(int n);

// "auto" -> "cuda" when LibTorch sees a CUDA device, else "cpu". "cuda" without a device is an
// InputError. Returns the resolved name: "cpu" or "cuda" (or "cuda:N" as given).
std::string resolveDeviceName(const std::string& requested);

// One line describing LibTorch/OpenCV versions and the compute device, for --version and About.
std::string engineVersionSummary();

}  // namespace arml
