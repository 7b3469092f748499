#pragma once
// The class of each pixel from per-class score planes (probabilities, logits): the index of the
// largest score. The app's in-process class maps use it; the engine's tensors use torch's argmax.
#include <opencv2/core/mat.hpp>

namespace arml::data {

// planes: `classes` (1..256) planes of width × height floats, one after another.
// Returns CV_8UC1 height × width: the index of the largest value, the lowest index on ties.
cv::Mat argmaxClass(const float* planes, int classes, int width, int height);

}  // namespace arml::data
