#pragma once
// RGB images -> tensors, the stage-1/stage-2 input convention (spec §1.4): float RGB/255 in [0, 1],
// no ImageNet mean/std. Every path from an image to a network goes through here.
#include <vector>

#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

namespace arml::data {

// RGB CV_8UC3 (H×W) -> float32 3×H×W in [0, 1] (a new tensor; the Mat is not referenced).
at::Tensor rgbToTensor(const cv::Mat& rgb);

// RGB CV_8UC3 images of one size -> float32 N×3×H×W in [0, 1], each image as rgbToTensor makes it.
at::Tensor rgbBatchToTensor(const std::vector<cv::Mat>& images);

}  // namespace arml::data
