#pragma once
// RGB image <-> tensor, the stage-1/stage-2 input convention (spec §1.4): float RGB/255 in [0, 1],
// no ImageNet mean/std.
#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

namespace arml::data {

// RGB CV_8UC3 (H×W) -> float32 3×H×W in [0, 1] (a new tensor; the Mat is not referenced).
at::Tensor rgbToTensor(const cv::Mat& rgb);

}  // namespace arml::data
