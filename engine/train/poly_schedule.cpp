#include "train/poly_schedule.h"

#include <algorithm>
#include <cmath>

namespace arml::train {

double PolySchedule::factor(std::int64_t step) const {
  if (maxStep_ <= 0) return 1.0;
  const std::int64_t t = std::clamp<std::int64_t>(step, 0, maxStep_ - 1);
  return std::pow(1.0 - double(t) / double(maxStep_), power_);
}

}  // namespace arml::train
