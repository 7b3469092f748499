#pragma once
// Pseudo masks from Grad-CAM maps, exactly as spec §3 and the reference create_pseudo_mask:
//   Ĝ = (G − min)/(max − min) over all K maps and pixels (float32; constant maps give 0),
//   S_c = Ĝ_c where label_c = 1, else 0 (c < K),
//   S_K = backgroundScore where white(img) (LUAD-style data), else 0 (BCSS-style data),
//   mask = argmax_c S_c over K + 1 channels, the first index winning ties.
// The mask value K is the background/exclude index (4 for BCSS-WSSS and LUAD-HistoSeg).
#include <vector>

#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

namespace arml::cam {

// The reference's background score 1.000001 (above any normalised map value, which is ≤ 1).
constexpr float kWhiteBackgroundScore = 1.000001f;

// gradcam: K×H×W float maps at image size, before normalisation. label: K values 0/1.
// white: CV_8UC1 H×W, non-zero = white background; empty for BCSS-style data.
// Returns CV_8UC1 H×W of indices 0..K.
cv::Mat pseudoMaskFromGradCam(const at::Tensor& gradcam, const std::vector<int>& label, const cv::Mat& white,
                              float backgroundScore = kWhiteBackgroundScore);

// The argmax step alone on already normalised maps (K×H×W float32).
cv::Mat pseudoMaskFromNormalized(const at::Tensor& normalized, const std::vector<int>& label, const cv::Mat& white,
                                 float backgroundScore = kWhiteBackgroundScore);

// Pixel count of every index 0..classes (the last being background) in a mask.
std::vector<long long> maskClassAreas(const cv::Mat& mask, int classes);

}  // namespace arml::cam
