#include "train/rng_state.h"

#include <cstring>
#include <mutex>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>

namespace arml::train {

std::string rngStateBytes() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  const at::Tensor s = gen.get_state();
  return std::string(reinterpret_cast<const char*>(s.data_ptr<uint8_t>()), size_t(s.numel()));
}

void restoreRngState(const std::string& bytes) {
  if (bytes.empty()) return;
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  at::Tensor s = torch::empty({int64_t(bytes.size())}, torch::kUInt8);
  std::memcpy(s.data_ptr<uint8_t>(), bytes.data(), bytes.size());
  gen.set_state(s);
}

}  // namespace arml::train
