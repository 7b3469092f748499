#include "eval/segmentation_metrics.h"

#include <cmath>
#include <limits>

namespace arml::eval {

namespace {
// x / y with IEEE semantics, as numpy divides float64 arrays (0/0 = NaN).
double divide(double x, double y) { return x / y; }
}  // namespace

double nanMean(const std::vector<double>& values) {
  double sum = 0;
  int n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

SegmentationMetrics computeMetrics(const ConfusionMatrix& cm) {
  const int k = cm.classes();
  SegmentationMetrics m;
  m.classAccuracy.resize(k);
  m.iou.resize(k);
  m.dice.resize(k);
  const double total = static_cast<double>(cm.total());
  double trace = 0;
  for (int c = 0; c < k; ++c) {
    const double diag = static_cast<double>(cm.at(c, c));
    const double row = static_cast<double>(cm.gtCount(c));
    const double col = static_cast<double>(cm.predCount(c));
    trace += diag;
    m.classAccuracy[c] = divide(diag, row);
    m.iou[c] = divide(diag, row + col - diag);
    m.dice[c] = divide(2 * diag, row + col);
  }
  m.pixelAccuracy = divide(trace, total);
  m.meanAccuracy = nanMean(m.classAccuracy);
  m.meanIoU = nanMean(m.iou);
  m.meanDice = nanMean(m.dice);
  if (total > 0) {
    double fw = 0;
    for (int c = 0; c < k; ++c) {
      const double freq = static_cast<double>(cm.gtCount(c)) / total;
      if (freq > 0) fw += freq * m.iou[c];
    }
    m.fwIoU = fw;
  } else {
    m.fwIoU = std::numeric_limits<double>::quiet_NaN();
  }
  return m;
}

}  // namespace arml::eval
