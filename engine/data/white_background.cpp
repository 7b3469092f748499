#include "data/white_background.h"

#include <opencv2/imgproc.hpp>

#include "core/errors.h"

namespace arml::data {

cv::Mat whiteBackgroundMask(const cv::Mat& rgb, int threshold, int minArea) {
  if (rgb.type() != CV_8UC3) throw RuntimeFailure("whiteBackgroundMask: expected an 8-bit RGB image");
  cv::Mat gray;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  cv::Mat white = gray > threshold;  // 255 / 0
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(white, labels, stats, centroids, 4, CV_32S);
  std::vector<unsigned char> keep(std::size_t(n), 0);
  for (int i = 1; i < n; ++i) keep[std::size_t(i)] = stats.at<int>(i, cv::CC_STAT_AREA) >= minArea ? 1 : 0;
  cv::Mat out(rgb.size(), CV_8UC1);
  for (int y = 0; y < out.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    unsigned char* o = out.ptr<unsigned char>(y);
    for (int x = 0; x < out.cols; ++x) o[x] = keep[std::size_t(l[x])];
  }
  return out;
}

}  // namespace arml::data
