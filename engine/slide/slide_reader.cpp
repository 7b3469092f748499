#include "slide/slide_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <list>
#include <mutex>
#include <unordered_map>
#include <system_error>

#include <openslide/openslide.h>
#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "slide/tiff_damage.h"

namespace arml::slide {

namespace {

std::optional<double> parseNumber(const char* text) {
  if (!text || !*text) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || !std::isfinite(v) || v <= 0) return std::nullopt;
  return v;
}

// OpenSlide gives premultiplied ARGB in native-endian uint32; composite on white -> RGB.
void argbToRgbOnWhite(const std::uint32_t* src, cv::Mat& dst) {
  for (int y = 0; y < dst.rows; ++y) {
    auto* row = dst.ptr<std::uint8_t>(y);
    const std::uint32_t* s = src + static_cast<std::size_t>(y) * dst.cols;
    for (int x = 0; x < dst.cols; ++x) {
      const std::uint32_t p = s[x];
      const unsigned a = p >> 24;
      const unsigned add = 255u - a;
      row[3 * x + 0] = static_cast<std::uint8_t>(std::min(255u, ((p >> 16) & 255u) + add));
      row[3 * x + 1] = static_cast<std::uint8_t>(std::min(255u, ((p >> 8) & 255u) + add));
      row[3 * x + 2] = static_cast<std::uint8_t>(std::min(255u, (p & 255u) + add));
    }
  }
}

}  // namespace

// LRU cache of level blocks read at a fixed phase (levels with a non-integral downsample).
struct SlideReader::BlockCache {
  static constexpr int kBlock = 256;
  static constexpr std::size_t kCapacity = 192;  // about 36 MiB of RGB blocks
  struct Key {
    int level;
    std::int64_t bx, by;
    bool operator==(const Key& o) const { return level == o.level && bx == o.bx && by == o.by; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::int64_t>()((k.bx * 1000003) ^ (k.by * 7919) ^ k.level);
    }
  };
  std::mutex mutex;
  std::list<std::pair<Key, cv::Mat>> lru;  // most recent first
  std::unordered_map<Key, std::list<std::pair<Key, cv::Mat>>::iterator, KeyHash> index;
};

struct SlideReader::Handle {
  openslide_t* osr = nullptr;
  ~Handle() {
    if (osr) openslide_close(osr);
  }
};

SlideReader::SlideReader(const std::filesystem::path& path)
    : path_(path), handle_(std::make_unique<Handle>()), blocks_(std::make_unique<BlockCache>()) {
  const std::string p = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(p, "no such file");
  if (std::filesystem::is_directory(path, ec)) throw InputError(p, "is a folder, not a slide file");
  const char* vendor = openslide_detect_vendor(p.c_str());
  handle_->osr = openslide_open(p.c_str());
  if (!handle_->osr) {
    const std::string damage = describeTiffDamage(path);
    if (!damage.empty()) throw InputError(p, "cannot be opened as a slide, " + damage);
    throw InputError(p, "not a slide format OpenSlide can read (OpenSlide: unsupported or unrecognized file)");
  }
  if (const char* err = openslide_get_error(handle_->osr)) {
    const std::string damage = describeTiffDamage(path);
    throw InputError(p, std::string("OpenSlide cannot open it: ") + err + (damage.empty() ? "" : "; " + damage));
  }
  vendor_ = vendor ? vendor : "";

  const int32_t count = openslide_get_level_count(handle_->osr);
  if (count <= 0) throw InputError(p, "OpenSlide reports no pyramid levels");
  for (int32_t i = 0; i < count; ++i) {
    SlideLevel lv;
    int64_t w = 0, h = 0;
    openslide_get_level_dimensions(handle_->osr, i, &w, &h);
    lv.width = w;
    lv.height = h;
    lv.downsample = openslide_get_level_downsample(handle_->osr, i);
    if (w <= 0 || h <= 0 || !(lv.downsample > 0))
      throw InputError(p, "OpenSlide reports an empty level " + std::to_string(i));
    levels_.push_back(lv);
  }
  if (const char* const* names = openslide_get_property_names(handle_->osr)) {
    for (; *names; ++names) {
      const char* v = openslide_get_property_value(handle_->osr, *names);
      properties_.emplace_back(*names, v ? v : "");
    }
  }
  mppX_ = parseNumber(openslide_get_property_value(handle_->osr, OPENSLIDE_PROPERTY_NAME_MPP_X));
  mppY_ = parseNumber(openslide_get_property_value(handle_->osr, OPENSLIDE_PROPERTY_NAME_MPP_Y));
  objective_ = parseNumber(openslide_get_property_value(handle_->osr, OPENSLIDE_PROPERTY_NAME_OBJECTIVE_POWER));
  if (const char* const* names = openslide_get_associated_image_names(handle_->osr))
    for (; *names; ++names) associatedNames_.emplace_back(*names);
  if (const char* err = openslide_get_error(handle_->osr))
    throw InputError(p, std::string("OpenSlide: ") + err);
}

