#include <chrono>
#include <ctime>

#include <ATen/Parallel.h>

#include "bench.h"
#include "compute/gpu_devices.h"
#include "core/resources.h"

namespace arml::cli {

StepTiming timeSteps(int iterations, const std::function<void(int)>& step, const std::string& device) {
  step(0);
  synchronizeDevice(device);
  resetPeakRss();
  resetPeakGpuMemory(device);
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  for (int i = 1; i <= iterations; ++i) step(i);
  synchronizeDevice(device);
  StepTiming t;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  t.cpuSeconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
  return t;
}

nlohmann::json benchRow(const char* what, const std::string& precision, int batch, int iterations,
                        const std::string& device) {
  nlohmann::json row = {{"what", what},         {"precision", precision},           {"batch", batch},
                        {"iterations", iterations}, {"device", device},           {"threads", at::get_num_threads()},
                        {"peak_rss_mb", peakRssMb()}};
  if (cudaIndexOf(device) >= 0) row["peak_gpu_mb"] = static_cast<double>(peakGpuMemoryBytes(device)) / (1 << 20);
  return row;
}

}  // namespace arml::cli
