#include "cam/cam_overlay.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "core/errors.h"

namespace arml::cam {

cv::Mat camOverlay(const cv::Mat& rgb, const at::Tensor& map01, double alpha) {
  if (map01.dim() != 2 || map01.size(0) != rgb.rows || map01.size(1) != rgb.cols)
    throw RuntimeFailure("CAM overlay: map size differs from the image");
  const at::Tensor bytes =
      (map01.detach().to(torch::kCPU, torch::kFloat).clamp(0, 1) * 255).round().to(torch::kByte).contiguous();
  const cv::Mat gray(rgb.rows, rgb.cols, CV_8UC1, const_cast<std::uint8_t*>(bytes.data_ptr<std::uint8_t>()));
  cv::Mat bgr, colour, out;
  cv::applyColorMap(gray, bgr, cv::COLORMAP_JET);
  cv::cvtColor(bgr, colour, cv::COLOR_BGR2RGB);
  cv::addWeighted(colour, alpha, rgb, 1.0 - alpha, 0.0, out);
  return out;
}

cv::Mat camOverlaySheet(const cv::Mat& rgb, const at::Tensor& maps01, double alpha) {
  const int k = static_cast<int>(maps01.size(0));
  const int gap = 4;
  cv::Mat sheet(rgb.rows, (k + 1) * rgb.cols + gap * k, CV_8UC3, cv::Scalar(255, 255, 255));
  rgb.copyTo(sheet(cv::Rect(0, 0, rgb.cols, rgb.rows)));
  for (int c = 0; c < k; ++c)
    camOverlay(rgb, maps01[c], alpha).copyTo(sheet(cv::Rect((c + 1) * (rgb.cols + gap), 0, rgb.cols, rgb.rows)));
  return sheet;
}

}  // namespace arml::cam
