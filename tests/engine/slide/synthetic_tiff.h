#pragma once
// Test helper: writes RGB tiled TIFF pyramids with libtiff, which OpenSlide opens as "generic tiled TIFF".
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>

namespace arml::test {

// Pixel source: fills a w x h RGB tile whose top-left corner is (x0, y0) of the full image.
using RgbTileFn = std::function<void(int x0, int y0, cv::Mat& tile)>;

inline void writeTiffLevel(TIFF* tif, int w, int h, int tile, const RgbTileFn& fill, bool reduced) {
  TIFFSetField(tif, TIFFTAG_SUBFILETYPE, reduced ? FILETYPE_REDUCEDIMAGE : 0);
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(w));
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(h));
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 3);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
  TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tif, TIFFTAG_TILEWIDTH, tile);
  TIFFSetField(tif, TIFFTAG_TILELENGTH, tile);
  TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
  TIFFSetField(tif, TIFFTAG_ZIPQUALITY, 1);
  cv::Mat t(tile, tile, CV_8UC3);
  for (int y = 0; y < h; y += tile)
    for (int x = 0; x < w; x += tile) {
      t.setTo(cv::Scalar(255, 255, 255));
      fill(x, y, t);
      if (TIFFWriteEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, 0), t.data, static_cast<tmsize_t>(t.total() * 3)) < 0)
        throw std::runtime_error("TIFFWriteEncodedTile failed");
    }
  if (!TIFFWriteDirectory(tif)) throw std::runtime_error("TIFFWriteDirectory failed");
}

// A pyramid of `image` (RGB) with `levels` levels, each half the previous (area interpolation).
inline void writeRgbPyramid(const std::filesystem::path& path, const cv::Mat& image, int levels, int tile = 256) {
  TIFF* tif = TIFFOpen(path.c_str(), "w");
  if (!tif) throw std::runtime_error("cannot create " + path.string());
  cv::Mat level = image;
  for (int i = 0; i < levels; ++i) {
    if (i > 0) {
      cv::Mat next;
      cv::resize(level, next, cv::Size((level.cols + 1) / 2, (level.rows + 1) / 2), 0, 0, cv::INTER_AREA);
      level = next;
    }
    const cv::Mat src = level;
    writeTiffLevel(tif, src.cols, src.rows, tile,
                   [&src](int x0, int y0, cv::Mat& t) {
                     const cv::Rect r = cv::Rect(x0, y0, t.cols, t.rows) & cv::Rect(0, 0, src.cols, src.rows);
                     src(r).copyTo(t(cv::Rect(0, 0, r.width, r.height)));
                   },
                   i > 0);
  }
  TIFFClose(tif);
}

// A single-level tiled TIFF whose pixels come from `fill`, never held whole in memory.
inline void writeRgbSingleLevel(const std::filesystem::path& path, int w, int h, const RgbTileFn& fill, int tile = 256) {
  TIFF* tif = TIFFOpen(path.c_str(), "w");
  if (!tif) throw std::runtime_error("cannot create " + path.string());
  writeTiffLevel(tif, w, h, tile, fill, false);
  TIFFClose(tif);
}

}  // namespace arml::test
