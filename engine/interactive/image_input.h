#pragma once
// An interactive::RgbImage as the engine's network input.
#include <ATen/core/Tensor.h>

#include "interactive/interactive_engine.h"

namespace arml::interactive {

// float32 1×3×H×W in [0, 1] (RGB/255, spec §1.4) on `device`. Throws std::runtime_error when the
// buffer does not hold width×height×3 bytes or the image is empty.
at::Tensor imageInput(const RgbImage& image, const std::string& device);

// A CPU float tensor P×H×W (any layout) as planes.
FloatPlanes toPlanes(const at::Tensor& planes);

}  // namespace arml::interactive
