#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "run/run_files.h"
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
std::string readText(const fs::path& p) {
  const auto b = arml::readFileBytes(p);
  return std::string(b.begin(), b.end());
}
// The message of the InputError `f` throws, or "" when it throws none.
template <typename F>
std::string inputError(F&& f) {
  try {
    f();
  } catch (const arml::InputError& e) {
    return e.what();
  }
  return "";
}
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

class TestRunFiles : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void layoutNamesEveryFile() {
    const RunLayout run("/p/runs/r1");
    QCOMPARE(run.id(), std::string("r1"));
    QCOMPARE(RunLayout("/p/runs/r1/").id(), std::string("r1"));
    QCOMPARE(run.config().string(), std::string("/p/runs/r1/config.json"));
    QCOMPARE(run.metrics().string(), std::string("/p/runs/r1/metrics.csv"));
    QCOMPARE(run.lastCheckpoint().string(), std::string("/p/runs/r1/checkpoints/last.pt"));
    QCOMPARE(run.peerLastCheckpoint(2).string(), std::string("/p/runs/r1/checkpoints/last-peer2.pt"));
    QCOMPARE(run.keptModel(2).string(), std::string("/p/runs/r1/checkpoints/stage2.pt"));
    QCOMPARE(run.stageRun(1).bestCheckpoint().string(), std::string("/p/runs/r1/stage1/checkpoints/best.pt"));
    QCOMPARE(run.maskSet("bn7").string(), std::string("/p/runs/r1/masks/bn7"));
    QCOMPARE(run.maskSetVsTruth("bn7").string(), std::string("/p/runs/r1/masks/bn7_vs_truth.json"));
    QCOMPARE(projectRunsDir("/p").string(), std::string("/p/runs"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run.keptModel(3));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run.peerLastCheckpoint(0));
  }

  void jsonReaderNamesTheFile() {
    const fs::path dir = arml::test::scratchDir("run-json");
    writeText(dir / "bad.json", "{\"a\": 1,");
    const std::string e = inputError([&] { readJsonFile(dir / "bad.json"); });
    QVERIFY2(contains(e, "bad.json") && contains(e, "not valid JSON"), e.c_str());
    QVERIFY(contains(inputError([&] { readJsonFile(dir / "absent.json"); }), "absent.json: missing"));
    QVERIFY(!readJsonFileIfExists(dir / "absent.json"));
    writeJsonFile(dir / "ok.json", {{"b", 2}});
    QCOMPARE(readText(dir / "ok.json"), std::string("{\n  \"b\": 2\n}\n"));
    QCOMPARE(readJsonFileIfExists(dir / "ok.json")->at("b").get<int>(), 2);
  }

  void configKinds() {
    const fs::path dir = arml::test::scratchDir("run-config");
    writePipelineConfig(dir / "p.json", {{"epochs", 3}}, {{"arml", "1"}});
    const RunConfig p = readRunConfig(dir / "p.json");
    QVERIFY(p.kind == RunKind::Pipeline);
    QCOMPARE(p.settings.at("epochs").get<int>(), 3);
    QCOMPARE(p.software.at("arml").get<std::string>(), std::string("1"));
    writeTrainerConfig(dir / "t.json", {{"stage", "stage2"}, {"lr", 0.1}});
    const RunConfig t = readRunConfig(dir / "t.json");
    QVERIFY(t.kind == RunKind::Stage2);
    QCOMPARE(t.settings.at("lr").get<double>(), 0.1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, writeTrainerConfig(dir / "x.json", {{"lr", 1}}));
    writeText(dir / "s.json", "{\"stage\": \"stage3\"}");
    QVERIFY(contains(inputError([&] { readRunConfig(dir / "s.json"); }), "s.json: \"stage\" is \"stage3\""));
    writeText(dir / "a.json", "[1]");
    QVERIFY(contains(inputError([&] { readRunConfig(dir / "a.json"); }), "a.json: expected a JSON object"));
  }

  void stateSurvivesReopening() {
    const fs::path dir = arml::test::scratchDir("run-state");
    {
      RunState s(dir / "state.json");
      QVERIFY(!s.done("stage1"));
      QVERIFY(!fs::exists(dir / "state.json"));
      s.finish("stage1", {{"epochs", 2}});
    }
    RunState again(dir / "state.json");
    QVERIFY(again.done("stage1"));
    QCOMPARE(again.result("stage1").at("epochs").get<int>(), 2);
    QCOMPARE(again.finishedStages(), std::vector<std::string>{"stage1"});
    QVERIFY(contains(inputError([&] { again.result("stage2"); }), "stage \"stage2\" is not finished"));
    writeText(dir / "broken.json", "{\"stages\": 3}");
    QVERIFY(contains(inputError([&] { RunState b(dir / "broken.json"); }), "broken.json: expected an object"));
  }

  void pipelineMetricsRoundTrip() {
    const fs::path dir = arml::test::scratchDir("run-metrics");
    const std::vector<MetricRow> rows = {{"stage1", "test", "cam_miou", 0.25}, {"stage2", "test", "iou_TUM", NAN}};
    writePipelineMetrics(dir / "metrics.csv", rows);
    // The format the pipeline has always written: JSON numbers, NaN as null.
    QCOMPARE(readText(dir / "metrics.csv"),
             std::string("stage,split,metric,value\nstage1,test,cam_miou,0.25\nstage2,test,iou_TUM,null\n"));
    const std::vector<MetricRow> back = readPipelineMetrics(dir / "metrics.csv");
    QCOMPARE(back.size(), std::size_t(2));
    QCOMPARE(back[0].metric, std::string("cam_miou"));
    QCOMPARE(back[0].value, 0.25);
    QVERIFY(std::isnan(back[1].value));
  }

  void malformedPipelineMetricsNameFileAndLine() {
    const fs::path dir = arml::test::scratchDir("run-metrics-bad");
    writeText(dir / "h.csv", "a,b\n");
    QVERIFY(contains(inputError([&] { readPipelineMetrics(dir / "h.csv"); }), "h.csv: line 1: expected the header"));
    writeText(dir / "c.csv", "stage,split,metric,value\nstage1,test,0.5\n");
    QVERIFY(contains(inputError([&] { readPipelineMetrics(dir / "c.csv"); }), "c.csv: line 2: expected 4 cells, found 3"));
    writeText(dir / "v.csv", "stage,split,metric,value\nstage1,test,m,0.5x\n");
    QVERIFY(contains(inputError([&] { readPipelineMetrics(dir / "v.csv"); }), "v.csv: line 2: \"0.5x\" is not a number"));
  }

  void epochTable() {
    const fs::path dir = arml::test::scratchDir("run-epochs");
    writeText(dir / "m.csv", std::string(kStage2MetricsHeader) + "\n1,0.9,0.5,0.4,0.01,0.3,0.2,0.8,0.3,10\n2,0.8,0.5,0.3,0.01,,0.2,0.8,0.3,10\n");
    const EpochTable t = readEpochTable(dir / "m.csv");
    QCOMPARE(t.rows.size(), std::size_t(2));
    const std::vector<double> val = t.column("val_miou");
    QCOMPARE(val.size(), std::size_t(2));
    QCOMPARE(val[0], 0.3);
    QVERIFY(std::isnan(val[1]));
    QVERIFY(t.column("nope").empty());
    writeText(dir / "bad.csv", "epoch,loss\n1,0.5,7\n");
    QVERIFY(contains(inputError([&] { readEpochTable(dir / "bad.csv"); }), "bad.csv: line 2: expected 2 cells, found 3"));
  }

  void summaryTyped() {
    const fs::path dir = arml::test::scratchDir("run-summary");
    writeRunSummary(dir / "summary.json", {{"stage2_test_miou", 0.5}, {"stage2_best_val_miou", 0.6},
                                           {"stage1_cam_miou", nullptr}, {"models", {{"stage1", "/a.pt"}}}});
    const RunSummary s = readRunSummary(dir / "summary.json");
    QCOMPARE(*s.stage2TestMiou, 0.5);
    QCOMPARE(*s.stage2BestValMiou, 0.6);
    QVERIFY(!s.stage1CamMiou);
    QCOMPARE(s.models.at("stage1"), std::string("/a.pt"));
    writeText(dir / "m.json", "{\"models\": 1}");
    QVERIFY(contains(inputError([&] { readRunSummary(dir / "m.json"); }), "m.json: \"models\" is not an object"));
  }
};

QTEST_GUILESS_MAIN(TestRunFiles)
#include "test_run_files.moc"
