#pragma once
// The "white" background mask of spec §1.3: gray = OpenCV RGB2GRAY (fixed point), white where
// gray > threshold (strict), then 4-connected white components smaller than minArea pixels are
// dropped. Used for LUAD pseudo masks and for display on slides.
#include <opencv2/core/mat.hpp>

namespace arml::data {

// rgb: CV_8UC3 in RGB order. Returns CV_8UC1 with 1 = background, 0 = tissue.
cv::Mat whiteBackgroundMask(const cv::Mat& rgb, int threshold = 200, int minArea = 50);

}  // namespace arml::data
