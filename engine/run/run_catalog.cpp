#include "run/run_catalog.h"

#include <algorithm>

#include "core/errors.h"
#include "run/run_layout.h"

namespace arml::run {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool isFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The string at `key` of an object, "" when absent or not a string (a hand-edited record).
std::string stringAt(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

RunKind kindFromJob(const json& job) {
  const std::string kind = stringAt(job, "kind");
  if (kind == "pipeline" || kind == "demo") return RunKind::Pipeline;
  if (kind == "stage1" || kind == "train-cls") return RunKind::Stage1;
  if (kind == "stage2" || kind == "train-seg") return RunKind::Stage2;
  return RunKind::Unknown;
}

void addCheckpoint(RunInfo& r, int stage, CheckpointRole role, const std::vector<fs::path>& candidates) {
  for (const fs::path& p : candidates)
    if (isFile(p)) {
      r.checkpoints.push_back({stage, role, p});
      return;
    }
}

void findCheckpoints(RunInfo& r, const RunLayout& layout) {
  switch (r.kind) {
    case RunKind::Pipeline: {
      const RunLayout s1 = layout.stageRun(1), s2 = layout.stageRun(2);
      addCheckpoint(r, 1, CheckpointRole::Best, {layout.keptModel(1), s1.finalCheckpoint()});
      addCheckpoint(r, 1, CheckpointRole::Last, {s1.lastCheckpoint()});
      addCheckpoint(r, 2, CheckpointRole::Best, {layout.keptModel(2), s2.bestCheckpoint()});
      addCheckpoint(r, 2, CheckpointRole::Last, {s2.lastCheckpoint()});
      break;
    }
    case RunKind::Stage1:
      addCheckpoint(r, 1, CheckpointRole::Best, {layout.finalCheckpoint()});
      addCheckpoint(r, 1, CheckpointRole::Last, {layout.lastCheckpoint()});
      break;
    case RunKind::Stage2:
      addCheckpoint(r, 2, CheckpointRole::Best, {layout.bestCheckpoint()});
      addCheckpoint(r, 2, CheckpointRole::Last, {layout.lastCheckpoint()});
      break;
    case RunKind::Unknown: break;
  }
}

// Reads one file with `read`; a malformed file becomes a problem of the run.
template <typename F>
void tryRead(RunInfo& r, F&& read) {
  try {
    read();
  } catch (const std::exception& e) {
    r.problems.emplace_back(e.what());
  }
}

double bestFinite(const std::vector<double>& values) {
  double best = NAN;
  for (double v : values)
    if (std::isfinite(v) && !(v <= best)) best = v;
  return best;
}

void putIfSet(std::map<std::string, double>& m, const char* key, const std::optional<double>& v) {
  if (v) m[key] = *v;
}

void readMetrics(RunInfo& r, const RunLayout& layout) {
  std::map<std::string, double>& m = r.metrics;
  if (isFile(layout.summary()))
    tryRead(r, [&] {
      const RunSummary s = readRunSummary(layout.summary());
      putIfSet(m, "stage1_cam_miou", s.stage1CamMiou);
      putIfSet(m, "pseudo_mask_miou", s.pseudoMaskMiou);
      putIfSet(m, "stage2_best_val_miou", s.stage2BestValMiou);
      putIfSet(m, "stage2_test_miou", s.stage2TestMiou);
    });
  const auto keepBestValMiou = [&m](const EpochTable& t) {
    const double best = bestFinite(t.column("val_miou"));
    const auto it = m.find("best_epoch/val_miou");
    if (std::isfinite(best) && (it == m.end() || !(best <= it->second))) m["best_epoch/val_miou"] = best;
  };
  if (isFile(layout.metrics())) {
    if (r.kind == RunKind::Pipeline) {
      tryRead(r, [&] {
        for (const MetricRow& row : readPipelineMetrics(layout.metrics()))
          m[row.stage + "/" + row.split + "/" + row.metric] = row.value;
      });
    } else if (r.kind == RunKind::Stage1 || r.kind == RunKind::Stage2) {
      tryRead(r, [&] {
        const EpochTable t = readEpochTable(layout.metrics());
        if (!t.rows.empty())
          for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (!isBookkeepingColumn(t.columns[c]) && std::isfinite(t.rows.back()[c]))
              m["last_epoch/" + t.columns[c]] = t.rows.back()[c];
        keepBestValMiou(t);
      });
    }
  }
  if (isFile(layout.jobMetrics())) tryRead(r, [&] { keepBestValMiou(readJobMetrics(layout.jobMetrics())); });
  if (isFile(layout.testMetricsJson()))
    tryRead(r, [&] {
      const json t = readJsonFile(layout.testMetricsJson());
      if (t.is_object() && t.contains("mean_iou") && t.at("mean_iou").is_number())
        m["test/mean_iou"] = t.at("mean_iou").get<double>();
    });
}

// The headline from the metrics: a pipeline's summary.json, else its metrics.csv; a trainer's
// test_metrics.json and metrics.csv.
void findHeadline(RunInfo& r) {
  const auto first = [&r](std::initializer_list<const char*> keys) -> std::optional<double> {
    for (const char* key : keys) {
      const auto it = r.metrics.find(key);
      if (it != r.metrics.end() && std::isfinite(it->second)) return it->second;
    }
    return std::nullopt;
  };
  if (const auto test = first({"stage2_test_miou", "stage2/test/miou", "test/mean_iou"}))
    r.headline = RunHeadline{"test", *test};
  else if (const auto bestVal = first({"stage2_best_val_miou", "stage2/val/best_miou", "best_epoch/val_miou"}))
    r.headline = RunHeadline{"best val", *bestVal};
}

}  // namespace

std::string runStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::Finished: return "finished";
    case RunStatus::Running: return "running";
    case RunStatus::Failed: return "failed";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Incomplete: break;
  }
  return "incomplete";
}

