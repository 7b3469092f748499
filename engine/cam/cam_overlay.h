#pragma once
// Quick-look pictures of CAMs: a colour-mapped map (JET, blue = 0, red = 1) alpha-blended over the
// image, and a sheet with the image followed by one overlay per class.
#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

namespace arml::cam {

// rgb: CV_8UC3 H×W (RGB). map01: H×W float in [0, 1] (values outside are clamped).
// alpha: weight of the colour map. Returns CV_8UC3 RGB.
cv::Mat camOverlay(const cv::Mat& rgb, const at::Tensor& map01, double alpha = 0.5);

// The image, then camOverlay of each of the K maps (K×H×W in [0, 1]), left to right with a
// 4-pixel white gap. Returns CV_8UC3 RGB of width (K+1)·W + 4·K.
cv::Mat camOverlaySheet(const cv::Mat& rgb, const at::Tensor& maps01, double alpha = 0.5);

}  // namespace arml::cam
