#pragma once
// ClassifierSession on a stage-1 checkpoint (cam::loadCamModel): plain and relocalized CAMs of one
// image, upsampled to the image size.
#include <memory>
#include <string>

#include "interactive/interactive_engine.h"

namespace arml::interactive {

// device: already resolved ("cpu", "cuda", "cuda:N"). Throws what loadCamModel throws.
std::unique_ptr<ClassifierSession> openClassifierSession(const std::string& weights, const std::string& device);

}  // namespace arml::interactive
