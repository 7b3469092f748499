// Slide prediction survives any stop: the resume state is on disk after every tile row (before the
// row is reported), a failure before any finished row leaves nothing behind, a later failure keeps
// the partial mask for the rerun, and an `arml predict` killed with SIGKILL resumes to the same bytes.
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "../slide/synthetic_tiff.h"
#include "core/errors.h"
#include "slide_inference/slide_predictor.h"
#include "test_paths.h"
#include "tiny_runs.h"

using namespace arml;
using namespace arml::slide;
namespace fs = std::filesystem;

namespace {

const cv::Vec3b kColours[4] = {{200, 40, 40}, {40, 160, 40}, {60, 60, 200}, {230, 150, 20}};

// Tissue everywhere: diagonal colour bands.
void fillBands(int x0, int y0, cv::Mat& tile) {
  for (int y = 0; y < tile.rows; ++y)
    for (int x = 0; x < tile.cols; ++x) tile.at<cv::Vec3b>(y, x) = kColours[((x0 + x + 2 * (y0 + y)) / 90) % 4];
}

at::Tensor bandLogits(const at::Tensor& tiles) {
  std::vector<at::Tensor> out;
  for (const auto& c : kColours) {
    const auto ref = torch::tensor({c[0] / 255.0f, c[1] / 255.0f, c[2] / 255.0f}).view({1, 3, 1, 1});
    out.push_back(-(tiles - ref).abs().sum(1));
  }
  return torch::stack(out, 1);
}

std::vector<unsigned char> bytesOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

int rowsDoneIn(const fs::path& state) {
  std::ifstream in(state);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() ? j.value("rows_done", -1) : -1;
}

// Tiny runs shared by the tests of this file (made once, reused).
QString sharedTinyRuns() {
  const fs::path scratch = test::scratchDir("slide_durability_probe");
  return QString::fromStdString((scratch.parent_path() / "tiny-runs-outputs").string());
}

}  // namespace

