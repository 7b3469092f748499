#include "slide/mask_pyramid.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <tiffio.h>

#include "core/errors.h"

namespace fs = std::filesystem;

namespace arml::slide {

namespace {

constexpr int kTile = 256;

// Collects libtiff's messages for this handle instead of printing them.
struct TiffMessages {
  std::string last;
};

int captureMessage(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  char buf[512];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  auto* m = static_cast<TiffMessages*>(user);
  if (m) m->last = (module ? std::string(module) + ": " : std::string()) + buf;
  return 1;
}

int ignoreMessage(TIFF*, void*, const char*, const char*, va_list) { return 1; }

TIFF* openTiff(const fs::path& path, const char* mode, TiffMessages& messages) {
  TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
  TIFFOpenOptionsSetErrorHandlerExtR(opts, captureMessage, &messages);
  TIFFOpenOptionsSetWarningHandlerExtR(opts, ignoreMessage, nullptr);
  TIFF* tif = TIFFOpenExt(path.c_str(), mode, opts);
  TIFFOpenOptionsFree(opts);
  return tif;
}

// Mode of up to four values, ties to the lowest value.
inline std::uint8_t mode4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  const std::uint8_t v[4] = {a, b, c, d};
  int bestCount = 0;
  std::uint8_t best = 255;
  for (int i = 0; i < 4; ++i) {
    int n = 0;
    for (int j = 0; j < 4; ++j) n += v[j] == v[i];
    if (n > bestCount || (n == bestCount && v[i] < best)) {
      bestCount = n;
      best = v[i];
    }
  }
  return best;
}

// Halves `rows` rows of width w (rows may be odd: the last row is repeated).
void downsampleBand(const std::uint8_t* src, std::int64_t w, int rows, std::vector<std::uint8_t>& dst) {
  const std::int64_t w2 = (w + 1) / 2;
  const int r2 = (rows + 1) / 2;
  dst.resize(static_cast<std::size_t>(w2 * r2));
  for (int y = 0; y < r2; ++y) {
    const std::uint8_t* a = src + static_cast<std::int64_t>(2 * y) * w;
    const std::uint8_t* b = (2 * y + 1 < rows) ? a + w : a;
    std::uint8_t* out = dst.data() + y * w2;
    for (std::int64_t x = 0; x < w2; ++x) {
      const std::int64_t x0 = 2 * x, x1 = std::min(2 * x + 1, w - 1);
      out[x] = mode4(a[x0], a[x1], b[x0], b[x1]);
    }
  }
}

std::string describe(const MaskPyramidMetadata& meta) {
  nlohmann::json d = nlohmann::json::object();
  if (!meta.extraJson.empty()) {
    auto extra = nlohmann::json::parse(meta.extraJson, nullptr, false);
    if (extra.is_object()) d = extra;
  }
  d["arml_mask"] = 1;
  d["background"] = meta.background;
  d["slide_downsample"] = meta.slideDownsample;
  if (meta.umPerPx) d["um_per_px"] = *meta.umPerPx;
  return d.dump();
}

[[noreturn]] void fail(const fs::path& path, const std::string& what, const TiffMessages& m) {
  throw RuntimeFailure(path.string() + ": " + what + (m.last.empty() ? "" : " (" + m.last + ")"));
}

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Writes one level as a TIFF directory from `rows`, and (when next != nullptr) its 2x2-mode
// reduction to `next` as raw rows.
void writeLevel(TIFF* tif, const fs::path& out, TiffMessages& msgs, int levelIndex, std::int64_t w, std::int64_t h,
                const MaskRowsFn& rows, const MaskPyramidMetadata& meta, std::FILE* next) {
  TIFFSetField(tif, TIFFTAG_SUBFILETYPE, levelIndex == 0 ? 0 : FILETYPE_REDUCEDIMAGE);
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(w));
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(h));
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tif, TIFFTAG_TILEWIDTH, kTile);
  TIFFSetField(tif, TIFFTAG_TILELENGTH, kTile);
  TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
  TIFFSetField(tif, TIFFTAG_SOFTWARE, "ARML Studio");
  if (levelIndex == 0) TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, describe(meta).c_str());
  if (meta.umPerPx && *meta.umPerPx > 0) {
    const double ds = std::pow(2.0, levelIndex);
    const float pxPerCm = static_cast<float>(1e4 / (*meta.umPerPx * ds));
    TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
    TIFFSetField(tif, TIFFTAG_XRESOLUTION, pxPerCm);
    TIFFSetField(tif, TIFFTAG_YRESOLUTION, pxPerCm);
  }
  std::vector<std::uint8_t> band(static_cast<std::size_t>(w) * kTile);
  std::vector<std::uint8_t> tile(static_cast<std::size_t>(kTile) * kTile);
  std::vector<std::uint8_t> reduced;
  for (std::int64_t y0 = 0; y0 < h; y0 += kTile) {
    const int n = static_cast<int>(std::min<std::int64_t>(kTile, h - y0));
    rows(y0, n, band.data());
    for (std::int64_t x0 = 0; x0 < w; x0 += kTile) {
      const int m = static_cast<int>(std::min<std::int64_t>(kTile, w - x0));
      std::fill(tile.begin(), tile.end(), meta.background);
      for (int y = 0; y < n; ++y) std::memcpy(tile.data() + y * kTile, band.data() + y * w + x0, static_cast<std::size_t>(m));
      const ttile_t index = TIFFComputeTile(tif, static_cast<std::uint32_t>(x0), static_cast<std::uint32_t>(y0), 0, 0);
      if (TIFFWriteEncodedTile(tif, index, tile.data(), static_cast<tmsize_t>(tile.size())) < 0)
        fail(out, "cannot write a mask tile", msgs);
    }
    if (next) {
      downsampleBand(band.data(), w, n, reduced);
      if (std::fwrite(reduced.data(), 1, reduced.size(), next) != reduced.size())
        throw RuntimeFailure(out.string() + ": cannot write a temporary pyramid level: " + std::strerror(errno));
    }
  }
  if (!TIFFWriteDirectory(tif)) fail(out, "cannot write a TIFF directory", msgs);
}

}  // namespace

