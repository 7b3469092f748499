// `arml pipeline --nproc 2` (issue #13): both trainings data-parallel, every other step on rank 0.
// A tiny run with 2 processes finishes, writes the same files as with 1 (rank 1 writes nothing of
// its own), records every stage, ends stage 1 with the weights of 1 process (BatchNorm frozen, so
// per-replica statistics do not enter), and re-running it continues without training again.
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "cli_runner.h"
#include "models/checkpoint.h"
#include "test_paths.h"
#include "weight_difference.h"

namespace fs = std::filesystem;
using nlohmann::json;

using arml::test::largestWeightDifference;

namespace {

QStringList pipelineArgs(const QString& data, const QString& out) {
  return {"pipeline", "--data", data, "--out", out, "--preset", "cpu-demo", "--set", "stage1.epochs=1", "--set", "stage1.freeze=reference",
          "--set", "stage1.batch=4", "--set", "stage1.patch_size=64", "--set", "pseudo_masks.batch=4",
          "--set", "stage2.epochs=1", "--set", "stage2.batch=4", "--set", "stage2.patch_size=64",
          "--seed", "5", "--threads", "1", "--device", "cpu"};
}

// The run folder's files, relative to it.
std::set<std::string> filesOf(const fs::path& run) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(run))
    if (!e.is_directory()) names.insert(fs::relative(e.path(), run).string());
  return names;
}

json readJson(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

}  // namespace

class TestDataParallelPipeline : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void twoProcessesWriteWhatOneDoes() {
    const QString data = QString::fromStdString(arml::test::scratchDir("ddp-pipeline-data"));
    const auto made = arml::test::runArml(
        {"make-demo-data", "--out", data, "--train", "8", "--val", "2", "--test", "2", "--patch-size", "64", "--seed", "3"});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    const QString one = QString::fromStdString(arml::test::scratchDir("ddp-pipeline-one"));
    const QString two = QString::fromStdString(arml::test::scratchDir("ddp-pipeline-two"));
    const auto alone = arml::test::runArml(pipelineArgs(data, one));
    QVERIFY2(alone.exitCode == 0, qPrintable(alone.err));
    const auto pair = arml::test::runArml(pipelineArgs(data, two) << "--nproc" << "2");
    QVERIFY2(pair.exitCode == 0, qPrintable(pair.err));

    const auto a = filesOf(one.toStdString()), b = filesOf(two.toStdString());
    for (const auto& f : a) QVERIFY2(b.count(f), ("missing with 2 processes: " + f).c_str());
    for (const auto& f : b) QVERIFY2(a.count(f), ("only with 2 processes: " + f).c_str());
    QVERIFY(a.count("summary.json") && a.count("checkpoints/stage2.pt") && a.count("masks/summary.json"));

    const json state = readJson(two.toStdString() + "/state.json");
    for (const char* stage : {"stage1", "cam_evaluation", "pseudo_masks", "stage2"})
      QVERIFY2(state["stages"].contains(stage), stage);
    const json summary = readJson(two.toStdString() + "/summary.json");
    for (const char* key : {"stage1_cam_miou", "pseudo_mask_miou", "stage2_test_miou"}) QVERIFY2(summary[key].is_number(), key);
    const double worst = largestWeightDifference(one.toStdString() + "/checkpoints/stage1.pt",
                                                 two.toStdString() + "/checkpoints/stage1.pt");
    qInfo("largest stage-1 weight difference, 2 processes against 1: %.3g", worst);
    QVERIFY(worst < 1e-4);
    // rank 0 reports alone: one summary table on stdout
    QCOMPARE(pair.out.count("stage-2 mIoU (test)"), 1);

    // Re-running the same command: every rank sees the finished stages, nothing is trained again.
    const auto stamp = fs::last_write_time(two.toStdString() + "/stage2/checkpoints/last.pt");
    const auto again = arml::test::runArml(pipelineArgs(data, two) << "--nproc" << "2");
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QCOMPARE(fs::last_write_time(two.toStdString() + "/stage2/checkpoints/last.pt"), stamp);
    QCOMPARE(readJson(two.toStdString() + "/summary.json")["stage2_test_miou"], summary["stage2_test_miou"]);
  }
};

QTEST_GUILESS_MAIN(TestDataParallelPipeline)
#include "test_data_parallel_pipeline.moc"
