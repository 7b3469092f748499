#pragma once
// Class-mask pyramids: 8-bit tiled pyramidal TIFF files whose pixel value is the class index
// (as the dataset masks; 4 = background / not analysed). Written by tiled slide inference, read by
// the GUI overlay. LibTorch-free.
//
// File layout: one TIFF directory per level (multi-page pyramid, level 0 first, each next level
// half the size, rounded up, down-sampled by the mode of each 2x2 block, ties to the lowest value),
// until a level fits in one 256x256 tile. Tiles 256x256, deflate, 1 sample of 8 bits, min-is-black.
// Levels after the first are marked NewSubfileType = reduced image. Level 0 carries an
// ImageDescription JSON: {"arml_mask":1,"background":4,"slide_downsample":D,"um_per_px":U,...}
// and X/YResolution in pixels per centimetre when µm/px is known.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace arml::slide {

struct MaskPyramidMetadata {
  double slideDownsample = 1.0;    // slide level-0 pixels per mask level-0 pixel
  std::optional<double> umPerPx;   // µm per mask level-0 pixel, when known
  std::uint8_t background = 4;     // value of pixels that were not analysed
  std::string extraJson = "{}";    // more fields merged into the description (e.g. class names, palette)
};

// Fills dst (rows x width bytes, row-major) with mask rows [y0, y0 + rows) of level 0.
using MaskRowsFn = std::function<void(std::int64_t y0, int rows, std::uint8_t* dst)>;

// Writes the pyramid to `path` through a temporary file in the same folder that is renamed over it
// at the end. Memory: a band of 256 rows per level being built; lower levels are staged in
// temporary files beside the output. Throws RuntimeFailure naming the file on I/O errors.
void writeMaskPyramid(const std::filesystem::path& path, std::int64_t width, std::int64_t height,
                      const MaskRowsFn& rows, const MaskPyramidMetadata& meta);
// Convenience for masks that fit in memory (CV_8U).
void writeMaskPyramid(const std::filesystem::path& path, const cv::Mat& mask, const MaskPyramidMetadata& meta);

struct MaskLevel {
  std::int64_t width = 0, height = 0;
  double downsample = 1.0;  // relative to mask level 0
};

// Reads mask pyramids written by writeMaskPyramid (or any tiled 8-bit single-sample TIFF pyramid).
// Thread-safe: concurrent readMaskRegion calls are serialised on one libtiff handle.
class MaskPyramidReader {
public:
  // Throws InputError naming the file when it is missing or not an 8-bit tiled single-sample TIFF.
  explicit MaskPyramidReader(const std::filesystem::path& path);
  ~MaskPyramidReader();
  MaskPyramidReader(const MaskPyramidReader&) = delete;
  MaskPyramidReader& operator=(const MaskPyramidReader&) = delete;

  const std::vector<MaskLevel>& levels() const { return levels_; }
  const MaskPyramidMetadata& metadata() const { return meta_; }

  // The pixels of `rect` (in pixels of that level) as CV_8U; parts outside the level read as the
  // background value. Throws InputError for a bad level, RuntimeFailure for a damaged tile.
  cv::Mat readMaskRegion(int level, const cv::Rect& rect) const;

private:
  std::filesystem::path path_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<MaskLevel> levels_;
  MaskPyramidMetadata meta_;
};

}  // namespace arml::slide
