#pragma once
// Where a patch cut from a slide sits on the slide. The app writes such patches as
// slide-patches/<slide>/<slide>_x<X>_y<Y>_s<S>.png (review.json's "image"): X, Y the level-0
// top-left corner and S the side in level-0 pixels; the patch image is S level-0 pixels square,
// scaled to its own size. Annotations of such a patch are exchanged in the slide's level-0
// coordinates, so that QuPath and ASAP show them on the slide.
#include <optional>
#include <string>

#include <opencv2/core/types.hpp>

#include "data/mask_exchange.h"

namespace arml::data {

struct SlidePatchPlacement {
  std::string slide;  // the slide's file name without extension
  long long x = 0, y = 0;  // level-0 top-left corner
  long long side = 0;      // level-0 pixels
};

// The placement an image path names, or nullopt when the path is not a slide patch's (a dataset
// patch, another layout, a name that does not parse or whose folder is not its slide).
std::optional<SlidePatchPlacement> parseSlidePatchImage(const std::string& imagePath);

// Sets options' scale and offset so that a mask of maskSize pixels covering the patch maps to
// level-0 coordinates. InputError(source, ...) when the mask is not square or empty.
void mapToLevel0(ExchangeOptions& options, const SlidePatchPlacement& placement, cv::Size maskSize,
                 const std::string& source);

}  // namespace arml::data
