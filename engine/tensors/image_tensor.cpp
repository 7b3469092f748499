#include "tensors/image_tensor.h"

#include <cstddef>

#include <torch/types.h>

namespace arml::data {

namespace {

// One image into 3 planes of H×W floats at dst: value / 255 in float, as torch's div computes it.
void writeRgbPlanes(const cv::Mat& rgb, float* dst) {
  CV_Assert(rgb.type() == CV_8UC3);
  const std::size_t w = std::size_t(rgb.cols), plane = w * std::size_t(rgb.rows);
  for (int y = 0; y < rgb.rows; ++y) {
    const unsigned char* p = rgb.ptr<unsigned char>(y);
    float* row = dst + std::size_t(y) * w;
    for (std::size_t x = 0; x < w; ++x)
      for (std::size_t c = 0; c < 3; ++c) row[c * plane + x] = float(p[x * 3 + c]) / 255.0f;
  }
}

}  // namespace

at::Tensor rgbToTensor(const cv::Mat& rgb) {
  at::Tensor out = torch::empty({3, rgb.rows, rgb.cols}, torch::kFloat32);
  writeRgbPlanes(rgb, out.data_ptr<float>());
  return out;
}

at::Tensor rgbBatchToTensor(const std::vector<cv::Mat>& images) {
  const int h = images.empty() ? 0 : images[0].rows, w = images.empty() ? 0 : images[0].cols;
  at::Tensor out = torch::empty({std::int64_t(images.size()), 3, h, w}, torch::kFloat32);
  const std::size_t stride = 3 * std::size_t(h) * std::size_t(w);
  for (std::size_t n = 0; n < images.size(); ++n) {
    CV_Assert(images[n].rows == h && images[n].cols == w);
    writeRgbPlanes(images[n], out.data_ptr<float>() + n * stride);
  }
  return out;
}

}  // namespace arml::data
