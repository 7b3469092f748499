#pragma once
// SegmenterSession on a stage-2 checkpoint (train::loadSegmenter): softmax probabilities of one
// image. An image that fits in one tile goes through in one pass, exactly as `arml predict` runs an
// image; a larger one is cut into overlapping tiles whose logits are blended with the slide
// predictor's ramp (slide::tileBlendRamp) before the softmax.
#include <memory>
#include <string>

#include "interactive/interactive_engine.h"

namespace arml::interactive {

struct SegmenterTiling {
  int tile = 0;      // 0: the checkpoint's training patch size (meta.config.patch_size), else 224
  int overlap = -1;  // < 0: a quarter tile
  int batch = 4;     // tiles per network call (cancellation is checked between calls)
};

// device: already resolved ("cpu", "cuda", "cuda:N"). Throws what loadSegmenter throws.
std::unique_ptr<SegmenterSession> openSegmenterSession(const std::string& weights, const std::string& device,
                                                       const SegmenterTiling& tiling = {});

}  // namespace arml::interactive
