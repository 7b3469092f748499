#pragma once
// NumPy .npy files (format version 1.0, little-endian, C order), the exchange format for raw maps
// that researchers load with numpy.load.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace arml {

// Writes float32 data of the given shape atomically.
void writeNpyFloat32(const std::filesystem::path& path, const std::vector<std::int64_t>& shape, const float* data);

struct NpyArray {
  std::vector<std::int64_t> shape;
  std::vector<float> data;  // converted to float32 from f4/f8
};
// Reads a little-endian C-order f4 or f8 .npy; throws InputError naming the file otherwise.
NpyArray readNpyFloat(const std::filesystem::path& path);

}  // namespace arml