void writeMaskPyramid(const fs::path& path, std::int64_t width, std::int64_t height, const MaskRowsFn& rows,
                      const MaskPyramidMetadata& meta) {
  if (width <= 0 || height <= 0) throw InputError(path.string(), "mask size must be positive");
  if (width > 0xFFFFFFFFll || height > 0xFFFFFFFFll) throw InputError(path.string(), "mask too large for TIFF");
  const std::string stem = path.filename().string();
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const std::string tag = std::to_string(::getpid());
  const fs::path tmp = dir / ("." + stem + ".tmp-" + tag);
  std::vector<fs::path> staged;
  auto cleanup = [&] {
    std::error_code ec;
    fs::remove(tmp, ec);
    for (const auto& s : staged) fs::remove(s, ec);
  };
  try {
    TiffMessages msgs;
    // BigTIFF when the uncompressed pyramid could pass 2 GiB.
    const bool big = static_cast<double>(width) * static_cast<double>(height) * 4.0 / 3.0 > 2.0e9;
    TIFF* tif = openTiff(tmp, big ? "w8" : "w", msgs);
    if (!tif) fail(path, "cannot create the mask file", msgs);
    std::unique_ptr<TIFF, void (*)(TIFF*)> guard(tif, TIFFClose);
    std::int64_t w = width, h = height;
    MaskRowsFn source = rows;
    FilePtr prev;
    for (int level = 0;; ++level) {
      const bool last = w <= kTile && h <= kTile;
      FilePtr next;
      if (!last) {
        staged.push_back(dir / ("." + stem + ".level" + std::to_string(level + 1) + ".tmp-" + tag));
        next.reset(std::fopen(staged.back().c_str(), "w+b"));
        if (!next) throw RuntimeFailure(staged.back().string() + ": cannot create: " + std::strerror(errno));
      }
      writeLevel(tif, path, msgs, level, w, h, source, meta, next.get());
      if (last) break;
      std::fflush(next.get());
      std::rewind(next.get());
      prev = std::move(next);
      w = (w + 1) / 2;
      h = (h + 1) / 2;
      std::FILE* in = prev.get();
      const std::int64_t lw = w;
      const fs::path stagedPath = staged.back();
      source = [in, lw, stagedPath](std::int64_t, int n, std::uint8_t* dst) {
        const std::size_t bytes = static_cast<std::size_t>(lw) * static_cast<std::size_t>(n);
        if (std::fread(dst, 1, bytes, in) != bytes)
          throw RuntimeFailure(stagedPath.string() + ": short read of a temporary pyramid level");
      };
    }
    guard.reset();
    prev.reset();
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw RuntimeFailure(path.string() + ": cannot move the finished mask into place: " + ec.message());
    cleanup();
  } catch (...) {
    cleanup();
    throw;
  }
}

void writeMaskPyramid(const fs::path& path, const cv::Mat& mask, const MaskPyramidMetadata& meta) {
  if (mask.empty() || mask.type() != CV_8UC1) throw InputError(path.string(), "mask must be a non-empty 8-bit image");
  writeMaskPyramid(path, mask.cols, mask.rows,
                   [&mask](std::int64_t y0, int n, std::uint8_t* dst) {
                     for (int y = 0; y < n; ++y)
                       std::memcpy(dst + static_cast<std::size_t>(y) * mask.cols,
                                   mask.ptr<std::uint8_t>(static_cast<int>(y0) + y), static_cast<std::size_t>(mask.cols));
                   },
                   meta);
}

