#include <iostream>

#include "bench.h"
#include "core/errors.h"
#include "core/resources.h"

namespace arml::cli {

Runner registerBench(CLI::App& sub, Context&) {
  auto what = std::make_shared<std::string>();
  auto opts = std::make_shared<BenchOptions>();
  std::string names;
  for (const auto& b : benchTable()) names += std::string(names.empty() ? "" : " | ") + b.what;
  sub.add_option("--what", *what, "benchmark: " + names)->required();
  sub.add_option("--precision", opts->precisions, "fp32 and/or bf16 (repeatable)")->capture_default_str();
  sub.add_option("--batch", opts->batch, "batch size")->capture_default_str();
  sub.add_option("--width-divisor", opts->widthDivisor, "1 = full network, 8 = lite")->capture_default_str();
  sub.add_option("--iterations", opts->iterations, "timed iterations after a warm-up")->capture_default_str();
  sub.add_option("--data", opts->data, "dataset root (default: synthetic inputs)");
  sub.add_option("--layers", opts->layers, "CAM layers for --what pm")->delimiter(',');
  sub.add_flag("--json", "print JSON lines (the default and only format)");
  return [what, opts](Context& ctx) {
    for (const auto& b : benchTable()) {
      if (*what != b.what) continue;
      for (const auto& line : b.run(*opts, ctx)) {
        std::cout << line.dump() << std::endl;
        ctx.events->emit("metric", {{"name", "bench"}, {"value", line}});
      }
      return 0;
    }
    throw InputError("--what " + *what + ": unknown benchmark");
  };
}

}  // namespace arml::cli
