#include "compute/compute.h"

#include <thread>

#include <opencv2/core.hpp>
#include <torch/cuda.h>
#include <ATen/Parallel.h>
#include <torch/types.h>
#include <torch/version.h>

#include "core/errors.h"

namespace arml {

void setComputeThreads(int n) {
  if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(n);
  cv::setNumThreads(n);
}

std::string resolveDeviceName(const std::string& requested) {
  if (requested.empty() || requested == "auto") return torch::cuda::is_available() ? "cuda" : "cpu";
  if (requested == "cpu") return requested;
  if (requested.rfind("cuda", 0) == 0) {
    if (!torch::cuda::is_available())
      throw InputError("--device " + requested + ": this LibTorch build sees no CUDA device (use --device cpu or auto)");
    return requested;
  }
  throw InputError("--device " + requested + ": expected auto, cpu or cuda[:N]");
}

std::string engineVersionSummary() {
  return std::string("LibTorch ") + TORCH_VERSION + ", OpenCV " + CV_VERSION + ", device " +
         (torch::cuda::is_available() ? "cuda (" + std::to_string(torch::cuda::device_count()) + " GPU)" : std::string("cpu")) +
         ", " + std::to_string(at::get_num_threads()) + " threads";
}

}  // namespace arml
