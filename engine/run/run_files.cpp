#include "run/run_files.h"

#include <cstdlib>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace arml::run {
namespace fs = std::filesystem;
using nlohmann::json;

const char* const kPipelineMetricsHeader = "stage,split,metric,value";
const char* const kStage1MetricsHeader = "epoch,loss,exact_match,jaccard,lr,ars,seconds";
const char* const kStage2MetricsHeader =
    "epoch,train_loss,train_swv,train_srm,lr,val_miou,val_fwiou,val_pixel_accuracy,val_mean_dice,seconds";

namespace {

std::string readText(const fs::path& path) {
  const auto bytes = readFileBytes(path);
  return std::string(bytes.begin(), bytes.end());
}

std::vector<std::string> splitCells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

// A CSV number: empty, "nan" and "null" are NaN; anything else must parse completely.
double parseNumber(const std::string& cell, const fs::path& file, std::size_t lineNo) {
  if (cell.empty() || cell == "nan" || cell == "null" || cell == "NaN") return NAN;
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (end == cell.c_str() || *end != '\0')
    throw InputError(file.string(), "line " + std::to_string(lineNo) + ": \"" + cell + "\" is not a number");
  return v;
}

std::optional<double> numberAt(const json& j, const char* key) {
  if (!j.contains(key) || !j.at(key).is_number()) return std::nullopt;
  return j.at(key).get<double>();
}

}  // namespace

json readJsonFile(const fs::path& path) {
  if (!fs::exists(path)) throw InputError(path.string(), "missing");
  const std::string text = readText(path);
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw InputError(path.string(), std::string("not valid JSON: ") + e.what());
  }
}

std::optional<json> readJsonFileIfExists(const fs::path& path) {
  if (!fs::exists(path)) return std::nullopt;
  return readJsonFile(path);
}

void writeJsonFile(const fs::path& path, const json& value) { writeFileAtomically(path, value.dump(2) + "\n"); }

std::string runKindName(RunKind kind) {
  switch (kind) {
    case RunKind::Pipeline: return "pipeline";
    case RunKind::Stage1: return "stage1";
    case RunKind::Stage2: return "stage2";
    case RunKind::Unknown: break;
  }
  return "unknown";
}

RunConfig readRunConfig(const fs::path& configFile) {
  const json doc = readJsonFile(configFile);
  if (!doc.is_object()) throw InputError(configFile.string(), "expected a JSON object");
  RunConfig c;
  if (doc.contains("config")) {
    if (!doc.at("config").is_object()) throw InputError(configFile.string(), "\"config\" is not an object");
    c.kind = RunKind::Pipeline;
    c.settings = doc.at("config");
    c.software = doc.value("software", json());
    return c;
  }
  if (doc.contains("stage")) {
    const json& stage = doc.at("stage");
    if (stage == "stage1") c.kind = RunKind::Stage1;
    else if (stage == "stage2") c.kind = RunKind::Stage2;
    else throw InputError(configFile.string(), "\"stage\" is " + stage.dump() + ", expected \"stage1\" or \"stage2\"");
    c.settings = doc;
    return c;
  }
  if (doc.contains("kind") && doc.at("kind").is_string()) {  // an older app's job record
    c.legacyJob = doc;
    return c;
  }
  c.settings = doc;
  return c;
}

void writePipelineConfig(const fs::path& configFile, const json& settings, const json& software) {
  writeJsonFile(configFile, {{"config", settings}, {"software", software}});
}

void writeTrainerConfig(const fs::path& configFile, const json& settings) {
  if (!settings.is_object() || !settings.contains("stage"))
    throw std::invalid_argument("writeTrainerConfig: settings need a \"stage\"");
  writeJsonFile(configFile, settings);
}

RunState::RunState(fs::path file) : file_(std::move(file)) {
  const std::optional<json> doc = readJsonFileIfExists(file_);
  if (!doc) {
    state_ = {{"stages", json::object()}};
    return;
  }
  if (!doc->is_object() || !doc->contains("stages") || !doc->at("stages").is_object())
    throw InputError(file_.string(), "expected an object with \"stages\"");
  state_ = *doc;
}

bool RunState::done(const std::string& stage) const { return state_.at("stages").contains(stage); }

const json& RunState::result(const std::string& stage) const {
  if (!done(stage)) throw InputError(file_.string(), "stage \"" + stage + "\" is not finished");
  return state_.at("stages").at(stage);
}

