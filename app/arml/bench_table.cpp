#include "bench.h"

namespace arml::cli {

// Benchmarks, one per bench_<name>.cpp.
std::vector<nlohmann::json> benchLoader(const BenchOptions&, Context&);

const std::vector<BenchSpec>& benchTable() {
  static const std::vector<BenchSpec> table = {
      {"loader", "patches/s decoded + stage-1 augmented by the batch loader (1 and 2 workers)", benchLoader},
  };
  return table;
}

}  // namespace arml::cli
