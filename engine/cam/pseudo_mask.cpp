#include "cam/pseudo_mask.h"

#include <torch/torch.h>

#include "cam/class_maps.h"
#include "core/errors.h"

namespace arml::cam {

cv::Mat pseudoMaskFromNormalized(const at::Tensor& normalized, const std::vector<int>& label, const cv::Mat& white,
                                 float backgroundScore) {
  if (normalized.dim() != 3) throw RuntimeFailure("pseudo mask: maps must be K×H×W");
  const int k = static_cast<int>(normalized.size(0));
  const int h = static_cast<int>(normalized.size(1));
  const int w = static_cast<int>(normalized.size(2));
  if (static_cast<int>(label.size()) != k)
    throw RuntimeFailure("pseudo mask: " + std::to_string(label.size()) + " labels for " + std::to_string(k) +
                         " maps");
  if (!white.empty() && (white.rows != h || white.cols != w || white.type() != CV_8UC1))
    throw RuntimeFailure("pseudo mask: white mask does not match the maps' size");
  const at::Tensor maps = normalized.to(torch::kCPU, torch::kFloat).contiguous();
  const float* m = maps.data_ptr<float>();
  const std::size_t plane = static_cast<std::size_t>(h) * w;
  cv::Mat mask(h, w, CV_8UC1);
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* wrow = white.empty() ? nullptr : white.ptr<std::uint8_t>(y);
    std::uint8_t* out = mask.ptr<std::uint8_t>(y);
    for (int x = 0; x < w; ++x) {
      const std::size_t p = static_cast<std::size_t>(y) * w + x;
      int best = 0;
      float bestScore = label[0] ? m[p] : 0.0f;
      for (int c = 1; c < k; ++c) {
        const float s = label[c] ? m[c * plane + p] : 0.0f;
        if (s > bestScore) {  // strict: the first index wins ties
          best = c;
          bestScore = s;
        }
      }
      const float bg = (wrow && wrow[x]) ? backgroundScore : 0.0f;
      if (bg > bestScore) best = k;
      out[x] = static_cast<std::uint8_t>(best);
    }
  }
  return mask;
}

cv::Mat pseudoMaskFromGradCam(const at::Tensor& gradcam, const std::vector<int>& label, const cv::Mat& white,
                              float backgroundScore) {
  torch::NoGradGuard noGrad;
  const auto norm = normalizeGlobal(gradcam.to(torch::kCPU, torch::kFloat).unsqueeze(0))[0];
  return pseudoMaskFromNormalized(norm, label, white, backgroundScore);
}

std::vector<long long> maskClassAreas(const cv::Mat& mask, int classes) {
  std::vector<long long> areas(static_cast<std::size_t>(classes) + 1, 0);
  for (int y = 0; y < mask.rows; ++y) {
    const std::uint8_t* row = mask.ptr<std::uint8_t>(y);
    for (int x = 0; x < mask.cols; ++x)
      if (row[x] <= classes) ++areas[row[x]];
  }
  return areas;
}

}  // namespace arml::cam
