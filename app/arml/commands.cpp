// The subcommands of `arml`, in the order `arml --help` lists them. Each lives in cmd_<name>.cpp.
#include "cli_context.h"

namespace arml::cli {

Runner registerVersionInfo(CLI::App& sub, Context& ctx);
Runner registerBench(CLI::App& sub, Context& ctx);

const std::vector<CommandSpec>& commandTable() {
  static const std::vector<CommandSpec> table = {
      {"info", "print versions of the engine's libraries and the compute device", registerVersionInfo},
      {"bench", "measure throughput and peak memory", registerBench},
  };
  return table;
}

}  // namespace arml::cli
