#include <QtTest>

#include <filesystem>
#include <fstream>

#include "run/run_catalog.h"
#include "run/run_layout.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace arml::run;

namespace {
void writeText(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}
bool hasProblem(const RunInfo& r, const std::string& part) {
  for (const std::string& p : r.problems)
    if (p.find(part) != std::string::npos) return true;
  return false;
}

// A finished pipeline run as `arml pipeline` leaves it.
void makePipelineRun(const RunLayout& run) {
  writePipelineConfig(run.config(), {{"seed", 7}}, {{"arml", "test"}});
  RunState(run.state()).finish("stage1", {{"epochs", 1}});
  writeText(run.stageRun(1).finalCheckpoint(), "x");
  writeText(run.stageRun(1).lastCheckpoint(), "x");
  writeText(run.stageRun(2).bestCheckpoint(), "x");
  writeText(run.stageRun(2).lastCheckpoint(), "x");
  writeText(run.keptModel(1), "x");
  writeText(run.keptModel(2), "x");
  fs::create_directories(run.maskSet("bn7"));
  fs::create_directories(run.maskSet("b4_5"));
  writeText(run.masksSummary(), "{}");
  writePipelineMetrics(run.metrics(), {{"stage2", "val", "best_miou", 0.4}, {"stage2", "test", "miou", 0.35}});
  writeRunSummary(run.summary(), {{"stage2_test_miou", 0.35}, {"stage2_best_val_miou", 0.4}});
}
}  // namespace

