#pragma once
// The grid of square tiles laid over a slide at the working resolution. LibTorch-free.
#include <cstdint>
#include <vector>

#include "slide/tissue_mask.h"

namespace arml::slide {

// Tiles of `tile` pixels, `overlap` pixels shared with each neighbour (stride = tile - overlap),
// covering [0, width) x [0, height) of the working resolution. The last column/row may extend past
// the slide; those pixels read as white and are not written to the output.
struct TileGrid {
  std::int64_t width = 0, height = 0;  // working-resolution pixels
  int tile = 224;
  int overlap = 0;
  int cols = 0, rows = 0;

  int stride() const { return tile - overlap; }
  std::int64_t x(int col) const { return static_cast<std::int64_t>(col) * stride(); }
  std::int64_t y(int row) const { return static_cast<std::int64_t>(row) * stride(); }
  long count() const { return static_cast<long>(cols) * rows; }
};

// Throws InputError when tile <= 0 or overlap is outside [0, tile / 2] (at most half a tile, so that
// at most two tile rows overlap any pixel row).
TileGrid makeTileGrid(std::int64_t width, std::int64_t height, int tile, int overlap);

// Blend weights along one tile side: a linear ramp over the `overlap` pixels at each end so that
// overlapping tiles fade into each other (never 0), 1 everywhere without overlap.
std::vector<float> tileBlendRamp(int tile, int overlap);

// One flag per tile (row-major, rows x cols): 1 when the tile's area touches tissue in `tissue`.
// `downsample` is the working resolution's downsample relative to level 0.
std::vector<std::uint8_t> tissueTiles(const TileGrid& grid, const TissueMap& tissue, double downsample);

}  // namespace arml::slide
