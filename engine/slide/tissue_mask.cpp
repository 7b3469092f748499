#include "slide/tissue_mask.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "core/errors.h"

namespace arml::slide {

cv::Mat detectTissue(const cv::Mat& rgb, const TissueOptions& options) {
  if (rgb.empty() || rgb.type() != CV_8UC3) throw InputError("detectTissue: expects a non-empty RGB 8-bit image");
  cv::Mat gray, hsv;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  cv::cvtColor(rgb, hsv, cv::COLOR_RGB2HSV);
  cv::Mat sat;
  cv::extractChannel(hsv, sat, 1);
  cv::Mat dummy;
  const double otsu = cv::threshold(sat, dummy, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  const double t = std::clamp(otsu, static_cast<double>(options.minSaturation),
                              static_cast<double>(options.maxSaturation));
  const cv::Mat notWhite = gray <= options.whiteGray;
  const cv::Mat saturated = sat >= t;
  cv::Mat tissue = notWhite & saturated;
  cv::morphologyEx(tissue, tissue, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  if (options.minComponentPx > 1) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(tissue, labels, stats, centroids, 8, CV_32S);
    std::vector<std::uint8_t> keep(static_cast<std::size_t>(n), 0);
    for (int i = 1; i < n; ++i) keep[i] = stats.at<int>(i, cv::CC_STAT_AREA) >= options.minComponentPx ? 255 : 0;
    for (int y = 0; y < tissue.rows; ++y) {
      auto* m = tissue.ptr<std::uint8_t>(y);
      const int* l = labels.ptr<int>(y);
      for (int x = 0; x < tissue.cols; ++x) m[x] = keep[static_cast<std::size_t>(l[x])];
    }
  }
  return tissue;
}

TissueMap detectSlideTissue(const SlideReader& reader, const TissueOptions& options) {
  TissueMap map;
  const cv::Mat thumb = reader.thumbnail(options.thumbnailMaxSide);
  map.mask = detectTissue(thumb, options);
  map.scaleX = static_cast<double>(thumb.cols) / reader.width();
  map.scaleY = static_cast<double>(thumb.rows) / reader.height();
  map.downsample = 0.5 * (1.0 / map.scaleX + 1.0 / map.scaleY);
  return map;
}

}  // namespace arml::slide
