#pragma once
// Ground-truth and training masks hold a tissue class 0..K-1 or the background / exclude index K per
// pixel. A mask with any other value is a wrong file (another dataset's palette, a colour image
// saved as indices), reported by naming that mask file and its stray values, never a batch-mate.
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace arml::eval {

// The distinct values above maxValue in `mask` (any integer tensor), ascending, at most `limit`.
std::vector<long> valuesAbove(const at::Tensor& mask, long maxValue, int limit = 8);

// masks: N x H x W (or H x W for one mask) integer tensor on any device; maskPaths[n] names mask n.
// Throws InputError "<mask n>: holds values 17, 250 that are not class indices (0..K-1 tissue, K
// background)" for the first mask with such values. classes = K.
void checkMaskValues(const at::Tensor& masks, int classes, const std::vector<std::string>& maskPaths);

}  // namespace arml::eval
