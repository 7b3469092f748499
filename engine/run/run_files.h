#pragma once
// Typed readers and writers of the files of a run folder (run/run_layout.h names them). Every
// write is atomic (core/atomic_file.h); every reader throws InputError naming the file and the
// problem when the file is malformed.
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arml::run {

// The one JSON reader of run files: InputError(path, "not valid JSON: …") on bad JSON, and
// InputError(path, "missing") when absent.
nlohmann::json readJsonFile(const std::filesystem::path& path);
// The same, but an absent file gives std::nullopt.
std::optional<nlohmann::json> readJsonFileIfExists(const std::filesystem::path& path);
// Two-space indented JSON and a final newline, written atomically.
void writeJsonFile(const std::filesystem::path& path, const nlohmann::json& value);

// --- config.json -------------------------------------------------------------------------------
enum class RunKind { Pipeline, Stage1, Stage2, Unknown };
std::string runKindName(RunKind kind);  // "pipeline", "stage1", "stage2", "unknown"

struct RunConfig {
  RunKind kind = RunKind::Unknown;
  nlohmann::json settings;  // the resolved settings (pipeline: config.json's "config"); null for a legacy job
  nlohmann::json software;  // pipeline only: versions; null for a trainer
  // An older app's job record, which it wrote into config.json before job.json existed: an object
  // with a string "kind" and neither "stage" nor "config" (no CLI config.json has "kind"). Null
  // otherwise.
  nlohmann::json legacyJob;
};
// InputError naming the file when it is not a JSON object.
RunConfig readRunConfig(const std::filesystem::path& configFile);
// Pipeline: {"config": settings, "software": software}.
void writePipelineConfig(const std::filesystem::path& configFile, const nlohmann::json& settings,
                         const nlohmann::json& software);
// Trainer: the flat settings object (with its "stage").
void writeTrainerConfig(const std::filesystem::path& configFile, const nlohmann::json& settings);

// --- state.json (pipeline) ---------------------------------------------------------------------
// Finished stages and their results, persisted after each stage: {"stages": {name: result}}.
class RunState {
public:
  // Reads the file when it exists (InputError when it is malformed), else starts empty.
  explicit RunState(std::filesystem::path file);
  bool done(const std::string& stage) const;
  // InputError naming the file when the stage is not done.
  const nlohmann::json& result(const std::string& stage) const;
  std::vector<std::string> finishedStages() const;
  // Records the stage and writes the file.
  void finish(const std::string& stage, nlohmann::json result);

private:
  std::filesystem::path file_;
  nlohmann::json state_;
};

// --- metrics.csv (pipeline): stage,split,metric,value ------------------------------------------
struct MetricRow {
  std::string stage, split, metric;
  double value = NAN;
};
extern const char* const kPipelineMetricsHeader;  // "stage,split,metric,value"
// Header plus one line per row; a value is written as JSON writes a double ("null" for NaN).
std::string formatPipelineMetrics(const std::vector<MetricRow>& rows);
void writePipelineMetrics(const std::filesystem::path& file, const std::vector<MetricRow>& rows);
// InputError naming the file (and line) on a wrong header, a wrong number of cells or a bad value.
std::vector<MetricRow> readPipelineMetrics(const std::filesystem::path& file);

// --- metrics.csv (trainer): one row per epoch ----------------------------------------------------
struct EpochTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;  // empty cells and "nan" are NaN
  // The column's values, empty when there is no such column.
  std::vector<double> column(const std::string& name) const;
};
extern const char* const kStage1MetricsHeader;
extern const char* const kStage2MetricsHeader;
// InputError naming the file (and line) on a row with another cell count or a non-number.
EpochTable readEpochTable(const std::filesystem::path& file);
// Columns of a trainer's metrics.csv that describe the run, not the model: epoch, epochs, lr, ars,
// seconds, images_per_s.
bool isBookkeepingColumn(const std::string& column);

// --- job-metrics.csv (the app's): stage,epoch,<metric columns> ----------------------------------
// The same table; the "stage" column holds names (its cells read as NaN), the others numbers.
EpochTable readJobMetrics(const std::filesystem::path& file);

// --- summary.json (pipeline) -------------------------------------------------------------------
struct RunSummary {
  std::optional<double> stage1CamMiou, pseudoMaskMiou, stage2BestValMiou, stage2TestMiou;
  std::map<std::string, std::string> models;  // "stage1"/"stage2" → path
  std::optional<double> seconds;              // wall time of the invocation that finished the run
  nlohmann::json raw;                         // the whole document
};
RunSummary readRunSummary(const std::filesystem::path& file);
void writeRunSummary(const std::filesystem::path& file, const nlohmann::json& summary);

}  // namespace arml::run
