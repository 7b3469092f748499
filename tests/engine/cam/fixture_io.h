#pragma once
// Reading the reference fixtures (plain dicts saved by torch.save) in the cam tests.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <torch/serialize.h>
#include <torch/torch.h>

namespace arml::test {

inline c10::Dict<c10::IValue, c10::IValue> loadFixtureDict(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
  return torch::pickle_load(bytes).toGenericDict();
}

// max|a − b| / max|ref|
inline double relativeMaxError(const at::Tensor& mine, const at::Tensor& ref) {
  const auto r = ref.to(torch::kDouble);
  return (mine.to(torch::kDouble) - r).abs().max().item<double>() / r.abs().max().item<double>();
}

inline double absMaxError(const at::Tensor& mine, const at::Tensor& ref) {
  return (mine.to(torch::kDouble) - ref.to(torch::kDouble)).abs().max().item<double>();
}

}  // namespace arml::test
