#include "bench.h"

namespace arml::cli {

// Benchmarks, one per bench_<name>.cpp.

const std::vector<BenchSpec>& benchTable() {
  static const std::vector<BenchSpec> table = {
  };
  return table;
}

}  // namespace arml::cli
