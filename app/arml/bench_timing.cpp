#include <chrono>
#include <ctime>

#include <ATen/Parallel.h>

#include "bench.h"
#include "core/resources.h"

namespace arml::cli {

StepTiming timeSteps(int iterations, const std::function<void(int)>& step) {
  step(0);
  resetPeakRss();
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  for (int i = 1; i <= iterations; ++i) step(i);
  StepTiming t;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  t.cpuSeconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
  return t;
}

nlohmann::json benchRow(const char* what, const std::string& precision, int batch, int iterations,
                        const std::string& device) {
  return {{"what", what},         {"precision", precision},           {"batch", batch},
          {"iterations", iterations}, {"device", device},           {"threads", at::get_num_threads()},
          {"peak_rss_mb", peakRssMb()}};
}

}  // namespace arml::cli
