// Slide batches: list, shards (option and Slurm environment), manifest; and `arml predict --input-list`
// end to end: shards 0/2 and 1/2 together give the same bytes as one unsharded run, a corrupt slide is
// recorded and the others finish (exit 4), and a rerun computes nothing that is done.
#include <QProcess>
#include <QtTest>

#include <fstream>
#include <map>
#include <set>

#include "core/errors.h"
#include "slide/slide_batch.h"
#include "synthetic_tiff.h"
#include "test_paths.h"
#include "tiny_runs.h"

using namespace arml;
using namespace arml::slide;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::vector<unsigned char> bytesOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

template <typename F>
QString inputErrorOf(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return QString::fromStdString(e.what());
  }
  return QStringLiteral("no InputError");
}

GetEnv envOf(std::map<std::string, std::string> values) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
  return [shared](const char* name) -> const char* {
    const auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

struct Run {
  int exitCode = -1;
  QString out, err;
};

Run runArml(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(QString::fromStdString(test::cliPath()), args);
  p.waitForFinished(300000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

// Slide i: tissue in colour bands whose offset depends on i, so the three masks differ.
test::RgbTileFn bands(int i) {
  return [i](int x0, int y0, cv::Mat& tile) {
    static const cv::Vec3b colours[3] = {{200, 40, 40}, {40, 160, 40}, {60, 60, 200}};
    for (int y = 0; y < tile.rows; ++y)
      for (int x = 0; x < tile.cols; ++x) tile.at<cv::Vec3b>(y, x) = colours[((x0 + x + 2 * (y0 + y)) / 60 + i) % 3];
  };
}

}  // namespace

class TestSlideBatch : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void shardsFromOptionAndSlurm() {
    QCOMPARE(parseShard("1/3").index, 1);
    QCOMPARE(parseShard("1/3").count, 3);
    for (const char* bad : {"3/3", "1", "-1/3", "a/b", "1/0", "", "1/3/4"})
      QVERIFY2(inputErrorOf([&] { parseShard(bad); }).contains("is not K/N"), bad);

    QVERIFY(!shardFromSlurm(envOf({})));
    QVERIFY(!shardFromSlurm(envOf({{"SLURM_ARRAY_TASK_ID", "2"}})));  // not an array job
    const auto s = shardFromSlurm(envOf({{"SLURM_ARRAY_TASK_ID", "2"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
    QVERIFY(s && s->index == 2 && s->count == 4);
    // `sbatch --array=1-3`: task IDs 1..3 are shards 0..2.
    const auto fromOne = shardFromSlurm(
        envOf({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "3"}}));
    QVERIFY(fromOne && fromOne->index == 2 && fromOne->count == 3);
    QVERIFY(inputErrorOf([] {
              shardFromSlurm(envOf({{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_COUNT", "3"}}));
            }).contains("give --shard K/N"));
  }

  void listAndShardsCoverEverySlideOnce() {
    const fs::path dir = test::scratchDir("slide_batch_list");
    writeText(dir / "slides.txt", "# cohort\n\na.svs\n  sub/b.tiff  \n/abs/c.ndpi\nd.mrxs\ne.svs\n");
    const auto slides = readSlideList(dir / "slides.txt");
    QCOMPARE(slides.size(), std::size_t(5));
    QCOMPARE(slides[0], dir / "a.svs");
    QCOMPARE(slides[1], dir / "sub" / "b.tiff");
    QCOMPARE(slides[2], fs::path("/abs/c.ndpi"));
    std::multiset<std::string> seen;
    for (int k = 0; k < 3; ++k)
      for (const auto& s : slidesOfShard(slides, Shard{k, 3})) seen.insert(s.string());
    QCOMPARE(seen.size(), slides.size());
    for (const auto& s : slides) QCOMPARE(seen.count(s.string()), std::size_t(1));
    QCOMPARE(slidesOfShard(slides, Shard{1, 3}), (std::vector<fs::path>{slides[1], slides[4]}));

    writeText(dir / "twice.txt", "x/a.svs\ny/a.tiff\n");
    QVERIFY(inputErrorOf([&] { readSlideList(dir / "twice.txt"); }).contains("lines 1 and 2 name slides with the same stem 'a'"));
    writeText(dir / "empty.txt", "# nothing\n");
    QVERIFY(inputErrorOf([&] { readSlideList(dir / "empty.txt"); }).contains("names no slide"));
    QVERIFY(inputErrorOf([&] { readSlideList(dir / "missing.txt"); }).contains("cannot read the slide list"));
  }

  void manifestRoundTripsAndIsRewrittenPerSlide() {
    const fs::path dir = test::scratchDir("slide_batch_manifest");
    QCOMPARE(BatchManifest::pathFor(dir, std::nullopt), dir / "manifest.csv");
    QCOMPARE(BatchManifest::pathFor(dir, Shard{1, 4}), dir / "manifest-shard-1-of-4.csv");
    {
      BatchManifest m(dir / "manifest.csv");
      m.record({"/data/a, \"first\".svs", "done", 12.5, 40, ""});
      m.record({"/data/b.svs", "failed", 0.25, 0, "b.svs: not a slide,\nsecond line"});
      m.record({"/data/a, \"first\".svs", "done-earlier", 12.5, 40, ""});  // replaces a's row
    }
    BatchManifest back(dir / "manifest.csv");
    QCOMPARE(back.rows().size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(back.rows()[0].status), QString("done-earlier"));
    QCOMPARE(back.rows()[0].tiles, 40L);
    QCOMPARE(QString::fromStdString(back.find("/data/b.svs")->error), QString("b.svs: not a slide,\nsecond line"));
    QCOMPARE(back.find("/data/b.svs")->seconds, 0.25);
    writeText(dir / "other.csv", "name,value\n");
    QVERIFY(inputErrorOf([&] { BatchManifest m(dir / "other.csv"); }).contains("not a batch manifest"));
  }

  void shardedBatchEqualsOneRunAndBadSlidesAreRecorded() {
    const test::TinyRuns runs = test::makeTinyRuns(QString::fromStdString(
        (fs::path(test::scratchDir("slide_batch_probe")).parent_path() / "tiny-runs-outputs").string()));
    QVERIFY2(runs.ok(), qPrintable(runs.error));
    const fs::path dir = test::scratchDir("slide_batch_cli");
    for (int i = 0; i < 3; ++i) test::writeRgbSingleLevel(dir / ("s" + std::to_string(i) + ".tiff"), 448, 448, bands(i));
    writeText(dir / "broken.svs", "not a slide at all");
    writeText(dir / "slides.txt", "s0.tiff\nbroken.svs\ns1.tiff\ns2.tiff\n");
    const QString list = QString::fromStdString((dir / "slides.txt").string());
    const QStringList common = {"predict", "--model", runs.segmenter, "--input-list", list, "--level", "0"};
    auto env = QProcessEnvironment::systemEnvironment();
    env.remove("SLURM_ARRAY_TASK_ID");
    env.remove("SLURM_ARRAY_TASK_COUNT");

    const fs::path whole = dir / "whole";
    Run r = runArml(common + QStringList{"--out", QString::fromStdString(whole.string())}, env);
    QVERIFY2(r.exitCode == 4, qPrintable(r.err + r.out));
    QVERIFY2(r.err.contains("broken.svs failed"), qPrintable(r.err));
    QVERIFY2(r.out.contains("batch: 3 done, 0 done earlier, 1 failed of 4 slides"), qPrintable(r.out));
    BatchManifest m(whole / "manifest.csv");
    QCOMPARE(m.rows().size(), std::size_t(4));
    const ManifestRow* broken = m.find((dir / "broken.svs").string());
    QVERIFY(broken && broken->status == "failed" && broken->error.find("broken.svs") != std::string::npos);
    for (int i = 0; i < 3; ++i) {
      const ManifestRow* row = m.find((dir / ("s" + std::to_string(i) + ".tiff")).string());
      QVERIFY(row && row->status == "done" && row->tiles == 4 && row->seconds > 0);
      QVERIFY(fs::exists(whole / ("s" + std::to_string(i) + ".tiff")));
    }
    QVERIFY(bytesOf(whole / "s0.tiff") != bytesOf(whole / "s1.tiff"));

    // Shard 0/2 by option, shard 1/2 from a Slurm array's environment (task IDs 1..2).
    const fs::path sharded = dir / "sharded";
    const QStringList toSharded = {"--out", QString::fromStdString(sharded.string())};
    r = runArml(common + toSharded + QStringList{"--shard", "0/2"}, env);  // s0, s1
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains("(shard 0/2 of 4 listed)"), qPrintable(r.out));
    auto slurm = env;
    slurm.insert("SLURM_ARRAY_TASK_ID", "2");
    slurm.insert("SLURM_ARRAY_TASK_MIN", "1");
    slurm.insert("SLURM_ARRAY_TASK_COUNT", "2");
    r = runArml(common + toSharded, slurm);  // broken, s2
    QVERIFY2(r.exitCode == 4, qPrintable(r.err + r.out));
    QVERIFY(fs::exists(sharded / "manifest-shard-0-of-2.csv") && fs::exists(sharded / "manifest-shard-1-of-2.csv"));
    for (const char* name : {"s0.tiff", "s1.tiff", "s2.tiff", "s0.png", "s1.png", "s2.png"})
      QVERIFY2(bytesOf(whole / name) == bytesOf(sharded / name), name);

    // A rerun keeps what is done and tries the failed slide again.
    r = runArml(common + QStringList{"--out", QString::fromStdString(whole.string())}, env);
    QVERIFY2(r.exitCode == 4, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains("batch: 0 done, 3 done earlier, 1 failed of 4 slides"), qPrintable(r.out));
    QVERIFY(!r.out.contains("tiles/s"));

    // A bad shard or a folder missing: one message, exit 2, nothing written.
    r = runArml(common + QStringList{"--out", QString::fromStdString((dir / "none").string()), "--shard", "2/2"}, env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--shard") && r.err.contains("'2/2' is not K/N"), qPrintable(r.err));
    QVERIFY(!fs::exists(dir / "none"));
  }
};

QTEST_GUILESS_MAIN(TestSlideBatch)
#include "test_slide_batch.moc"
