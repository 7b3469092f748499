#pragma once
// `arml bench --what NAME`: throughput and memory measurements. Each benchmark is one function in
// bench_<name>.cpp, listed in bench_table.cpp. It returns one JSON object per measured
// configuration, e.g. {"what":"pm","layers":["bn7"],"precision":"fp32","batch":1,
// "images_per_s":1.9,"peak_rss_mb":2100}; the command prints each on its own line.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_context.h"

namespace arml::cli {

struct BenchOptions {
  std::vector<std::string> precisions{"fp32"};  // fp32, bf16
  int batch = 2;
  int widthDivisor = 1;  // 1 = full ResNet38d, 8 = resnet38d-lite
  int iterations = 3;    // timed iterations after one warm-up
  std::string data;      // optional dataset root (else synthetic inputs)
  std::vector<std::string> layers{"bn7"};
};

using BenchFn = std::vector<nlohmann::json> (*)(const BenchOptions&, Context&);

struct BenchSpec {
  const char* what;
  const char* description;
  BenchFn run;
};

const std::vector<BenchSpec>& benchTable();

struct StepTiming {
  double seconds = 0;     // wall time of the timed calls
  double cpuSeconds = 0;  // CPU time of all threads: comparable on a loaded machine
};

// Calls step(0) to warm up (allocations, oneDNN primitive caches, cuDNN algorithm search), resets the
// peak RSS and peak GPU memory, then times step(1) ... step(iterations), waiting for the device's
// queued work before each clock read.
StepTiming timeSteps(int iterations, const std::function<void(int iteration)>& step, const std::string& device);

// The fields every model benchmark row shares: what, precision, batch, iterations, device, threads,
// the peak RSS and, on a GPU, its peak allocated memory (so call it after timing).
nlohmann::json benchRow(const char* what, const std::string& precision, int batch, int iterations,
                        const std::string& device);

}  // namespace arml::cli
