#include "data/palette_png.h"

#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstring>
#include <string>

#include <opencv2/core.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/png_chunks.h"

namespace arml::data {

namespace fs = std::filesystem;

namespace {

// libpng reports errors by longjmp; everything that must survive it lives in this struct, which
// belongs to the caller's frame (no C++ object with a destructor is created after setjmp).
struct ReadState {
  const unsigned char* data = nullptr;
  std::size_t size = 0;
  std::size_t pos = 0;
  char error[256] = {0};
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;
  std::vector<png_color> palette;
  std::vector<png_bytep> rows;
};

void readFromMemory(png_structp png, png_bytep out, png_size_t n) {
  auto* s = static_cast<ReadState*>(png_get_io_ptr(png));
  if (s->pos + n > s->size) png_error(png, "unexpected end of file");
  std::memcpy(out, s->data + s->pos, n);
  s->pos += n;
}

void onError(png_structp png, png_const_charp msg) {
  auto* s = static_cast<ReadState*>(png_get_error_ptr(png));
  std::snprintf(s->error, sizeof(s->error), "%s", msg);
  png_longjmp(png, 1);
}

void onWarning(png_structp, png_const_charp) {}

// Returns false with s.error set on a libpng error.
bool decodeIndices(ReadState& s) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s, onError, onWarning);
  if (!png) {
    std::snprintf(s.error, sizeof(s.error), "out of memory");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    std::snprintf(s.error, sizeof(s.error), "out of memory");
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, &s, readFromMemory);
  png_read_info(png, info);
  const png_uint_32 w = png_get_image_width(png, info);
  const png_uint_32 h = png_get_image_height(png, info);
  const int depth = png_get_bit_depth(png, info);
  if (depth < 8) png_set_packing(png);  // one byte per pixel, raw value (no scaling of gray)
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  if (png_get_rowbytes(png, info) != w) png_error(png, "unexpected row size");
  png_colorp pal = nullptr;
  int palCount = 0;
  if (png_get_color_type(png, info) == PNG_COLOR_TYPE_PALETTE && png_get_PLTE(png, info, &pal, &palCount))
    s.palette.assign(pal, pal + palCount);
  s.width = int(w);
  s.height = int(h);
  s.pixels.resize(std::size_t(w) * h);
  s.rows.resize(h);
  for (png_uint_32 y = 0; y < h; ++y) s.rows[y] = s.pixels.data() + std::size_t(y) * w;
  png_read_image(png, s.rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

struct WriteState {
  std::vector<unsigned char> out;
  char error[256] = {0};
};

void writeToMemory(png_structp png, png_bytep in, png_size_t n) {
  auto* s = static_cast<WriteState*>(png_get_io_ptr(png));
  s->out.insert(s->out.end(), in, in + n);
}
void flushNothing(png_structp) {}

void onWriteError(png_structp png, png_const_charp msg) {
  auto* s = static_cast<WriteState*>(png_get_error_ptr(png));
  std::snprintf(s->error, sizeof(s->error), "%s", msg);
  png_longjmp(png, 1);
}

bool encode(WriteState& s, const cv::Mat& indices, const std::vector<png_color>& palette,
            std::vector<png_bytep>& rows) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &s, onWriteError, onWarning);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, &s, writeToMemory, flushNothing);
  png_set_IHDR(png, info, png_uint_32(indices.cols), png_uint_32(indices.rows), 8, PNG_COLOR_TYPE_PALETTE,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_PLTE(png, info, palette.data(), int(palette.size()));
  png_write_info(png, info);
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

IndexedImage decodeIndexedPng(const unsigned char* data, std::size_t size, const std::string& source, long long maxPixels) {
  PngHeader header;
  const std::string problem = checkPngStructure(data, size, header);
  if (!problem.empty()) throw InputError(source, problem);
  const bool palette = header.colorType == 3;
  const bool gray = header.colorType == 0 && header.bitDepth <= 8;
  if (!palette && !gray)
    throw InputError(source, "mask is a " + describePngFormat(header) +
                                 " PNG; expected an 8-bit palette (mode P) or 8-bit grayscale index mask");
  if (static_cast<long long>(header.width) * header.height > maxPixels)
    throw InputError(source, "mask is " + std::to_string(header.width) + " x " + std::to_string(header.height) +
                                 " pixels; masks of more than " + std::to_string(maxPixels) + " pixels are refused");
  ReadState s;
  s.data = data;
  s.size = size;
  if (!decodeIndices(s)) throw InputError(source, std::string("corrupt PNG mask: ") + s.error);
  IndexedImage out;
  out.indices = cv::Mat(s.height, s.width, CV_8UC1);
  std::memcpy(out.indices.data, s.pixels.data(), s.pixels.size());
  for (const png_color& c : s.palette) out.palette.push_back({c.red, c.green, c.blue});
  return out;
}

IndexedImage readIndexedPng(const fs::path& path, long long maxPixels) {
  const std::vector<unsigned char> bytes = readFileBytes(path);
  return decodeIndexedPng(bytes.data(), bytes.size(), path.string(), maxPixels);
}

cv::Mat readIndexMask(const fs::path& path) { return readIndexedPng(path).indices; }

std::vector<unsigned char> encodePalettePng(const cv::Mat& indices, const Palette& palette) {
  if (indices.type() != CV_8UC1 || indices.empty())
    throw RuntimeFailure("encodePalettePng: indices must be a non-empty 8-bit single-channel image");
  double maxIndex = 0;
  cv::minMaxLoc(indices, nullptr, &maxIndex);
  std::vector<png_color> pal;
  for (const Rgb& c : palette) pal.push_back({c[0], c[1], c[2]});
  while (pal.size() < std::size_t(maxIndex) + 1) pal.push_back({0, 0, 0});
  if (pal.size() > 256) pal.resize(256);
  cv::Mat contiguous = indices.isContinuous() ? indices : indices.clone();
  std::vector<png_bytep> rows(std::size_t(contiguous.rows));
  for (int y = 0; y < contiguous.rows; ++y) rows[std::size_t(y)] = contiguous.ptr<unsigned char>(y);
  WriteState s;
  if (!encode(s, contiguous, pal, rows)) throw RuntimeFailure(std::string("cannot encode palette PNG: ") + s.error);
  return std::move(s.out);
}

void writePalettePng(const fs::path& path, const cv::Mat& indices, const Palette& palette) {
  writeFileAtomically(path, encodePalettePng(indices, palette));
}

}  // namespace arml::data
