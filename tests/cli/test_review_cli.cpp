// The review side of the CLI on tiny real runs: train-seg and the pipeline on reviewed masks (a
// rejected patch is never seen: its mask is invalid and training still succeeds), review-summary,
// and review-scores (scores, resume, SIGTERM -> 130, patches cut from a slide via --review, a
// missing review image, a classifier without ARS weights).
#include <QtTest>

#include <cstdint>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include "cli_runner.h"
#include "test_paths.h"

using arml::test::runArml;
using Result = arml::test::CliResult;

namespace {

QJsonObject readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

void writeText(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(text);
}

std::uint32_t crc32(const QByteArray& bytes) {
  std::uint32_t c = 0xffffffffu;
  for (const char ch : bytes) {
    c ^= std::uint8_t(ch);
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

QByteArray bigEndian(std::uint32_t v) {
  const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  return QByteArray(bytes, 4);
}

// An 8-bit grayscale PNG of index values (what `arml` reads as a mask: the raw value is the class),
// written here because the CLI tests link no image library. pixel(x, y) gives each value.
template <typename F>
void writeIndexMask(const QString& path, int width, int height, F pixel) {
  QByteArray raw;
  for (int y = 0; y < height; ++y) {
    raw.append(char(0));  // filter: none
    for (int x = 0; x < width; ++x) raw.append(char(pixel(x, y)));
  }
  const QByteArray zlib = qCompress(raw).mid(4);  // qCompress prefixes the length to a zlib stream
  auto chunk = [](const char* type, const QByteArray& data) {
    const QByteArray body = QByteArray(type) + data;
    return bigEndian(std::uint32_t(data.size())) + body + bigEndian(crc32(body));
  };
  const QByteArray ihdr = bigEndian(std::uint32_t(width)) + bigEndian(std::uint32_t(height)) + QByteArray("\x08\x00\x00\x00\x00", 5);
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", zlib) + chunk("IEND", {}));
}

void writeIndexMask(const QString& path, int value) {
  writeIndexMask(path, 64, 64, [value](int, int) { return value; });
}

int countLines(const QString& text, const QString& needle) {
  int n = 0;
  for (const QString& l : text.split('\n')) n += l.contains(needle);
  return n;
}

}  // namespace

class TestReviewCli : public QObject {
  Q_OBJECT

  QString dir_, demo_, pm_, edits_, review_, seg_;
  QStringList stems_, rejected_, corrected_;

private Q_SLOTS:
  void initTestCase() {
    dir_ = QString::fromStdString(arml::test::scratchDir("cli_review"));
    demo_ = dir_ + "/demo";
    const Result r = runArml({"make-demo-data", "--out", demo_, "--train", "12", "--val", "2", "--test", "2",
                              "--patch-size", "64", "--seed", "5"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const QFileInfo& f : QDir(demo_ + "/train").entryInfoList({"*.png"}, QDir::Files, QDir::Name))
      stems_ << f.completeBaseName();
    QCOMPARE(stems_.size(), 12);

    // Generated masks: the exact ones, except that the four patches to be rejected get masks no
    // trainer may read (value 9 > background 4).
    pm_ = dir_ + "/pm";
    QDir().mkpath(pm_);
    rejected_ = {stems_[1], stems_[4], stems_[7], stems_[10]};
    for (const QString& s : stems_) {
      if (rejected_.contains(s))
        writeIndexMask(pm_ + "/" + s + ".png", 9);
      else
        QVERIFY(QFile::copy(demo_ + "/train_mask/" + s + ".png", pm_ + "/" + s + ".png"));
    }
    // Corrections: two patches all tumour (0); a rejected patch's edit must not bring it back.
    edits_ = dir_ + "/edits";
    QDir().mkpath(edits_);
    corrected_ = {stems_[0], stems_[2]};
    for (const QString& s : corrected_) writeIndexMask(edits_ + "/" + s + ".png", 0);
    writeIndexMask(edits_ + "/" + stems_[4] + ".png", 0);
    QJsonObject patches;
    for (const QString& s : rejected_) patches[s] = QJsonObject{{"state", "rejected"}, {"note", "blurred"}};
    patches[stems_[0]] = QJsonObject{{"state", "corrected"}};
    patches[stems_[3]] = QJsonObject{{"state", "accepted"}};
    // A patch outside the dataset (cut from a slide): its image is relative to the project folder.
    QDir().mkpath(dir_ + "/cuts");
    QVERIFY(QFile::copy(demo_ + "/train/" + stems_[5] + ".png", dir_ + "/cuts/slide-cut.png"));
    writeIndexMask(edits_ + "/slide-cut.png", 3);
    patches["slide-cut"] = QJsonObject{{"state", "corrected"}, {"image", "cuts/slide-cut.png"}, {"classes", QJsonArray{3}}};
    review_ = dir_ + "/review.json";
    writeText(review_, QJsonDocument(QJsonObject{{"format", 1}, {"cursor", stems_[3]}, {"patches", patches}}).toJson());
  }

  void trainSegNeverSeesRejectedPatches() {
    const QStringList common = {"--data", demo_, "--masks", pm_, "--epochs", "1", "--batch", "2", "--no-val",
                                "--no-test", "--width-divisor", "8", "--patch-size", "32", "--workers", "1",
                                "--events", "-"};
    // Without the review the invalid masks of the rejected patches are read, and training stops.
    Result r = runArml(QStringList{"train-seg", "--out", dir_ + "/seg-unreviewed"} + common);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("holds value 9, not a class index (0..3 tissue, 4 background)"), qPrintable(r.err));

    seg_ = dir_ + "/seg";
    r = runArml(QStringList{"train-seg", "--out", seg_, "--edits", edits_, "--review", review_} + common);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains("stage 2: 9 training patches (3 corrected, 4 rejected left out)"), qPrintable(r.out));
    // 8 dataset patches + the slide cut in batches of 2: four steps and a trailing single image
    // (skipped with a warning), no more.
    QCOMPARE(countLines(r.out, "\"type\":\"step\""), 4);
    QVERIFY(r.out.contains("\"steps\":5"));
    const QJsonObject config = readJson(seg_ + "/config.json");
    QCOMPARE(config["train_images"].toInt(), 9);
    const QJsonObject set = config["mask_set"].toObject();
    QCOMPARE(set["corrected"].toInt(), 3);
    QCOMPARE(set["added"].toInt(), 1);
    QCOMPARE(set["generated_used"].toInt(), 6);
    QCOMPARE(set["excluded"].toInt(), 4);
    QCOMPARE(set["missing"].toInt(), 0);
    QCOMPARE(set["digest"].toString().size(), 16);
    QCOMPARE(set["edits"].toString(), QDir(edits_).absolutePath());
    QStringList excluded;
    for (const auto& v : set["excluded_stems"].toArray()) excluded << v.toString();
    QCOMPARE(excluded, rejected_);
    QStringList corrected;
    for (const auto& v : set["corrected_stems"].toArray()) corrected << v.toString();
    QCOMPARE(corrected, corrected_ + QStringList{"slide-cut"});

    // A broken review file stops the run with its name, before anything is trained.
    writeText(dir_ + "/broken.json", "{\"format\":1,\"patches\":{");
    r = runArml(QStringList{"train-seg", "--out", dir_ + "/seg-broken", "--review", dir_ + "/broken.json"} + common);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("broken.json") && r.err.contains("broken JSON"), qPrintable(r.err));
  }