SlideReader::~SlideReader() = default;

const SlideLevel& SlideReader::level(int index) const {
  if (index < 0 || index >= levelCount())
    throw InputError(path_.string(), "level " + std::to_string(index) + " does not exist (the slide has " +
                                         std::to_string(levelCount()) + " levels, 0.." +
                                         std::to_string(levelCount() - 1) + ")");
  return levels_[static_cast<std::size_t>(index)];
}

std::optional<double> SlideReader::umPerPx() const {
  if (mppX_ && mppY_) return 0.5 * (*mppX_ + *mppY_);
  if (mppX_) return mppX_;
  return mppY_;
}

std::optional<std::string> SlideReader::property(const std::string& name) const {
  for (const auto& [k, v] : properties_)
    if (k == name) return v;
  return std::nullopt;
}

cv::Mat SlideReader::readAssociatedImage(const std::string& name) const {
  if (std::find(associatedNames_.begin(), associatedNames_.end(), name) == associatedNames_.end())
    throw InputError(path_.string(), "no associated image named '" + name + "'");
  int64_t w = 0, h = 0;
  openslide_get_associated_image_dimensions(handle_->osr, name.c_str(), &w, &h);
  if (w <= 0 || h <= 0) throw RuntimeFailure(path_.string() + ": associated image '" + name + "' is empty");
  std::vector<std::uint32_t> buf(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  openslide_read_associated_image(handle_->osr, name.c_str(), buf.data());
  if (const char* err = openslide_get_error(handle_->osr))
    throw RuntimeFailure(path_.string() + ": OpenSlide failed to read associated image '" + name + "': " + err);
  cv::Mat rgb(static_cast<int>(h), static_cast<int>(w), CV_8UC3);
  argbToRgbOnWhite(buf.data(), rgb);
  return rgb;
}

cv::Mat SlideReader::readDirect(int levelIndex, std::int64_t x0, std::int64_t y0, int w, int h) const {
  std::vector<std::uint32_t> buf(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  openslide_read_region(handle_->osr, buf.data(), x0, y0, levelIndex, w, h);
  if (const char* err = openslide_get_error(handle_->osr))
    throw RuntimeFailure(path_.string() + ": OpenSlide failed to decode a region: " + err);
  cv::Mat rgb(h, w, CV_8UC3);
  argbToRgbOnWhite(buf.data(), rgb);
  return rgb;
}

cv::Mat SlideReader::readBlock(int levelIndex, std::int64_t bx, std::int64_t by) const {
  const BlockCache::Key key{levelIndex, bx, by};
  {
    std::lock_guard<std::mutex> lock(blocks_->mutex);
    auto it = blocks_->index.find(key);
    if (it != blocks_->index.end()) {
      blocks_->lru.splice(blocks_->lru.begin(), blocks_->lru, it->second);
      return it->second->second;
    }
  }
  constexpr int B = BlockCache::kBlock;
  const double ds = levels_[static_cast<std::size_t>(levelIndex)].downsample;
  cv::Mat block = readDirect(levelIndex, std::llround(bx * B * ds), std::llround(by * B * ds), B, B);
  std::lock_guard<std::mutex> lock(blocks_->mutex);
  if (blocks_->index.count(key)) return block;  // another thread read it meanwhile (same pixels)
  blocks_->lru.emplace_front(key, block);
  blocks_->index[key] = blocks_->lru.begin();
  if (blocks_->lru.size() > BlockCache::kCapacity) {
    blocks_->index.erase(blocks_->lru.back().first);
    blocks_->lru.pop_back();
  }
  return block;
}

cv::Mat SlideReader::readRegion(int levelIndex, std::int64_t x0, std::int64_t y0, int w, int h) const {
  const double ds = level(levelIndex).downsample;  // validates the level
  if (w <= 0 || h <= 0)
    throw InputError(path_.string(), "region size must be positive, got " + std::to_string(w) + "x" +
                                         std::to_string(h));
  if (levelIndex == 0) return readDirect(0, x0, y0, w, h);
  // Snap to the level's pixel grid.
  const std::int64_t xl = std::llround(x0 / ds), yl = std::llround(y0 / ds);
  const double rounded = std::round(ds);
  if (std::abs(ds - rounded) < 1e-9)  // integral downsample: level positions map to whole level-0 pixels
    return readDirect(levelIndex, xl * static_cast<std::int64_t>(rounded), yl * static_cast<std::int64_t>(rounded), w, h);
  constexpr int B = BlockCache::kBlock;
  auto floorDiv = [](std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); };
  cv::Mat out(h, w, CV_8UC3);
  for (std::int64_t by = floorDiv(yl, B); by * B < yl + h; ++by)
    for (std::int64_t bx = floorDiv(xl, B); bx * B < xl + w; ++bx) {
      const cv::Mat block = readBlock(levelIndex, bx, by);
      const std::int64_t sx = std::max(xl, bx * B), sy = std::max(yl, by * B);
      const std::int64_t ex = std::min(xl + w, (bx + 1) * B), ey = std::min(yl + h, (by + 1) * B);
      block(cv::Rect(static_cast<int>(sx - bx * B), static_cast<int>(sy - by * B), static_cast<int>(ex - sx),
                     static_cast<int>(ey - sy)))
          .copyTo(out(cv::Rect(static_cast<int>(sx - xl), static_cast<int>(sy - yl), static_cast<int>(ex - sx),
                               static_cast<int>(ey - sy))));
    }
  return out;
}

cv::Mat SlideReader::thumbnail(int maxSide) const {
  if (maxSide <= 0) throw InputError(path_.string(), "thumbnail size must be positive");
  const double target = std::max(1.0, static_cast<double>(std::max(width(), height())) / maxSide);
  const int outW = std::max(1, static_cast<int>(std::lround(width() / target)));
  const int outH = std::max(1, static_cast<int>(std::lround(height() / target)));
  // The coarsest level whose downsample does not exceed the target.
  int li = 0;
  for (int i = 0; i < levelCount(); ++i)
    if (levels_[i].downsample <= target * 1.0001) li = i;
  const SlideLevel& lv = levels_[static_cast<std::size_t>(li)];
  const double fx = static_cast<double>(outW) / lv.width, fy = static_cast<double>(outH) / lv.height;
  cv::Mat out(outH, outW, CV_8UC3, cv::Scalar(255, 255, 255));
  constexpr int kBlock = 2048;  // level pixels per block side: bounded memory whatever the slide size
  for (std::int64_t by = 0; by < lv.height; by += kBlock) {
    const int oy0 = static_cast<int>(std::lround(by * fy));
    const int oy1 = static_cast<int>(std::lround(std::min<std::int64_t>(by + kBlock, lv.height) * fy));
    if (oy1 <= oy0) continue;
    for (std::int64_t bx = 0; bx < lv.width; bx += kBlock) {
      const int ox0 = static_cast<int>(std::lround(bx * fx));
      const int ox1 = static_cast<int>(std::lround(std::min<std::int64_t>(bx + kBlock, lv.width) * fx));
      if (ox1 <= ox0) continue;
      const int bw = static_cast<int>(std::min<std::int64_t>(kBlock, lv.width - bx));
      const int bh = static_cast<int>(std::min<std::int64_t>(kBlock, lv.height - by));
      const cv::Mat block = readRegion(li, std::llround(bx * lv.downsample), std::llround(by * lv.downsample), bw, bh);
      cv::Mat dst = out(cv::Rect(ox0, oy0, ox1 - ox0, oy1 - oy0));
      cv::resize(block, dst, dst.size(), 0, 0, cv::INTER_AREA);
    }
  }
  return out;
}

}  // namespace arml::slide
