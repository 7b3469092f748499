#include "slide/read_resolution.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "core/errors.h"

namespace arml::slide {

namespace {

constexpr double kSnap = 0.02;  // a level within 2 % of the wanted resolution is read as it is

std::optional<double> slideUmPerPx(const SlideReader& reader, const ResolutionRequest* request) {
  if (auto m = reader.umPerPx()) return m;
  if (request && request->slideUmPerPx && *request->slideUmPerPx > 0) return request->slideUmPerPx;
  return std::nullopt;
}

[[noreturn]] void throwNoMetadata(const SlideReader& reader) {
  throw InputError(reader.path().string(),
                   "has no resolution metadata (no openslide.mpp-x/y); pass --level N or --um-per-px X "
                   "(the slide's level-0 micrometres per pixel)");
}

int levelForDownsample(const SlideReader& reader, double downsample) {
  int best = 0;
  for (int i = 0; i < reader.levelCount(); ++i)
    if (reader.levels()[i].downsample <= downsample * (1.0 + kSnap)) best = i;
  return best;
}

ReadResolution makeResolution(const SlideReader& reader, int level, double downsample, std::optional<double> mpp) {
  ReadResolution r;
  r.level = level;
  const double lds = reader.level(level).downsample;
  // Snap to the level itself when close, so the level is read without resampling.
  r.downsample = std::abs(downsample / lds - 1.0) <= kSnap ? lds : downsample;
  if (r.downsample == lds) {
    r.width = reader.level(level).width;
    r.height = reader.level(level).height;
  } else {
    r.width = std::max<std::int64_t>(1, std::llround(static_cast<double>(reader.width()) / r.downsample));
    r.height = std::max<std::int64_t>(1, std::llround(static_cast<double>(reader.height()) / r.downsample));
  }
  if (mpp) r.umPerPx = *mpp * r.downsample;
  return r;
}

}  // namespace

int chooseLevel(const SlideReader& reader, double targetUmPerPx) {
  if (!(targetUmPerPx > 0)) throw InputError(reader.path().string(), "target µm/px must be positive");
  const auto mpp = reader.umPerPx();
  if (!mpp) throwNoMetadata(reader);
  return levelForDownsample(reader, targetUmPerPx / *mpp);
}

ReadResolution resolveResolution(const SlideReader& reader, const ResolutionRequest& request) {
  const auto mpp = slideUmPerPx(reader, &request);
  if (request.level) {
    const int lv = *request.level;
    reader.level(lv);  // InputError when out of range
    return makeResolution(reader, lv, reader.level(lv).downsample, mpp);
  }
  if (request.downsample) {
    if (!(*request.downsample > 0)) throw InputError(reader.path().string(), "downsample must be positive");
    return makeResolution(reader, levelForDownsample(reader, *request.downsample), *request.downsample, mpp);
  }
  if (!mpp) throwNoMetadata(reader);
  if (request.targetUmPerPx) {
    if (!(*request.targetUmPerPx > 0)) throw InputError(reader.path().string(), "target µm/px must be positive");
    const double ds = *request.targetUmPerPx / *mpp;
    return makeResolution(reader, levelForDownsample(reader, ds), ds, mpp);
  }
  return makeResolution(reader, 0, reader.level(0).downsample, mpp);
}

cv::Mat readRegionAt(const SlideReader& reader, const ReadResolution& res, std::int64_t x, std::int64_t y, int w,
                     int h) {
  const double lds = reader.level(res.level).downsample;
  const double f = res.downsample / lds;  // level pixels per output pixel
  if (f == 1.0)
    return reader.readRegion(res.level, std::llround(x * lds), std::llround(y * lds), w, h);
  // The level-pixel rectangle covering the output rectangle, then an exact-size resize.
  const double lx0 = x * f, ly0 = y * f, lx1 = (x + w) * f, ly1 = (y + h) * f;
  const std::int64_t ix0 = static_cast<std::int64_t>(std::floor(lx0)), iy0 = static_cast<std::int64_t>(std::floor(ly0));
  const int iw = std::max(1, static_cast<int>(std::ceil(lx1) - ix0));
  const int ih = std::max(1, static_cast<int>(std::ceil(ly1) - iy0));
  const cv::Mat src = reader.readRegion(res.level, std::llround(ix0 * lds), std::llround(iy0 * lds), iw, ih);
  // Affine map output pixel centres to source pixel centres, so the fractional offset is honoured.
  const double sx = lx0 - ix0, sy = ly0 - iy0;
  cv::Mat out;
  if (f > 1.0 && std::abs(sx) < 1e-9 && std::abs(sy) < 1e-9 && std::abs(iw - w * f) < 1e-9 &&
      std::abs(ih - h * f) < 1e-9) {
    cv::resize(src, out, cv::Size(w, h), 0, 0, cv::INTER_AREA);
    return out;
  }
  if (f > 1.0) {
    // Shrinking with a fractional offset: area-resize the covering block to about the output scale,
    // then sample it bilinearly at the output pixel centres.
    cv::Mat small;
    cv::resize(src, small, cv::Size(std::max(1, static_cast<int>(std::lround(iw / f))),
                                    std::max(1, static_cast<int>(std::lround(ih / f)))),
               0, 0, cv::INTER_AREA);
    const double kx = static_cast<double>(small.cols) / iw, ky = static_cast<double>(small.rows) / ih;
    cv::Mat m = (cv::Mat_<double>(2, 3) << f * kx, 0, (sx + 0.5 * f) * kx - 0.5, 0, f * ky, (sy + 0.5 * f) * ky - 0.5);
    cv::warpAffine(small, out, m, cv::Size(w, h), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
    return out;
  }
  // Enlarging (working resolution finer than level 0).
  cv::Mat m = (cv::Mat_<double>(2, 3) << f, 0, sx + 0.5 * f - 0.5, 0, f, sy + 0.5 * f - 0.5);
  cv::warpAffine(src, out, m, cv::Size(w, h), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
  return out;
}

}  // namespace arml::slide
