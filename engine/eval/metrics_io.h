#pragma once
// Writing and reading segmentation scores: JSON (for scripts and the GUI) and CSV (for
// spreadsheets). Both hold the per-class table, the summary and the confusion matrix.
// NaN (class absent) is `null` in JSON and `nan` in CSV. Numbers keep full double precision.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/confusion_matrix.h"
#include "eval/segmentation_metrics.h"

namespace arml::eval {

struct MetricsReport {
  std::vector<std::string> classNames;  // one per class; empty -> "class0", "class1", ...
  ConfusionMatrix confusion{4};
  SegmentationMetrics metrics;
};

MetricsReport makeReport(const ConfusionMatrix& cm, std::vector<std::string> classNames = {});

// {"pixels", "pixel_accuracy", "mean_accuracy", "mean_iou", "fw_iou", "mean_dice",
//  "per_class": [{"class", "name", "iou", "dice", "accuracy", "gt_pixels", "pred_pixels"}],
//  "confusion_matrix": [[rows = GT]]}
nlohmann::json toJson(const MetricsReport& report);
// Rebuilds a report from toJson's output (metrics are recomputed from the matrix and must agree).
// Throws InputError naming `source` when fields are missing or inconsistent.
MetricsReport reportFromJson(const nlohmann::json& j, const std::string& source = "metrics JSON");

// Three blank-line-separated sections, each with its own header row:
//   class,name,iou,dice,accuracy,gt_pixels,pred_pixels
//   metric,value
//   gt\pred,<name 0>,<name 1>,...
std::string toCsv(const MetricsReport& report);
// A fixed-width table for a terminal.
std::string toText(const MetricsReport& report);

void writeMetricsJson(const std::filesystem::path& path, const MetricsReport& report);
void writeMetricsCsv(const std::filesystem::path& path, const MetricsReport& report);
MetricsReport readMetricsJson(const std::filesystem::path& path);

}  // namespace arml::eval
