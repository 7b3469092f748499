// `arml info [--json]`: versions of the engine's libraries, whether LibTorch was built with CUDA,
// the GPUs it sees (index, name, memory, compute capability, bf16) and the device --device selects.
// The desktop app reads the --json form to fill its device choosers and About.
#include <iostream>

#include <nlohmann/json.hpp>
#include <torch/version.h>

#include "cli_context.h"
#include "compute/compute.h"
#include "compute/gpu_devices.h"

namespace arml::cli {

Runner registerVersionInfo(CLI::App& sub, Context&) {
  auto json = std::make_shared<bool>(false);
  sub.add_flag("--json", *json, "one JSON object: versions, cuda_build, gpus [{index, name, memory_mb, ...}]");
  return [json](Context& ctx) {
    const std::string device = resolveDeviceName(ctx.common.device);
    const std::vector<GpuInfo> gpus = listGpus();
    if (*json) {
      nlohmann::json list = nlohmann::json::array();
      for (const GpuInfo& g : gpus)
        list.push_back({{"index", g.index},
                        {"device", "cuda:" + std::to_string(g.index)},
                        {"name", g.name},
                        {"memory_mb", g.totalBytes >> 20},
                        {"compute_capability", std::to_string(g.computeMajor) + "." + std::to_string(g.computeMinor)},
                        {"bf16", g.bf16}});
      std::cout << nlohmann::json{{"arml", ARML_VERSION},
                                  {"libtorch", TORCH_VERSION},
                                  {"summary", engineVersionSummary()},
                                  {"cuda_build", libtorchHasCuda()},
                                  {"gpus", list},
                                  {"selected_device", device}}
                       .dump()
                << "\n";
      return 0;
    }
    std::cout << "arml " << ARML_VERSION << "\n" << engineVersionSummary() << "\n";
    std::cout << "LibTorch built with CUDA: " << (libtorchHasCuda() ? "yes" : "no") << "\n";
    for (const GpuInfo& g : gpus)
      std::cout << "cuda:" << g.index << "  " << g.name << ", " << (g.totalBytes >> 20) << " MiB, compute "
                << g.computeMajor << "." << g.computeMinor << (g.bf16 ? ", bf16" : "") << "\n";
    if (gpus.empty()) std::cout << "GPUs: none found\n";
    std::cout << "selected device: " << device << "\n";
    return 0;
  };
}

}  // namespace arml::cli
