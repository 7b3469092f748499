#include "data/image_io.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/image_header.h"
#include "data/png_chunks.h"

namespace arml::data {

namespace fs = std::filesystem;

namespace {

bool isJpeg(const std::vector<unsigned char>& b) { return b.size() >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff; }

// libjpeg fills a truncated JPEG with gray and only warns; a complete one ends with EOI (FFD9),
// possibly followed by padding.
bool jpegHasEnd(const std::vector<unsigned char>& b) {
  for (std::size_t i = b.size(); i >= 2 && b.size() - i < 4096; --i)
    if (b[i - 2] == 0xff && b[i - 1] == 0xd9) return true;
  return false;
}

}  // namespace

cv::Mat readRgbImage(const fs::path& path) {
  const std::vector<unsigned char> bytes = readFileBytes(path);  // InputError when missing/unreadable
  if (bytes.empty()) throw InputError(path.string(), "empty file, not an image");
  checkDeclaredImageSize(path, bytes.data(), bytes.size());  // before any decoder allocates
  cv::Size expected;
  if (hasPngSignature(bytes.data(), bytes.size())) {
    PngHeader header;
    const std::string problem = checkPngStructure(bytes.data(), bytes.size(), header);
    if (!problem.empty()) throw InputError(path.string(), problem);
    expected = cv::Size(header.width, header.height);
  } else if (isJpeg(bytes) && !jpegHasEnd(bytes)) {
    throw InputError(path.string(), "truncated JPEG (no end-of-image marker)");
  }
  cv::Mat bgr;
  try {
    bgr = cv::imdecode(bytes, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw InputError(path.string(), std::string("cannot decode image: ") + e.what());
  }
  if (bgr.empty()) throw InputError(path.string(), "not a readable image (corrupt or unsupported format)");
  if (bgr.type() != CV_8UC3) throw InputError(path.string(), "unexpected pixel format after decoding");
  if (!expected.empty() && bgr.size() != expected)
    throw InputError(path.string(), "corrupt PNG (decoded size differs from its header)");
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

cv::Size readImageSize(const fs::path& path) {
  const std::vector<unsigned char> bytes = readFileBytes(path);
  if (bytes.empty()) throw InputError(path.string(), "empty file, not an image");
  checkDeclaredImageSize(path, bytes.data(), bytes.size());
  if (hasPngSignature(bytes.data(), bytes.size())) {
    PngHeader header;
    const std::string problem = checkPngStructure(bytes.data(), bytes.size(), header);
    if (!problem.empty()) throw InputError(path.string(), problem);
    return {header.width, header.height};
  }
  return readRgbImage(path).size();
}

void writeRgbPng(const fs::path& path, const cv::Mat& rgb) {
  if (rgb.type() != CV_8UC3) throw RuntimeFailure(path.string() + ": writeRgbPng needs an 8-bit RGB image");
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<unsigned char> bytes;
  if (!cv::imencode(".png", bgr, bytes)) throw RuntimeFailure(path.string() + ": cannot encode PNG");
  writeFileAtomically(path, bytes);
}

}  // namespace arml::data
