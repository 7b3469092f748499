#include <iostream>

#include "cli_context.h"
#include "core/compute.h"

namespace arml::cli {

Runner registerVersionInfo(CLI::App&, Context&) {
  return [](Context& ctx) {
    const std::string device = resolveDeviceName(ctx.common.device);
    std::cout << "arml " << ARML_VERSION << "\n" << engineVersionSummary() << "\nselected device: " << device << "\n";
    return 0;
  };
}

}  // namespace arml::cli