struct MaskPyramidReader::Impl {
  std::mutex mutex;
  TiffMessages msgs;
  TIFF* tif = nullptr;
  std::vector<tdir_t> dirs;
  std::vector<std::uint32_t> tileW, tileH;
  ~Impl() {
    if (tif) TIFFClose(tif);
  }
};

MaskPyramidReader::MaskPyramidReader(const fs::path& path) : path_(path), impl_(std::make_unique<Impl>()) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path.string(), "no such file");
  impl_->tif = openTiff(path, "r", impl_->msgs);
  if (!impl_->tif) throw InputError(path.string(), "not a TIFF file" + (impl_->msgs.last.empty() ? std::string() : " (" + impl_->msgs.last + ")"));
  TIFF* tif = impl_->tif;
  tdir_t index = 0;
  std::int64_t w0 = 0;
  do {
    std::uint32_t w = 0, h = 0, tw = 0, th = 0;
    std::uint16_t bps = 0, spp = 1;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    if (!TIFFIsTiled(tif) || bps != 8 || spp != 1) {
      if (index == 0) throw InputError(path.string(), "not a class-mask pyramid (needs tiled, 8-bit, one sample)");
      continue;  // e.g. a thumbnail page
    }
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
    if (index == 0) {
      w0 = w;
      char* desc = nullptr;
      if (TIFFGetField(tif, TIFFTAG_IMAGEDESCRIPTION, &desc) && desc) {
        auto d = nlohmann::json::parse(desc, nullptr, false);
        if (d.is_object()) {
          meta_.background = static_cast<std::uint8_t>(d.value("background", 4));
          meta_.slideDownsample = d.value("slide_downsample", 1.0);
          if (d.contains("um_per_px") && d["um_per_px"].is_number()) meta_.umPerPx = d["um_per_px"].get<double>();
          meta_.extraJson = d.dump();
        }
      }
    }
    MaskLevel lv;
    lv.width = w;
    lv.height = h;
    lv.downsample = static_cast<double>(w0) / std::max<std::uint32_t>(1, w);
    levels_.push_back(lv);
    impl_->dirs.push_back(TIFFCurrentDirectory(tif));
    impl_->tileW.push_back(tw);
    impl_->tileH.push_back(th);
    ++index;
  } while (TIFFReadDirectory(tif));
  if (levels_.empty()) throw InputError(path.string(), "TIFF has no readable levels");
}

MaskPyramidReader::~MaskPyramidReader() = default;

cv::Mat MaskPyramidReader::readMaskRegion(int level, const cv::Rect& rect) const {
  if (level < 0 || level >= static_cast<int>(levels_.size()))
    throw InputError(path_.string(), "mask level " + std::to_string(level) + " does not exist (it has " +
                                         std::to_string(levels_.size()) + ")");
  if (rect.width <= 0 || rect.height <= 0) throw InputError(path_.string(), "region size must be positive");
  cv::Mat out(rect.size(), CV_8UC1, cv::Scalar(meta_.background));
  const MaskLevel& lv = levels_[static_cast<std::size_t>(level)];
  const cv::Rect inside = rect & cv::Rect(0, 0, static_cast<int>(lv.width), static_cast<int>(lv.height));
  if (inside.empty()) return out;
  std::lock_guard<std::mutex> lock(impl_->mutex);
  TIFF* tif = impl_->tif;
  if (!TIFFSetDirectory(tif, impl_->dirs[static_cast<std::size_t>(level)]))
    throw RuntimeFailure(path_.string() + ": cannot select mask level " + std::to_string(level));
  const int tw = static_cast<int>(impl_->tileW[static_cast<std::size_t>(level)]);
  const int th = static_cast<int>(impl_->tileH[static_cast<std::size_t>(level)]);
  std::vector<std::uint8_t> tile(static_cast<std::size_t>(TIFFTileSize(tif)));
  for (int ty = inside.y / th * th; ty < inside.y + inside.height; ty += th) {
    for (int tx = inside.x / tw * tw; tx < inside.x + inside.width; tx += tw) {
      const ttile_t index = TIFFComputeTile(tif, static_cast<std::uint32_t>(tx), static_cast<std::uint32_t>(ty), 0, 0);
      if (TIFFReadEncodedTile(tif, index, tile.data(), static_cast<tmsize_t>(tile.size())) < 0)
        throw RuntimeFailure(path_.string() + ": cannot read mask tile at " + std::to_string(tx) + "," +
                             std::to_string(ty) + (impl_->msgs.last.empty() ? "" : " (" + impl_->msgs.last + ")"));
      const cv::Rect part = inside & cv::Rect(tx, ty, tw, th);
      for (int y = part.y; y < part.y + part.height; ++y)
        std::memcpy(out.ptr<std::uint8_t>(y - rect.y) + (part.x - rect.x),
                    tile.data() + static_cast<std::size_t>(y - ty) * tw + (part.x - tx), static_cast<std::size_t>(part.width));
    }
  }
  return out;
}

}  // namespace arml::slide