fs::path RunInfo::checkpoint(int stage, CheckpointRole role) const {
  for (const RunCheckpointFile& c : checkpoints)
    if (c.stage == stage && c.role == role) return c.path;
  return {};
}

json readJobRecord(const fs::path& runDir, std::vector<std::string>* problems) {
  const RunLayout layout(runDir);
  try {
    if (isFile(layout.job())) {
      json job = readJsonFile(layout.job());
      if (!job.is_object()) throw InputError(layout.job().string(), "expected a JSON object");
      return job;
    }
  } catch (const std::exception& e) {
    if (problems) problems->emplace_back(e.what());
  }
  try {
    if (isFile(layout.config())) return readRunConfig(layout.config()).legacyJob;
  } catch (const std::exception& e) {
    if (problems) problems->emplace_back(e.what());
  }
  return nullptr;
}

bool isRunFolder(const fs::path& dir) {
  const RunLayout layout(dir);
  return isFile(layout.config()) || isFile(layout.job()) || isFile(layout.events());
}

RunInfo readRun(const fs::path& runDir) {
  const RunLayout layout(runDir);
  RunInfo r;
  r.id = layout.id();
  r.dir = runDir;
  if (isFile(layout.job()))
    tryRead(r, [&] {
      const json job = readJsonFile(layout.job());
      if (!job.is_object()) throw InputError(layout.job().string(), "expected a JSON object");
      r.job = job;
    });
  fs::path jobFile = r.job.is_null() ? fs::path() : layout.job();
  json legacyJob;
  if (isFile(layout.config()))
    tryRead(r, [&] {
      const RunConfig c = readRunConfig(layout.config());
      if (!c.legacyJob.is_null()) {
        legacyJob = c.legacyJob;
        return;
      }
      r.kind = c.kind;
      r.settings = c.settings;
      r.settingsFile = layout.config();
    });
  if (r.job.is_null() && !legacyJob.is_null()) {  // written before job.json existed
    r.job = legacyJob;
    jobFile = layout.config();
  }
  if (r.kind == RunKind::Unknown) r.kind = kindFromJob(r.job);
  if (r.settings.is_null() && r.job.is_object() && r.job.contains("settings")) {
    r.settings = r.job.at("settings");
    r.settingsFile = jobFile;
  }

  // Status: the run's own final files first, then the app's record.
  const bool finished = isFile(layout.summary()) || (r.kind == RunKind::Stage1 && isFile(layout.finalCheckpoint())) ||
                        (r.kind == RunKind::Stage2 && isFile(layout.testMetricsJson()));
  const std::string jobState = stringAt(r.job, "state");
  if (finished || jobState == "finished") r.status = RunStatus::Finished;
  else if (jobState == "running") r.status = RunStatus::Running;
  else if (jobState == "failed") r.status = RunStatus::Failed;
  else if (jobState == "stopped") r.status = RunStatus::Stopped;
  else r.status = RunStatus::Incomplete;

  findCheckpoints(r, layout);
  std::error_code ec;
  if (fs::is_directory(layout.masks(), ec))
    for (const auto& e : fs::directory_iterator(layout.masks(), ec))
      if (e.is_directory()) r.maskSets.push_back(e.path().filename().string());
  std::sort(r.maskSets.begin(), r.maskSets.end());
  readMetrics(r, layout);
  findHeadline(r);
  return r;
}

std::vector<RunInfo> listRuns(const fs::path& project) {
  std::vector<RunInfo> runs;
  const fs::path dir = projectRunsDir(project);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return runs;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory() && isRunFolder(e.path())) runs.push_back(readRun(e.path()));
  std::sort(runs.begin(), runs.end(), [](const RunInfo& a, const RunInfo& b) { return a.id < b.id; });
  return runs;
}

}  // namespace arml::run
