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

RunKind kindFromJob(const json& job) {
  const std::string kind = job.is_object() ? job.value("kind", std::string()) : std::string();
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

void findHeadline(RunInfo& r, const RunLayout& layout) {
  std::optional<double> test, bestVal;
  if (r.kind == RunKind::Pipeline) {
    if (isFile(layout.summary()))
      tryRead(r, [&] {
        const RunSummary s = readRunSummary(layout.summary());
        test = s.stage2TestMiou;
        bestVal = s.stage2BestValMiou;
      });
    if (!test && !bestVal && isFile(layout.metrics()))
      tryRead(r, [&] {
        for (const MetricRow& row : readPipelineMetrics(layout.metrics())) {
          if (!std::isfinite(row.value) || row.stage != "stage2") continue;
          if (row.split == "test" && row.metric == "miou") test = row.value;
          if (row.split == "val" && row.metric == "best_miou") bestVal = row.value;
        }
      });
  } else if (r.kind == RunKind::Stage2) {
    if (isFile(layout.testMetricsJson()))
      tryRead(r, [&] {
        const json t = readJsonFile(layout.testMetricsJson());
        if (t.is_object() && t.contains("mean_iou") && t.at("mean_iou").is_number()) test = t.at("mean_iou").get<double>();
      });
    if (isFile(layout.metrics()))
      tryRead(r, [&] {
        const double v = bestFinite(readEpochTable(layout.metrics()).column("val_miou"));
        if (std::isfinite(v)) bestVal = v;
      });
  }
  if (test) r.headline = RunHeadline{"test", *test};
  else if (bestVal) r.headline = RunHeadline{"best val", *bestVal};
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
  if (isFile(layout.config()))
    tryRead(r, [&] {
      const RunConfig c = readRunConfig(layout.config());
      r.kind = c.kind;
      r.settings = c.settings;
    });
  if (r.kind == RunKind::Unknown) r.kind = kindFromJob(r.job);
  if (r.settings.is_null() && r.job.is_object() && r.job.contains("settings")) r.settings = r.job.at("settings");

  // Status: the run's own final files first, then the app's record.
  const bool finished = isFile(layout.summary()) || (r.kind == RunKind::Stage1 && isFile(layout.finalCheckpoint())) ||
                        (r.kind == RunKind::Stage2 && isFile(layout.testMetricsJson()));
  const std::string jobState = r.job.is_object() ? r.job.value("state", std::string()) : std::string();
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
  findHeadline(r, layout);
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
