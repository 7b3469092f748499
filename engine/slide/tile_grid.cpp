#include "slide/tile_grid.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "core/errors.h"

namespace arml::slide {

namespace {
int countFor(std::int64_t size, int tile, int stride) {
  if (size <= tile) return 1;
  return static_cast<int>((size - tile + stride - 1) / stride) + 1;
}
}  // namespace

std::vector<float> tileBlendRamp(int tile, int overlap) {
  std::vector<float> w(static_cast<std::size_t>(std::max(tile, 0)), 1.0f);
  if (overlap <= 0) return w;
  for (int i = 0; i < tile; ++i) {
    const float a = static_cast<float>(i + 1) / static_cast<float>(overlap + 1);
    const float b = static_cast<float>(tile - i) / static_cast<float>(overlap + 1);
    w[static_cast<std::size_t>(i)] = std::min({1.0f, a, b});
  }
  return w;
}

TileGrid makeTileGrid(std::int64_t width, std::int64_t height, int tile, int overlap) {
  if (tile <= 0) throw InputError("tile size must be positive, got " + std::to_string(tile));
  if (overlap < 0 || 2 * overlap > tile)
    throw InputError("tile overlap must be between 0 and half a tile (" + std::to_string(tile / 2) + "), got " +
                     std::to_string(overlap));
  if (width <= 0 || height <= 0) throw InputError("slide size must be positive");
  TileGrid g;
  g.width = width;
  g.height = height;
  g.tile = tile;
  g.overlap = overlap;
  g.cols = countFor(width, tile, g.stride());
  g.rows = countFor(height, tile, g.stride());
  return g;
}

std::vector<std::uint8_t> tissueTiles(const TileGrid& grid, const TissueMap& tissue, double downsample) {
  std::vector<std::uint8_t> flags(static_cast<std::size_t>(grid.count()), 0);
  if (tissue.mask.empty()) return flags;
  cv::Mat integral;
  cv::integral(tissue.mask / 255, integral, CV_32S);
  const int mw = tissue.mask.cols, mh = tissue.mask.rows;
  for (int r = 0; r < grid.rows; ++r) {
    const double y0 = grid.y(r) * downsample * tissue.scaleY, y1 = (grid.y(r) + grid.tile) * downsample * tissue.scaleY;
    const int iy0 = std::clamp(static_cast<int>(std::floor(y0)), 0, mh);
    const int iy1 = std::clamp(static_cast<int>(std::ceil(y1)), 0, mh);
    for (int c = 0; c < grid.cols; ++c) {
      const double x0 = grid.x(c) * downsample * tissue.scaleX, x1 = (grid.x(c) + grid.tile) * downsample * tissue.scaleX;
      const int ix0 = std::clamp(static_cast<int>(std::floor(x0)), 0, mw);
      const int ix1 = std::clamp(static_cast<int>(std::ceil(x1)), 0, mw);
      if (ix1 <= ix0 || iy1 <= iy0) continue;
      const int sum = integral.at<int>(iy1, ix1) - integral.at<int>(iy0, ix1) - integral.at<int>(iy1, ix0) +
                      integral.at<int>(iy0, ix0);
      flags[static_cast<std::size_t>(r) * grid.cols + c] = sum > 0 ? 1 : 0;
    }
  }
  return flags;
}

}  // namespace arml::slide
