#include "eval/metrics_io.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace arml::eval {

namespace {

nlohmann::json number(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

std::string csvNumber(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

double readNumber(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.contains(key)) throw InputError(source, std::string("missing field '") + key + "'");
  const auto& v = j.at(key);
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!v.is_number()) throw InputError(source, std::string("field '") + key + "' is not a number");
  return v.get<double>();
}

bool sameValue(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

MetricsReport makeReport(const ConfusionMatrix& cm, std::vector<std::string> classNames) {
  MetricsReport r;
  r.confusion = cm;
  r.metrics = computeMetrics(cm);
  if (classNames.empty())
    for (int c = 0; c < cm.classes(); ++c) classNames.push_back("class" + std::to_string(c));
  if (static_cast<int>(classNames.size()) != cm.classes())
    throw InputError("metrics report", std::to_string(classNames.size()) + " class names for " +
                                           std::to_string(cm.classes()) + " classes");
  r.classNames = std::move(classNames);
  return r;
}

nlohmann::json toJson(const MetricsReport& r) {
  const auto& m = r.metrics;
  const int k = r.confusion.classes();
  nlohmann::json perClass = nlohmann::json::array();
  nlohmann::json matrix = nlohmann::json::array();
  for (int c = 0; c < k; ++c) {
    perClass.push_back({{"class", c},
                        {"name", r.classNames[c]},
                        {"iou", number(m.iou[c])},
                        {"dice", number(m.dice[c])},
                        {"accuracy", number(m.classAccuracy[c])},
                        {"gt_pixels", r.confusion.gtCount(c)},
                        {"pred_pixels", r.confusion.predCount(c)}});
    nlohmann::json row = nlohmann::json::array();
    for (int p = 0; p < k; ++p) row.push_back(r.confusion.at(c, p));
    matrix.push_back(row);
  }
  return {{"pixels", r.confusion.total()},
          {"pixel_accuracy", number(m.pixelAccuracy)},
          {"mean_accuracy", number(m.meanAccuracy)},
          {"mean_iou", number(m.meanIoU)},
          {"fw_iou", number(m.fwIoU)},
          {"mean_dice", number(m.meanDice)},
          {"per_class", perClass},
          {"confusion_matrix", matrix}};
}

MetricsReport reportFromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object() || !j.contains("confusion_matrix") || !j.at("confusion_matrix").is_array())
    throw InputError(source, "no 'confusion_matrix' array");
  const auto& rows = j.at("confusion_matrix");
  const int k = static_cast<int>(rows.size());
  if (k < 1) throw InputError(source, "empty confusion matrix");
  ConfusionMatrix cm(k);
  for (int g = 0; g < k; ++g) {
    if (!rows[g].is_array() || static_cast<int>(rows[g].size()) != k)
      throw InputError(source, "confusion matrix is not square");
    for (int p = 0; p < k; ++p) {
      if (!rows[g][p].is_number_integer() || rows[g][p].get<std::int64_t>() < 0)
        throw InputError(source, "confusion matrix holds a value that is not a count");
      cm.at(g, p) = rows[g][p].get<std::int64_t>();
    }
  }
  std::vector<std::string> names;
  if (j.contains("per_class") && j.at("per_class").is_array() && static_cast<int>(j.at("per_class").size()) == k)
    for (const auto& c : j.at("per_class")) names.push_back(c.value("name", "class" + std::to_string(names.size())));
  MetricsReport r = makeReport(cm, names);
  const double stored = readNumber(j, "mean_iou", source);
  if (!sameValue(stored, r.metrics.meanIoU) && !(std::fabs(stored - r.metrics.meanIoU) <= 1e-12))
    throw InputError(source, "mean_iou does not match the confusion matrix");
  return r;
}

std::string toCsv(const MetricsReport& r) {
  const auto& m = r.metrics;
  const int k = r.confusion.classes();
  std::ostringstream out;
  out << "class,name,iou,dice,accuracy,gt_pixels,pred_pixels\n";
  for (int c = 0; c < k; ++c)
    out << c << ',' << csvField(r.classNames[c]) << ',' << csvNumber(m.iou[c]) << ',' << csvNumber(m.dice[c]) << ','
        << csvNumber(m.classAccuracy[c]) << ',' << r.confusion.gtCount(c) << ',' << r.confusion.predCount(c) << '\n';
  out << "\nmetric,value\n";
  out << "pixels," << r.confusion.total() << '\n';
  out << "pixel_accuracy," << csvNumber(m.pixelAccuracy) << '\n';
  out << "mean_accuracy," << csvNumber(m.meanAccuracy) << '\n';
  out << "mean_iou," << csvNumber(m.meanIoU) << '\n';
  out << "fw_iou," << csvNumber(m.fwIoU) << '\n';
  out << "mean_dice," << csvNumber(m.meanDice) << '\n';
  out << "\ngt\\pred";
  for (int p = 0; p < k; ++p) out << ',' << csvField(r.classNames[p]);
  out << '\n';
  for (int g = 0; g < k; ++g) {
    out << csvField(r.classNames[g]);
    for (int p = 0; p < k; ++p) out << ',' << r.confusion.at(g, p);
    out << '\n';
  }
  return out.str();
}

std::string toText(const MetricsReport& r) {
  const auto& m = r.metrics;
  const int k = r.confusion.classes();
  auto pct = [](double v) {
    char buf[16];
    if (std::isnan(v)) return std::string("     -");
    std::snprintf(buf, sizeof buf, "%6.2f", 100 * v);
    return std::string(buf);
  };
  std::size_t width = 5;
  for (const auto& n : r.classNames) width = std::max(width, n.size());
  std::ostringstream out;
  out << std::string(width, ' ') << "    IoU%   Dice%    Acc%   GT px\n";
  for (int c = 0; c < k; ++c)
    out << r.classNames[c] << std::string(width - r.classNames[c].size(), ' ') << "  " << pct(m.iou[c]) << "  "
        << pct(m.dice[c]) << "  " << pct(m.classAccuracy[c]) << "  " << r.confusion.gtCount(c) << '\n';
  out << "mIoU " << pct(m.meanIoU) << "  FwIoU " << pct(m.fwIoU) << "  mDice " << pct(m.meanDice) << "  PixAcc "
      << pct(m.pixelAccuracy) << "  MeanAcc " << pct(m.meanAccuracy) << "  (" << r.confusion.total() << " px)\n";
  return out.str();
}

void writeMetricsJson(const std::filesystem::path& path, const MetricsReport& report) {
  writeFileAtomically(path, toJson(report).dump(2) + "\n");
}

void writeMetricsCsv(const std::filesystem::path& path, const MetricsReport& report) {
  writeFileAtomically(path, toCsv(report));
}

MetricsReport readMetricsJson(const std::filesystem::path& path) {
  const auto bytes = readFileBytes(path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string(), std::string("not valid JSON: ") + e.what());
  }
  return reportFromJson(j, path.string());
}

}  // namespace arml::eval