class TestSlidePredictDurability : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void stateIsOnDiskAfterEveryRow() {
    const std::string dir = test::scratchDir("slide-durable-rows");
    test::writeRgbSingleLevel(dir + "/slide.tiff", 640, 640, fillBands);
    SlideReader reader(dir + "/slide.tiff");
    SlidePredictOptions o;  // default checkpointSeconds: every row
    o.resolution.level = 0;
    o.tileSize = 128;
    o.batchSize = 5;  // one call per tile row
    o.skipEmptyTiles = false;
    o.outputTiff = dir + "/out/mask.tiff";
    const fs::path state = dir + "/out/mask.tiff.resume.json";
    int call = 0;
    std::vector<int> savedWhenEntering;  // rows_done on disk as each tile row starts
    EventSink events;
    CancelToken cancel;
    predictSlide(reader, o,
                 [&](const at::Tensor& t) {
                   if (call++ > 0) savedWhenEntering.push_back(rowsDoneIn(state));
                   return bandLogits(t);
                 },
                 cancel, events);
    QCOMPARE(call, 5);
    // Entering row r, rows 0..r-1 are durable: the state on disk says r.
    QCOMPARE(savedWhenEntering, (std::vector<int>{1, 2, 3, 4}));
  }

  void failureBeforeAnyRowLeavesNothingLaterFailureKeepsRows() {
    const std::string dir = test::scratchDir("slide-durable-failure");
    test::writeRgbSingleLevel(dir + "/slide.tiff", 640, 640, fillBands);
    SlideReader reader(dir + "/slide.tiff");
    SlidePredictOptions o;
    o.resolution.level = 0;
    o.tileSize = 128;
    o.batchSize = 5;
    o.skipEmptyTiles = false;
    o.modelTag = "bands";
    EventSink events;
    CancelToken cancel;

    o.outputTiff = dir + "/straight/mask.tiff";
    const auto full = predictSlide(reader, o, bandLogits, cancel, events);

    o.outputTiff = dir + "/early/mask.tiff";
    QVERIFY_THROWS_EXCEPTION(RuntimeFailure, predictSlide(reader, o, [](const at::Tensor&) -> at::Tensor {
      throw RuntimeFailure("disk full (simulated)");
    }, cancel, events));
    QVERIFY(!fs::exists(dir + "/early/mask.tiff.partial"));
    QVERIFY(!fs::exists(dir + "/early/mask.tiff.resume.json"));

    o.outputTiff = dir + "/late/mask.tiff";
    int calls = 0;
    try {
      predictSlide(reader, o,
                   [&](const at::Tensor& t) {
                     if (++calls == 4) throw RuntimeFailure("disk full (simulated)");
                     return bandLogits(t);
                   },
                   cancel, events);
      QFAIL("no failure");
    } catch (const RuntimeFailure& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("disk full") && m.contains("3 finished tile rows") && m.contains("mask.tiff.partial") &&
                   m.contains("resumes"),
               qPrintable(m));
    }
    QCOMPARE(rowsDoneIn(dir + "/late/mask.tiff.resume.json"), 3);
    const auto resumed = predictSlide(reader, o, bandLogits, cancel, events);
    QCOMPARE(resumed.tileRowsResumed, 3);
    QVERIFY(bytesOf(full.tiff) == bytesOf(resumed.tiff));
    QVERIFY(!fs::exists(dir + "/late/mask.tiff.partial"));
  }

  // `arml predict` on a slide, killed with SIGKILL after it reported a finished tile row, resumes
  // there and writes the same bytes as an uninterrupted run.
  void cliPredictResumesAfterSigkill() {
    const test::TinyRuns runs = test::makeTinyRuns(sharedTinyRuns());
    QVERIFY2(runs.ok(), qPrintable(runs.error));
    const std::string dir = test::scratchDir("slide-durable-sigkill");
    test::writeRgbSingleLevel(dir + "/slide.tiff", 3136, 3136, fillBands);  // 14 x 14 tiles of 224
    const QString slide = QString::fromStdString(dir + "/slide.tiff");
    const QStringList common = {"predict", "--model", runs.segmenter, "--input", slide, "--level", "0", "--batch", "14"};

    QProcess straight;
    straight.start(QString::fromStdString(test::cliPath()),
                   common + QStringList{"--out", QString::fromStdString(dir + "/straight/mask.tiff")});
    QVERIFY(straight.waitForFinished(300000));
    QVERIFY2(straight.exitCode() == 0, straight.readAllStandardError().constData());

    const QString killedOut = QString::fromStdString(dir + "/killed/mask.tiff");
    QProcess child;
    child.start(QString::fromStdString(test::cliPath()), common + QStringList{"--out", killedOut, "--events", "-"});
    QVERIFY(child.waitForStarted());
    long doneAtKill = -1, total = 0;
    QByteArray pending;
    while (doneAtKill < 0 && child.state() != QProcess::NotRunning) {
      child.waitForReadyRead(1000);
      pending += child.readAllStandardOutput();
      int nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const auto event = nlohmann::json::parse(pending.left(nl).toStdString(), nullptr, false);
        pending.remove(0, nl + 1);
        if (event.is_object() && event.value("type", "") == "progress" && event.value("stage", "") == "predict-slide" &&
            event.value("done", 0L) > 0 && event.value("done", 0L) < event.value("total", 0L)) {
          ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
          doneAtKill = event.value("done", 0L);
          total = event.value("total", 0L);
          break;
        }
      }
    }
    QVERIFY2(doneAtKill > 0, "the child finished or failed before it could be killed mid-run");
    child.waitForFinished(30000);
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY(fs::exists(killedOut.toStdString() + ".partial"));
    QVERIFY(rowsDoneIn(killedOut.toStdString() + ".resume.json") >= 1);

    QProcess rerun;
    rerun.start(QString::fromStdString(test::cliPath()), common + QStringList{"--out", killedOut, "--events", "-"});
    QVERIFY(rerun.waitForFinished(300000));
    const QString out = QString::fromUtf8(rerun.readAllStandardOutput());
    QVERIFY2(rerun.exitCode() == 0, rerun.readAllStandardError().constData());
    QVERIFY2(out.contains("resuming slide.tiff at tile row"), qPrintable(out));
    QVERIFY(bytesOf(dir + "/straight/mask.tiff") == bytesOf(killedOut.toStdString()));
    QVERIFY(!fs::exists(killedOut.toStdString() + ".partial"));
    qInfo("killed at %ld of %ld tiles; rerun output: %s", doneAtKill, total,
          qPrintable(out.split('\n').filter("slide:").join(' ')));
  }
};

QTEST_GUILESS_MAIN(TestSlidePredictDurability)
#include "test_slide_predict_durability.moc"
