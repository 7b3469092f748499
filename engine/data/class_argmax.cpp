#include "data/class_argmax.h"

#include <cstddef>

#include "core/errors.h"

namespace arml::data {

cv::Mat argmaxClass(const float* planes, int classes, int width, int height) {
  if (classes < 1 || classes > 256) throw RuntimeFailure("argmaxClass: expected 1..256 class planes");
  cv::Mat out(height, width, CV_8UC1);
  const std::size_t plane = std::size_t(width) * std::size_t(height);
  for (int y = 0; y < height; ++y) {
    unsigned char* dst = out.ptr<unsigned char>(y);
    for (int x = 0; x < width; ++x) {
      const std::size_t i = std::size_t(y) * std::size_t(width) + std::size_t(x);
      int best = 0;
      float bestValue = planes[i];
      for (int c = 1; c < classes; ++c) {
        const float v = planes[std::size_t(c) * plane + i];
        if (v > bestValue) {
          bestValue = v;
          best = c;
        }
      }
      dst[x] = static_cast<unsigned char>(best);
    }
  }
  return out;
}

}  // namespace arml::data
