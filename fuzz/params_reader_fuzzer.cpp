// libFuzzer harness for the MXNet .params reader (models/mxnet_params_reader.h), from memory, then
// the ResNet-38 name mapping on whatever names it read. Every defect must be an InputError: any
// other exception escapes and counts as a finding, as do crashes, leaks, hangs and huge allocations.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/errors.h"
#include "models/mxnet_params_reader.h"
#include "models/mxnet_resnet38_names.h"

using namespace arml::models;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool init = [] {
    at::set_num_threads(1);
    return true;
  }();
  (void)init;
  try {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    const StateDict sd = readMxnetParams(in, size, "fuzz.params");
    const StateDict mapped = mxnetToResnet38StateDict(sd);
    for (const auto& [name, tensor] : mapped) (void)tensor.sum();
  } catch (const arml::InputError&) {
  }
  return 0;
}