std::vector<std::string> RunState::finishedStages() const {
  std::vector<std::string> names;
  for (const auto& [k, v] : state_.at("stages").items()) names.push_back(k);
  return names;
}

void RunState::finish(const std::string& stage, json result) {
  state_["stages"][stage] = std::move(result);
  writeJsonFile(file_, state_);
}

std::string formatPipelineMetrics(const std::vector<MetricRow>& rows) {
  std::string csv = std::string(kPipelineMetricsHeader) + "\n";
  for (const MetricRow& r : rows) csv += r.stage + "," + r.split + "," + r.metric + "," + json(r.value).dump() + "\n";
  return csv;
}

void writePipelineMetrics(const fs::path& file, const std::vector<MetricRow>& rows) {
  writeFileAtomically(file, formatPipelineMetrics(rows));
}

std::vector<MetricRow> readPipelineMetrics(const fs::path& file) {
  if (!fs::exists(file)) throw InputError(file.string(), "missing");
  const std::vector<std::string> ls = lines(readText(file));
  if (ls.empty() || ls[0] != kPipelineMetricsHeader)
    throw InputError(file.string(), std::string("line 1: expected the header \"") + kPipelineMetricsHeader + "\"");
  std::vector<MetricRow> rows;
  for (std::size_t i = 1; i < ls.size(); ++i) {
    if (ls[i].empty()) continue;
    const std::vector<std::string> cells = splitCells(ls[i]);
    if (cells.size() != 4)
      throw InputError(file.string(), "line " + std::to_string(i + 1) + ": expected 4 cells, found " +
                                          std::to_string(cells.size()));
    rows.push_back({cells[0], cells[1], cells[2], parseNumber(cells[3], file, i + 1)});
  }
  return rows;
}

std::vector<double> EpochTable::column(const std::string& name) const {
  std::vector<double> values;
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) {
      for (const auto& row : rows) values.push_back(row[c]);
      break;
    }
  return values;
}

namespace {
// A per-epoch table; the cells of `textColumn` (when not empty) are names, read as NaN.
EpochTable readTable(const fs::path& file, const std::string& textColumn) {
  if (!fs::exists(file)) throw InputError(file.string(), "missing");
  const std::vector<std::string> ls = lines(readText(file));
  if (ls.empty() || ls[0].empty()) throw InputError(file.string(), "line 1: no header");
  EpochTable t;
  t.columns = splitCells(ls[0]);
  for (std::size_t i = 1; i < ls.size(); ++i) {
    if (ls[i].empty()) continue;
    const std::vector<std::string> cells = splitCells(ls[i]);
    if (cells.size() != t.columns.size())
      throw InputError(file.string(), "line " + std::to_string(i + 1) + ": expected " +
                                          std::to_string(t.columns.size()) + " cells, found " +
                                          std::to_string(cells.size()));
    std::vector<double> row;
    for (std::size_t c = 0; c < cells.size(); ++c)
      row.push_back(!textColumn.empty() && t.columns[c] == textColumn ? NAN : parseNumber(cells[c], file, i + 1));
    t.rows.push_back(std::move(row));
  }
  return t;
}
}  // namespace

EpochTable readEpochTable(const fs::path& file) { return readTable(file, {}); }

EpochTable readJobMetrics(const fs::path& file) { return readTable(file, "stage"); }

bool isBookkeepingColumn(const std::string& column) {
  for (const char* name : {"epoch", "epochs", "lr", "ars", "seconds", "images_per_s"})
    if (column == name) return true;
  return false;
}

RunSummary readRunSummary(const fs::path& file) {
  RunSummary s;
  s.raw = readJsonFile(file);
  if (!s.raw.is_object()) throw InputError(file.string(), "expected a JSON object");
  s.stage1CamMiou = numberAt(s.raw, "stage1_cam_miou");
  s.pseudoMaskMiou = numberAt(s.raw, "pseudo_mask_miou");
  s.stage2BestValMiou = numberAt(s.raw, "stage2_best_val_miou");
  s.stage2TestMiou = numberAt(s.raw, "stage2_test_miou");
  s.seconds = numberAt(s.raw, "seconds_this_invocation");
  if (s.raw.contains("models")) {
    if (!s.raw.at("models").is_object()) throw InputError(file.string(), "\"models\" is not an object");
    for (const auto& [k, v] : s.raw.at("models").items())
      if (v.is_string()) s.models[k] = v.get<std::string>();
  }
  return s;
}

void writeRunSummary(const fs::path& file, const json& summary) { writeJsonFile(file, summary); }

}  // namespace arml::run
