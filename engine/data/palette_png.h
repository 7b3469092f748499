#pragma once
// 8-bit index masks as PNG files, read and written with libpng so that the stored pixel value (the
// class index) is kept; OpenCV would expand a palette PNG to its colours.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace arml::data {

using Rgb = std::array<std::uint8_t, 3>;
using Palette = std::vector<Rgb>;  // entry i = colour of index i

struct IndexedImage {
  cv::Mat indices;  // CV_8UC1, height × width, pixel value = class index
  Palette palette;  // empty for a grayscale PNG
};

// Reads a mask PNG: palette ("mode P", any bit depth ≤ 8) or grayscale of bit depth ≤ 8, whose raw
// value is the index. Anything else (RGB, RGBA, gray+alpha, 16-bit), a missing, corrupt or truncated
// file throws InputError(path, reason). A mask of more than maxPixels pixels is refused from its
// header, before anything is decoded.
inline constexpr long long kDefaultMaxMaskPixels = 1LL << 28;  // 16384 x 16384
IndexedImage readIndexedPng(const std::filesystem::path& path, long long maxPixels = kDefaultMaxMaskPixels);
// The same from bytes in memory; `source` names them in errors.
IndexedImage decodeIndexedPng(const unsigned char* data, std::size_t size, const std::string& source,
                              long long maxPixels = kDefaultMaxMaskPixels);
// Only the indices of readIndexedPng.
cv::Mat readIndexMask(const std::filesystem::path& path);

// An 8-bit palette PNG of `indices` (CV_8UC1). The palette is written as given and padded with
// black up to the largest index used.
std::vector<unsigned char> encodePalettePng(const cv::Mat& indices, const Palette& palette);
// encodePalettePng, then written atomically (temp file + rename). Throws RuntimeFailure on I/O errors.
void writePalettePng(const std::filesystem::path& path, const cv::Mat& indices, const Palette& palette);

}  // namespace arml::data
