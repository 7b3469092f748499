#pragma once
// Read access to a whole-slide image through OpenSlide (Aperio SVS, generic tiled TIFF, NDPI, MRXS, ...).
// Free of LibTorch and of openslide.h so that the GUI may include it.
//
// Coordinates: x0/y0 are always level-0 pixels (OpenSlide's convention); widths and heights are
// pixels of the level being read. Thread-safe: one SlideReader may serve concurrent readRegion /
// readAssociatedImage calls from several threads (OpenSlide handles are thread-safe; everything
// else here is immutable after open).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace arml::slide {

struct SlideLevel {
  std::int64_t width = 0;
  std::int64_t height = 0;
  double downsample = 1.0;  // relative to level 0
};

class SlideReader {
public:
  // Opens the slide; throws InputError "<path>: <OpenSlide's message>" when the file is missing,
  // not a format OpenSlide reads, or corrupt.
  explicit SlideReader(const std::filesystem::path& path);
  ~SlideReader();
  SlideReader(const SlideReader&) = delete;
  SlideReader& operator=(const SlideReader&) = delete;

  const std::filesystem::path& path() const { return path_; }
  const std::string& vendor() const { return vendor_; }  // "aperio", "generic-tiff", ...

  int levelCount() const { return static_cast<int>(levels_.size()); }
  const std::vector<SlideLevel>& levels() const { return levels_; }
  const SlideLevel& level(int index) const;  // throws InputError for an index out of range
  std::int64_t width() const { return levels_.front().width; }
  std::int64_t height() const { return levels_.front().height; }

  // Micrometres per level-0 pixel (openslide.mpp-x / -y); empty when the slide does not say.
  std::optional<double> umPerPxX() const { return mppX_; }
  std::optional<double> umPerPxY() const { return mppY_; }
  // Mean of x and y when both are known (or the one that is), else empty.
  std::optional<double> umPerPx() const;
  // Objective magnification (openslide.objective-power), empty when absent.
  std::optional<double> objectivePower() const { return objective_; }

  // All properties as (name, value), in OpenSlide's order.
  const std::vector<std::pair<std::string, std::string>>& properties() const { return properties_; }
  std::optional<std::string> property(const std::string& name) const;

  // Names of associated images ("label", "macro", "thumbnail", ...).
  const std::vector<std::string>& associatedImageNames() const { return associatedNames_; }
  // An associated image as RGB (CV_8UC3, R first), transparency composited on white.
  // Throws InputError for an unknown name.
  cv::Mat readAssociatedImage(const std::string& name) const;

  // A w x h region of `level` whose top-left corner is (x0, y0) in level-0 pixels, as RGB CV_8UC3
  // (R first). Pixels outside the slide or transparent ones are composited on white.
  // At levels > 0, (x0, y0) snap to the nearest pixel of that level, so that any two reads agree
  // pixel for pixel where they overlap (tiles line up with one large read). OpenSlide resamples a
  // region whose level position x0 / downsample is fractional, which happens at levels with a
  // non-integral downsample (e.g. Aperio 2.0005); such levels are read in fixed 256-px blocks of
  // the level grid (kept in a small LRU cache) so that every pixel always comes from the same read.
  // Throws InputError for a bad level or size, RuntimeFailure when OpenSlide fails to decode.
  cv::Mat readRegion(int level, std::int64_t x0, std::int64_t y0, int w, int h) const;

  // The whole slide scaled so that its longer side is at most maxSide pixels (RGB). Reads the
  // coarsest level that is still fine enough, in horizontal bands, so that a huge single-level
  // slide is never held whole in memory.
  cv::Mat thumbnail(int maxSide) const;

private:
  cv::Mat readDirect(int level, std::int64_t x0, std::int64_t y0, int w, int h) const;
  cv::Mat readBlock(int level, std::int64_t bx, std::int64_t by) const;

  std::filesystem::path path_;
  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::string vendor_;
  std::vector<SlideLevel> levels_;
  std::optional<double> mppX_, mppY_, objective_;
  std::vector<std::pair<std::string, std::string>> properties_;
  std::vector<std::string> associatedNames_;
  struct BlockCache;
  std::unique_ptr<BlockCache> blocks_;
};

}  // namespace arml::slide
