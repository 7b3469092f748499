#pragma once
// Segmentation scores of spec §6, computed from a split-level confusion matrix exactly as the
// reference tool/metrics.Evaluator does (float64, nanmean over classes). A per-class value is NaN
// where its denominator is 0: IoU and Dice when the class is absent from both GT and prediction,
// class accuracy when it is absent from GT.
#include <vector>

#include "eval/confusion_matrix.h"

namespace arml::eval {

struct SegmentationMetrics {
  double pixelAccuracy = 0;  // trace / total
  double meanAccuracy = 0;   // nanmean of classAccuracy ("Pixel_Accuracy_Class")
  double meanIoU = 0;        // nanmean of iou
  double fwIoU = 0;          // Σ over classes with GT pixels of (GT share) · IoU
  double meanDice = 0;       // nanmean of dice
  std::vector<double> classAccuracy;  // C_cc / row sum
  std::vector<double> iou;
  std::vector<double> dice;
};

// All values are NaN when the matrix is empty.
SegmentationMetrics computeMetrics(const ConfusionMatrix& cm);

// Mean of the non-NaN values; NaN when there is none (numpy.nanmean without its warning).
double nanMean(const std::vector<double>& values);

}  // namespace arml::eval
