#include "bench.h"

namespace arml::cli {

// Benchmarks, one per bench_<name>.cpp.
std::vector<nlohmann::json> benchPseudoMasks(const BenchOptions&, Context&);
std::vector<nlohmann::json> benchLoader(const BenchOptions&, Context&);

const std::vector<BenchSpec>& benchTable() {
  static const std::vector<BenchSpec> table = {
      {"pm", "pseudo masks/s (Grad-CAM + argmax) for the --layers set and all three layers; bf16 mask agreement", benchPseudoMasks},
      {"loader", "patches/s decoded + stage-1 augmented by the batch loader (1 and 2 workers)", benchLoader},
  };
  return table;
}

}  // namespace arml::cli
