#pragma once
// The default CPU generator's state as bytes, so that a checkpoint can resume the same random
// stream (dropout masks) an uninterrupted run would have drawn.
#include <string>

namespace arml::train {

std::string rngStateBytes();
// Empty bytes (a checkpoint without RNG state) leave the generator as it is.
void restoreRngState(const std::string& bytes);

}  // namespace arml::train