class TestRunCatalog : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void finishedPipelineRun() {
    const fs::path project = arml::test::scratchDir("catalog-pipeline");
    const RunLayout run(projectRunsDir(project) / "r1");
    makePipelineRun(run);
    const std::vector<RunInfo> runs = listRuns(project);
    QCOMPARE(runs.size(), std::size_t(1));
    const RunInfo& r = runs[0];
    QVERIFY2(r.problems.empty(), r.problems.empty() ? "" : r.problems[0].c_str());
    QCOMPARE(r.id, std::string("r1"));
    QVERIFY(r.kind == RunKind::Pipeline);
    QCOMPARE(runStatusName(r.status), std::string("finished"));
    QCOMPARE(r.checkpoint(1, CheckpointRole::Best), run.keptModel(1));
    QCOMPARE(r.checkpoint(1, CheckpointRole::Last), run.stageRun(1).lastCheckpoint());
    QCOMPARE(r.checkpoint(2, CheckpointRole::Best), run.keptModel(2));
    QCOMPARE(r.checkpoint(2, CheckpointRole::Last), run.stageRun(2).lastCheckpoint());
    QCOMPARE(r.maskSets, (std::vector<std::string>{"b4_5", "bn7"}));
    QVERIFY(r.headline);
    QCOMPARE(r.headline->scope, std::string("test"));
    QCOMPARE(r.headline->miou, 0.35);
    QCOMPARE(r.settings.at("seed").get<int>(), 7);
  }

  void unfinishedPipelineFallsBackToNestedCheckpointsAndMetrics() {
    const fs::path project = arml::test::scratchDir("catalog-partial");
    const RunLayout run(projectRunsDir(project) / "r2");
    writePipelineConfig(run.config(), {{"seed", 1}}, json::object());
    writeText(run.stageRun(1).finalCheckpoint(), "x");
    writePipelineMetrics(run.metrics(), {{"stage2", "val", "best_miou", 0.4}});
    const RunInfo r = readRun(run.root());
    QCOMPARE(runStatusName(r.status), std::string("incomplete"));
    QCOMPARE(r.checkpoint(1, CheckpointRole::Best), run.stageRun(1).finalCheckpoint());
    QVERIFY(r.checkpoint(2, CheckpointRole::Best).empty());
    QVERIFY(r.headline);
    QCOMPARE(r.headline->scope, std::string("best val"));
    QCOMPARE(r.headline->miou, 0.4);
  }

  void trainerRuns() {
    const fs::path project = arml::test::scratchDir("catalog-trainers");
    const RunLayout cls(projectRunsDir(project) / "cls");
    writeTrainerConfig(cls.config(), {{"stage", "stage1"}, {"epochs", 2}});
    writeText(cls.lastCheckpoint(), "x");
    const RunLayout seg(projectRunsDir(project) / "seg");
    writeTrainerConfig(seg.config(), {{"stage", "stage2"}});
    writeText(seg.bestCheckpoint(), "x");
    writeText(seg.metrics(), "epoch,val_miou\n1,0.2\n2,0.5\n3,0.4\n");
    fs::create_directories(projectRunsDir(project) / "not-a-run");  // no run file: not listed
    const std::vector<RunInfo> runs = listRuns(project);
    QCOMPARE(runs.size(), std::size_t(2));
    QCOMPARE(runs[0].id, std::string("cls"));
    QVERIFY(runs[0].kind == RunKind::Stage1);
    QCOMPARE(runStatusName(runs[0].status), std::string("incomplete"));
    QVERIFY(runs[0].checkpoint(1, CheckpointRole::Best).empty());
    QCOMPARE(runs[0].checkpoint(1, CheckpointRole::Last), cls.lastCheckpoint());
    QVERIFY(!runs[0].headline);
    writeText(cls.finalCheckpoint(), "x");
    QCOMPARE(runStatusName(readRun(cls.root()).status), std::string("finished"));

    QVERIFY(runs[1].kind == RunKind::Stage2);
    QCOMPARE(runs[1].headline->scope, std::string("best val"));
    QCOMPARE(runs[1].headline->miou, 0.5);
    writeText(seg.testMetricsJson(), "{\"mean_iou\": 0.45}");
    const RunInfo done = readRun(seg.root());
    QCOMPARE(runStatusName(done.status), std::string("finished"));
    QCOMPARE(done.headline->scope, std::string("test"));
    QCOMPARE(done.headline->miou, 0.45);
  }

  void jobRecordGivesStateKindAndSettings() {
    const fs::path project = arml::test::scratchDir("catalog-job");
    for (const char* state : {"running", "failed", "stopped"}) {
      const RunLayout run(projectRunsDir(project) / state);
      writeJsonFile(run.job(), {{"kind", "train-seg"}, {"state", state}, {"settings", {{"epochs", 9}}}});
      const RunInfo r = readRun(run.root());
      QCOMPARE(runStatusName(r.status), std::string(state));
      QVERIFY(r.kind == RunKind::Stage2);
      QCOMPARE(r.settings.at("epochs").get<int>(), 9);
    }
    QCOMPARE(listRuns(project).size(), std::size_t(3));
    QVERIFY(listRuns(project / "absent").empty());
  }

  // An older app wrote its job record into config.json: it reads as the job, not as settings.
  void legacyJobRecordInConfigJson() {
    const fs::path project = arml::test::scratchDir("catalog-legacy");
    const RunLayout run(projectRunsDir(project) / "old");
    writeText(run.config(), R"({"kind": "stage2", "state": "finished", "settings": {"ars": "off"}})");
    const RunInfo r = readRun(run.root());
    QVERIFY(r.problems.empty());
    QVERIFY(r.kind == RunKind::Stage2);
    QCOMPARE(runStatusName(r.status), std::string("finished"));
    QCOMPARE(r.job.at("state").get<std::string>(), std::string("finished"));
    QCOMPARE(r.settings.at("ars").get<std::string>(), std::string("off"));
    QCOMPARE(r.settingsFile, run.config());
    QVERIFY(readRunConfig(run.config()).settings.is_null());

    const RunLayout gui(projectRunsDir(project) / "gui");  // job.json beside the trainer's config.json
    writeTrainerConfig(gui.config(), {{"stage", "stage1"}, {"ars", "reference"}});
    writeJsonFile(gui.job(), {{"kind", "stage1"}, {"state", "failed"}, {"settings", {{"ars", "off"}}}});
    const RunInfo g = readRun(gui.root());
    QCOMPARE(g.settingsFile, gui.config());  // what the trainer used, not the form
    QCOMPARE(g.settings.at("ars").get<std::string>(), std::string("reference"));
    QCOMPARE(runStatusName(g.status), std::string("failed"));
  }

  void metricsFromTheRunsOwnFiles() {
    const fs::path project = arml::test::scratchDir("catalog-metrics");
    const RunLayout seg(projectRunsDir(project) / "seg");
    writeTrainerConfig(seg.config(), {{"stage", "stage2"}});
    writeText(seg.metrics(), "epoch,train_loss,lr,val_miou,seconds\n0,0.9,0.01,0.41,3\n1,nan,0.005,0.38,3\n");
    writeText(seg.jobMetrics(), "stage,epoch,val_miou\nstage2,0,0.45\nstage2,1,\n");
    writeText(seg.testMetricsJson(), R"({"mean_iou": 0.4})");
    const RunInfo r = readRun(seg.root());
    QVERIFY2(r.problems.empty(), r.problems.empty() ? "" : r.problems[0].c_str());
    const std::map<std::string, double> expected = {
        {"last_epoch/val_miou", 0.38}, {"best_epoch/val_miou", 0.45}, {"test/mean_iou", 0.4}};
    QVERIFY(r.metrics == expected);  // no lr, seconds, epoch; train_loss was nan
    QCOMPARE(r.headline->scope, std::string("test"));

    const RunLayout pipe(projectRunsDir(project) / "pipe");
    writePipelineConfig(pipe.config(), json::object(), json::object());
    writePipelineMetrics(pipe.metrics(), {{"stage1", "test", "cam_miou", 0.41}, {"stage2", "val", "best_miou", NAN}});
    writeRunSummary(pipe.summary(), {{"pseudo_mask_miou", 0.5}, {"stage2_test_miou", nullptr}});
    const RunInfo p = readRun(pipe.root());
    QCOMPARE(p.metrics.at("stage1/test/cam_miou"), 0.41);
    QVERIFY(std::isnan(p.metrics.at("stage2/val/best_miou")));
    QCOMPARE(p.metrics.at("pseudo_mask_miou"), 0.5);
    QVERIFY(!p.metrics.count("stage2_test_miou"));
    QVERIFY(!p.headline);
  }

  // Values of the wrong type in a hand-edited record do not throw out of readRun.
  void wrongTypesAreNotFatal() {
    const fs::path project = arml::test::scratchDir("catalog-types");
    const RunLayout run(projectRunsDir(project) / "odd");
    writeText(run.job(), R"({"kind": 3, "state": ["x"], "settings": 1})");
    writeText(run.jobMetrics(), "stage,epoch,val_miou\nstage2,x,0.5\n");
    const RunInfo r = readRun(run.root());
    QVERIFY(r.kind == RunKind::Unknown);
    QCOMPARE(runStatusName(r.status), std::string("incomplete"));
    QVERIFY(hasProblem(r, run.jobMetrics().string() + ": line 2: \"x\" is not a number"));
  }

  void malformedFilesAreProblemsNamingTheFile() {
    const fs::path project = arml::test::scratchDir("catalog-bad");
    const RunLayout run(projectRunsDir(project) / "bad");
    writeText(run.config(), "{\"config\": ");
    writeText(run.job(), "[]");
    writeText(run.summary(), "not json");
    writeText(run.keptModel(1), "x");
    const std::vector<RunInfo> runs = listRuns(project);  // a bad run does not hide the others
    QCOMPARE(runs.size(), std::size_t(1));
    const RunInfo& r = runs[0];
    QVERIFY(hasProblem(r, run.config().string() + ": not valid JSON"));
    QVERIFY(hasProblem(r, run.job().string() + ": expected a JSON object"));
    QVERIFY(r.kind == RunKind::Unknown);
    QCOMPARE(runStatusName(r.status), std::string("finished"));  // summary.json exists
    QVERIFY(r.checkpoints.empty());  // unknown kind: no guessing

    const RunLayout seg(projectRunsDir(project) / "seg");
    writeTrainerConfig(seg.config(), {{"stage", "stage2"}});
    writeText(seg.metrics(), "epoch,val_miou\n1,abc\n");
    const RunInfo s = readRun(seg.root());
    QVERIFY(hasProblem(s, seg.metrics().string() + ": line 2: \"abc\" is not a number"));
    QVERIFY(!s.headline);
  }
};

QTEST_GUILESS_MAIN(TestRunCatalog)
#include "test_run_catalog.moc"