  void pipelineStage2UsesTheReview() {
    const QString run = dir_ + "/pipeline";
    const Result r = runArml({"pipeline", "--data", demo_, "--out", run, "--preset", "cpu-demo", "--device", "cpu",
                              "--set", "stage1.epochs=1", "--set", "stage1.patch_size=32", "--set", "stage1.batch=4",
                              "--set", "stage2.epochs=1", "--set", "stage2.patch_size=32", "--set", "stage2.batch=4",
                              "--set", "stage2.edits=" + edits_, "--set", "stage2.review=" + review_});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    const QJsonObject set = readJson(run + "/summary.json")["stage2_mask_set"].toObject();
    QCOMPARE(set["excluded"].toInt(), 4);
    QCOMPARE(set["corrected"].toInt(), 3);
    QCOMPARE(set["added"].toInt(), 1);
    QCOMPARE(set["generated_used"].toInt(), 6);
    QCOMPARE(readJson(run + "/stage2/config.json")["train_images"].toInt(), 9);
    QCOMPARE(readJson(run + "/config.json")["config"].toObject()["stage2"].toObject()["review"].toString(), review_);
  }

  void reviewSummaryCountsWhatChanged() {
    // Generated masks of the corrected patches: NEC (1) on the left 16 columns, LYM (2) on one pixel,
    // TE (0) elsewhere; the edits made them all TE. The rejected patch's edit is not counted.
    const QString generated = dir_ + "/generated";
    QDir().mkpath(generated);
    for (const QString& s : corrected_ + QStringList{stems_[4]})
      writeIndexMask(generated + "/" + s + ".png", 64, 64, [](int x, int y) { return x < 16 ? 1 : (x == 40 && y == 3 ? 2 : 0); });
    const qint64 nec = 2 * 16 * 64, changed = nec + 2;
    Result r = runArml({"review-summary", "--masks", generated, "--edits", edits_, "--review", review_, "--data", demo_,
                        "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["patches"].toInt(), 2);
    QCOMPARE(j["pixels"].toInteger(), qint64(2 * 64 * 64));
    QCOMPARE(j["changed_pixels"].toInteger(), changed);
    const QJsonArray perClass = j["per_class"].toArray();
    QCOMPARE(perClass.size(), 5);
    QCOMPARE(perClass[0].toObject()["name"].toString(), QString("TE"));
    QCOMPARE(perClass[0].toObject()["added"].toInteger(), changed);
    QCOMPARE(perClass[1].toObject()["removed"].toInteger(), nec);
    QCOMPARE(perClass[2].toObject()["net"].toInteger(), qint64(-2));
    QCOMPARE(j["confusion"].toArray()[1].toArray()[0].toInteger(), nec);
    QCOMPARE(j["confusion"].toArray()[0].toArray()[0].toInteger(), qint64(2 * 64 * 64) - changed);

    r = runArml({"review-summary", "--masks", generated, "--edits", edits_, "--review", review_});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QString("2 corrected patches compared (0 unchanged), %1 of 8192 pixels changed").arg(changed)),
             qPrintable(r.out));
    QVERIFY(r.out.contains("confusion (rows: generated, columns: corrected)"));

    r = runArml({"review-summary", "--masks", generated, "--edits", dir_ + "/no-such-edits"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("no-such-edits: edits folder not found"), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count('\n'), 0);
  }

  void reviewScoresScoreResumeAndStop() {
    QVERIFY2(!seg_.isEmpty(), "needs the stage-2 run of trainSegNeverSeesRejectedPatches");
    const QString cls = dir_ + "/cls";
    Result r = runArml({"train-cls", "--data", demo_, "--out", cls, "--arch", "resnet38d-lite", "--epochs", "1",
                        "--batch", "4", "--patch-size", "32", "--ars-from-epoch", "0", "--workers", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString out = dir_ + "/scores.json";
    const QStringList args = {"review-scores", "--data", demo_, "--cls", cls + "/checkpoints/last.pt", "--seg",
                              seg_ + "/checkpoints/best.pt", "--out", out, "--events", "-"};
    r = runArml(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY(r.out.contains("\"type\":\"progress\""));
    QVERIFY2(r.out.contains("review scores: 12 patches (12 computed, 0 kept"), qPrintable(r.out));
    const QJsonObject j = readJson(out);
    QVERIFY(j["complete"].toBool());
    QCOMPARE(j["peer_source"].toString(), QString("dropout"));
    const QJsonObject patches = j["patches"].toObject();
    QCOMPARE(patches.size(), 12);
    for (const QString& s : stems_) {
      const QJsonObject p = patches[s].toObject();
      QVERIFY2(p["relocalization_change"].isDouble() && p["peer_disagreement"].isDouble() && p["peer_sym_kl"].isDouble(),
               qPrintable(s));
    }
    // Run again: everything is kept.
    r = runArml(args);
    QVERIFY2(r.out.contains("(0 computed, 12 kept"), qPrintable(r.out));

    // SIGTERM during a run: exit 130, what was done is on disk and marked incomplete.
    QFile::remove(out);
    QProcess p;
    p.start(QString::fromStdString(arml::test::cliPath()), QStringList(args) << "--batch" << "1");
    QVERIFY(p.waitForStarted());
    QByteArray seen;
    while (!seen.contains("\"type\":\"progress\"") && p.state() == QProcess::Running) {
      p.waitForReadyRead(100);
      seen += p.readAllStandardOutput();
    }
    p.terminate();
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 130);
    const QJsonObject stopped = readJson(out);
    QVERIFY(!stopped["complete"].toBool());
    QVERIFY(stopped["done"].toInt() >= 1 && stopped["done"].toInt() < 12);

    // --review: the patch cut from a slide (a review.json entry with an image, outside the data set)
    // is scored too, with its own classes.
    const QString withCuts = dir_ + "/scores-cuts.json";
    r = runArml({"review-scores", "--data", demo_, "--cls", cls + "/checkpoints/last.pt", "--review", review_, "--out", withCuts});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains("review scores: 13 patches (13 computed"), qPrintable(r.out));
    const QJsonObject cut = readJson(withCuts)["patches"].toObject()["slide-cut"].toObject();
    QVERIFY2(cut["relocalization_change"].isDouble(), qPrintable(QJsonDocument(cut).toJson()));
    QCOMPARE(cut["classes"].toArray(), QJsonArray{3});
    // A listed image that is not there: exit 2, one line naming it.
    QDir().mkpath(dir_ + "/lost");
    const QJsonObject lost{{"lost", QJsonObject{{"state", "flagged"}, {"image", "slide-patches/s1/lost.png"}}}};
    writeText(dir_ + "/lost/review.json", QJsonDocument(QJsonObject{{"format", 1}, {"patches", lost}}).toJson());
    r = runArml({"review-scores", "--data", demo_, "--cls", cls + "/checkpoints/last.pt", "--review",
                 dir_ + "/lost/review.json", "--out", dir_ + "/lost/scores.json"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("slide-patches/s1/lost.png: image not found"), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count('\n'), 0);

    // The inference model has no ARS weights: named, exit 2.
    r = runArml({"review-scores", "--data", demo_, "--cls", cls + "/checkpoints/final.pt", "--out", dir_ + "/x.json"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("final.pt") && r.err.contains("no ARS weights"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestReviewCli)
#include "test_review_cli.moc"
