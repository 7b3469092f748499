#pragma once
// Tissue detection on a slide thumbnail, so that tiled inference can skip empty glass.
// LibTorch-free.
#include <opencv2/core/mat.hpp>

#include "slide/slide_reader.h"

namespace arml::slide {

struct TissueOptions {
  int thumbnailMaxSide = 2048;  // thumbnail used for detection (pixels, longer side)
  int whiteGray = 200;          // gray > whiteGray is white glass (spec §1.3, OpenCV's RGB->GRAY)
  // Saturation (HSV, 0..255) threshold: Otsu's threshold on the thumbnail, clamped to this range,
  // so that an all-tissue or all-glass thumbnail still gets a sensible cut.
  int minSaturation = 15;
  int maxSaturation = 40;
  int minComponentPx = 50;  // tissue components smaller than this (thumbnail pixels, 8-connected) are dropped
};

// 0/255 CV_8U mask of tissue for an RGB image: not white (gray <= whiteGray) and saturated
// (S >= clamp(Otsu(S))), closed with a 3x3 kernel, small components removed.
cv::Mat detectTissue(const cv::Mat& rgb, const TissueOptions& options = {});

// Tissue mask of a whole slide, at thumbnail scale.
struct TissueMap {
  cv::Mat mask;          // CV_8U, 0 or 255
  double downsample = 1; // level-0 pixels per mask pixel (x and y averaged; see scaleX/scaleY)
  double scaleX = 1;     // mask pixels per level-0 pixel, horizontally
  double scaleY = 1;     // mask pixels per level-0 pixel, vertically
};
TissueMap detectSlideTissue(const SlideReader& reader, const TissueOptions& options = {});

}  // namespace arml::slide
