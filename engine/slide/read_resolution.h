#pragma once
// Which pyramid level to read and how much to rescale it, for a requested working resolution.
// LibTorch-free (the GUI may include it).
#include <cstdint>
#include <optional>

#include <opencv2/core/mat.hpp>

#include "slide/slide_reader.h"

namespace arml::slide {

// What the user asked for. At most one of level / downsample / targetUmPerPx is used, in that order.
struct ResolutionRequest {
  std::optional<int> level;             // read this pyramid level as it is
  std::optional<double> downsample;     // relative to level 0 (e.g. 4.0)
  std::optional<double> targetUmPerPx;  // working resolution in µm per pixel (e.g. the model's training resolution)
  // The slide's level-0 µm/px when its file does not say (overrides missing metadata only).
  std::optional<double> slideUmPerPx;
};

// A working resolution: pixels at this resolution are `downsample` level-0 pixels wide.
struct ReadResolution {
  int level = 0;            // pyramid level that is read (the finest one not coarser than needed)
  double downsample = 1.0;  // total downsample relative to level 0 (may be < 1: upsampling level 0)
  std::int64_t width = 0;   // slide size in pixels of this resolution
  std::int64_t height = 0;
  std::optional<double> umPerPx;  // µm per pixel of this resolution, when known
  // The factor applied after reading `level` (1 = read the level as it is).
  double extraScale(const SlideReader& reader) const { return downsample / reader.level(level).downsample; }
};

// The coarsest level whose resolution is at least as fine as targetUmPerPx (within 2 %), reading the
// finer level when the target falls between levels. Throws InputError when the slide has no µm/px.
int chooseLevel(const SlideReader& reader, double targetUmPerPx);

// Resolves a request. With neither level nor downsample given, the slide must have µm/px metadata
// (or request.slideUmPerPx), otherwise InputError "<slide>: has no resolution metadata; pass
// --level N or --um-per-px X". With nothing requested and metadata present: level 0.
ReadResolution resolveResolution(const SlideReader& reader, const ResolutionRequest& request);

// A w x h RGB region whose top-left corner is (x, y) in pixels of `res`. Reads the level of `res`
// and resizes (area interpolation when shrinking) when the resolution lies between levels.
cv::Mat readRegionAt(const SlideReader& reader, const ReadResolution& res, std::int64_t x, std::int64_t y, int w,
                     int h);

}  // namespace arml::slide
