// Issue #19, data loss and input limits, through the real `arml`:
//  - no verb writes over one of its inputs (predict --out DIR/ or = the input, cams, evaluate --json);
//  - a refused --resume changes nothing (config.json bytes unchanged, train-cls and train-seg);
//  - pseudo-masks keeps to one producer per folder (refused / --replace) and one writer at a time;
//  - names that would collide in an output folder are refused naming both;
//  - images over the pixel limit are refused from their header, before decoding;
//  - bad mask values are reported under the mask that holds them (evaluate, train-seg);
//  - inspect-data counts empty and oversized images as problems.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "../engine/data/handmade_png.h"
#include "cli_runner.h"
#include "core/folder_lock.h"
#include "test_paths.h"
#include "tiny_runs.h"

using arml::test::runArml;
using Result = arml::test::CliResult;
namespace fs = std::filesystem;

namespace {

QByteArray bytesOf(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void copyTree(const QString& from, const QString& to) {
  fs::copy(from.toStdString(), to.toStdString(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

// A gray index mask of the given size holding 0 with two stray values.
void writeStrayMask(const QString& path, int w, int h) {
  cv::Mat m(h, w, CV_8UC1, cv::Scalar(1));
  m.at<uchar>(0, 0) = 17;
  m.at<uchar>(h - 1, w - 1) = 250;
  QVERIFY(cv::imwrite(path.toStdString(), m));
}

}  // namespace

class TestOutputSafety : public QObject {
  Q_OBJECT

  QString dir_;
  arml::test::TinyRuns runs_;
  QString firstTrainImage_;

private Q_SLOTS:
  void initTestCase() {
    const fs::path probe = arml::test::scratchDir("cli_output_safety");
    dir_ = QString::fromStdString(probe.string());
    runs_ = arml::test::makeTinyRuns(QString::fromStdString((probe.parent_path() / "tiny-runs-outputs").string()));
    QVERIFY2(runs_.ok(), qPrintable(runs_.error));
    const QStringList train = QDir(runs_.data + "/train").entryList({"*.png"}, QDir::Files, QDir::Name);
    QVERIFY(!train.isEmpty());
    firstTrainImage_ = runs_.data + "/train/" + train.first();
  }

  void predictNeverWritesOverItsInput() {
    const QString in = dir_ + "/predict-in";
    QDir().mkpath(in);
    QVERIFY(QFile::copy(firstTrainImage_, in + "/good.png"));
    const QByteArray before = bytesOf(in + "/good.png");
    for (const QString& out : {in + "/", in, in + "/good.png", in + "/./good.png"}) {
      const Result r = runArml({"predict", "--model", runs_.segmenter, "--input", in + "/good.png", "--out", out});
      QCOMPARE(r.exitCode, 2);
      QVERIFY2(r.err.contains("is the input") && r.err.count("good.png") >= 2, qPrintable(r.err));
      QCOMPARE(bytesOf(in + "/good.png"), before);
    }
    QCOMPARE(QDir(in).entryList(QDir::Files).size(), 1);  // nothing else was written either
    // A separate folder works.
    const Result ok = runArml({"predict", "--model", runs_.segmenter, "--input", in + "/good.png", "--out", dir_ + "/predict-out/"});
    QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
    QVERIFY(QFile::exists(dir_ + "/predict-out/good.png"));
  }

  void camsRefusesCollidingAndInputOutputs() {
    const QString a = dir_ + "/cams/a", b = dir_ + "/cams/b";
    QDir().mkpath(a);
    QDir().mkpath(b);
    QVERIFY(QFile::copy(firstTrainImage_, a + "/x.png"));
    QVERIFY(QFile::copy(firstTrainImage_, b + "/x.png"));
    Result r = runArml({"cams", "--model", runs_.classifierFinal, "--image", a + "/x.png", b + "/x.png", "--out", dir_ + "/cams/out"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(a + "/x.png") && r.err.contains(b + "/x.png"), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir_ + "/cams/out/x_plain.png"));
    // An image named like the overlay it would get.
    QVERIFY(QFile::copy(firstTrainImage_, a + "/y_plain.png"));
    QVERIFY(QFile::copy(firstTrainImage_, a + "/y.png"));
    const QByteArray before = bytesOf(a + "/y_plain.png");
    r = runArml({"cams", "--model", runs_.classifierFinal, "--image", a + "/y.png", a + "/y_plain.png", "--out", a});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("is the input"), qPrintable(r.err));
    QCOMPARE(bytesOf(a + "/y_plain.png"), before);
  }

  void evaluateJsonMayNotOverwriteAnInput() {
    const Result r = runArml({"evaluate", "--model", runs_.segmenter, "--data", runs_.data, "--split", "test", "--json",
                              runs_.segmenter});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("is the input"), qPrintable(r.err));
  }

  void refusedResumeChangesNothing() {
    const QString s1 = dir_ + "/resume/stage1", s2 = dir_ + "/resume/stage2";
    QDir().mkpath(dir_ + "/resume");
    copyTree(QFileInfo(runs_.classifier).dir().absolutePath() + "/..", s1);
    copyTree(QFileInfo(runs_.segmenter).dir().absolutePath() + "/..", s2);
    const QByteArray config1 = bytesOf(s1 + "/config.json"), config2 = bytesOf(s2 + "/config.json");
    QVERIFY(!config1.isEmpty() && !config2.isEmpty());
    Result r = runArml({"train-cls", "--data", runs_.data, "--out", s1, "--arch", "resnet38d-lite", "--epochs", "2",
                        "--ars-from-epoch", "1", "--batch", "4", "--max-steps-per-epoch", "2", "--patch-size", "64",
                        "--workers", "1", "--lr", "0.02", "--resume"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("different configuration"), qPrintable(r.err));
    QCOMPARE(bytesOf(s1 + "/config.json"), config1);
    r = runArml({"train-seg", "--data", runs_.data, "--masks", runs_.data + "/train_mask", "--out", s2, "--epochs", "1",
                 "--batch", "2", "--width-divisor", "8", "--patch-size", "64", "--max-steps-per-epoch", "2", "--no-val",
                 "--no-test", "--workers", "1", "--lr", "0.01", "--resume"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("different configuration"), qPrintable(r.err));
    QCOMPARE(bytesOf(s2 + "/config.json"), config2);
  }

  void pseudoMasksKeepToOneProducer() {
    const QString out = dir_ + "/pm";
    const QStringList base = {"pseudo-masks", "--data", runs_.data, "--out", out};
    Result r = runArml(base + QStringList{"--model", runs_.classifier});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(out + "/.arml-producer.json"));
    const QStringList masks = QDir(out + "/bn7").entryList({"*.png"}, QDir::Files, QDir::Name);
    QVERIFY(!masks.isEmpty());
    const QByteArray first = bytesOf(out + "/bn7/" + masks.first());

    r = runArml(base + QStringList{"--model", runs_.classifierFinal});  // another model
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("another producer") && r.err.contains("model_digest") && r.err.contains("--replace"),
             qPrintable(r.err));
    r = runArml(base + QStringList{"--model", runs_.classifier, "--background", "none"});  // another rule
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("background"), qPrintable(r.err));
    QCOMPARE(bytesOf(out + "/bn7/" + masks.first()), first);

    r = runArml(base + QStringList{"--model", runs_.classifier});  // the same producer resumes
    QVERIFY2(r.exitCode == 0 && r.out.contains(" 0 written"), qPrintable(r.out + r.err));
    r = runArml(base + QStringList{"--model", runs_.classifierFinal, "--replace"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!r.out.contains(" 0 written") && r.out.contains(" 0 already done"), qPrintable(r.out));
  }

  void pseudoMasksLockOutAConcurrentWriter() {
    const QString out = dir_ + "/pm-locked";
    {
      const arml::FolderLock held(out.toStdString(), "pseudo-masks");  // another writer, alive
      const Result r = runArml({"pseudo-masks", "--data", runs_.data, "--out", out, "--model", runs_.classifier});
      QCOMPARE(r.exitCode, 2);
      QVERIFY2(r.err.contains("another pseudo-masks job") && r.err.contains(QString::number(QCoreApplication::applicationPid())),
               qPrintable(r.err));
      QVERIFY(!QFile::exists(out + "/bn7"));
    }
    // The holder is gone; its lock file stays behind and does not block.
    QVERIFY(QFile::exists(out + "/.arml.lock"));
    const Result r = runArml({"pseudo-masks", "--data", runs_.data, "--out", out, "--model", runs_.classifier});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
  }

  // Two real jobs started together into one folder: exactly one computes masks; the other is refused
  // by the lock (or, when it came second, finds every mask done). Never a mix of both.
  void twoConcurrentJobsNeverBothWrite() {
    const QString out = dir_ + "/pm-race";
    const QStringList args = {"pseudo-masks", "--data", runs_.data, "--out", out, "--model", runs_.classifier};
    QProcess a, b;
    a.start(QString::fromStdString(arml::test::cliPath()), args);
    b.start(QString::fromStdString(arml::test::cliPath()), args);
    QVERIFY(a.waitForFinished(120000) && b.waitForFinished(120000));
    int wrote = 0, refused = 0, foundDone = 0;
    for (QProcess* p : {&a, &b}) {
      const QString o = QString::fromUtf8(p->readAllStandardOutput()), e = QString::fromUtf8(p->readAllStandardError());
      if (p->exitCode() == 2 && e.contains("another pseudo-masks job")) ++refused;
      else if (p->exitCode() == 0 && o.contains("pseudo masks: 0 written")) ++foundDone;
      else if (p->exitCode() == 0) ++wrote;
      else QFAIL(qPrintable("unexpected result: " + o + e));
    }
    QCOMPARE(wrote, 1);
    QCOMPARE(refused + foundDone, 1);
    qInfo("concurrent pseudo-masks: %d refused by the lock, %d found the masks done", refused, foundDone);
  }

  void collidingNamesAreRefused() {
    const QString root = dir_ + "/collide";
    QDir().mkpath(root + "/a");
    QDir().mkpath(root + "/b");
    QVERIFY(QFile::copy(firstTrainImage_, root + "/a/x.png"));
    QVERIFY(QFile::copy(firstTrainImage_, root + "/b/x.png"));
    {
      std::ofstream csv((root + "/labels.csv").toStdString());
      csv << "file,tumour,stroma,necrosis,normal\na/x.png,1,0,0,0\nb/x.png,0,1,0,0\n";
    }
    const Result r = runArml({"pseudo-masks", "--data", root, "--out", root + "/pm", "--model", runs_.classifier});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("a/x.png") && r.err.contains("b/x.png"), qPrintable(r.err));
    QVERIFY(!QFile::exists(root + "/pm/bn7/x.png"));
  }

  void oversizedImagesAreRefusedBeforeDecoding() {
    const QString bomb = dir_ + "/bomb.png";
    QVERIFY(arml::test::writeBytes(bomb, arml::test::bombPng(30000, 30000)));
    QElapsedTimer t;
    t.start();
    Result r = runArml({"predict", "--model", runs_.segmenter, "--input", bomb, "--out", dir_ + "/bomb-out/"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(bomb) && r.err.contains("30000x30000") && r.err.contains("limit"), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY(t.elapsed() < 60000);
    // The limit is settable: a 64 x 64 training image is refused under a limit of 1000 pixels.
    r = runArml({"predict", "--max-image-pixels", "1000", "--model", runs_.segmenter, "--input", firstTrainImage_,
                 "--out", dir_ + "/small-out/"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("limit of 1000"), qPrintable(r.err));
  }

  void inspectDataCountsEmptyAndOversizedImages() {
    const QString root = dir_ + "/inspect";
    copyTree(runs_.data, root);
    QVERIFY(arml::test::writeBytes(root + "/train/empty-[1 0 0 0].png", QByteArray()));
    QVERIFY(arml::test::writeBytes(root + "/train/bomb-[0 1 0 0].png", arml::test::bombPng(30000, 30000)));
    const Result r = runArml({"inspect-data", "--data", root});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("problems  2"), qPrintable(r.out));
    QVERIFY2(r.out.contains("empty-[1 0 0 0].png: empty file"), qPrintable(r.out));
    QVERIFY2(r.out.contains("bomb-[0 1 0 0].png: PNG image declares 30000x30000"), qPrintable(r.out));
  }

  void badMaskValuesNameTheirFile() {
    // evaluate: a test mask with 17 and 250 is an error naming it, not silently dropped pixels.
    const QString root = dir_ + "/stray";
    copyTree(runs_.data, root);
    const QStringList testMasks = QDir(root + "/test/mask").entryList({"*.png"}, QDir::Files, QDir::Name);
    const QString badTest = root + "/test/mask/" + testMasks.last();
    const cv::Mat img = cv::imread((root + "/test/img/" + testMasks.last()).toStdString());
    writeStrayMask(badTest, img.cols, img.rows);
    Result r = runArml({"evaluate", "--model", runs_.segmenter, "--data", root, "--split", "test"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(badTest) && r.err.contains("17, 250"), qPrintable(r.err));

    // train-seg: a pseudo mask with 17 and 250 is reported under that mask, whatever its batch.
    const QString masks = dir_ + "/stray-masks";
    copyTree(runs_.data + "/train_mask", masks);
    const QStringList names = QDir(masks).entryList({"*.png"}, QDir::Files, QDir::Name);
    const QString badMask = masks + "/" + names[names.size() / 2];
    const cv::Mat trainImg = cv::imread((runs_.data + "/train/" + names[names.size() / 2]).toStdString());
    QVERIFY(!trainImg.empty());
    writeStrayMask(badMask, trainImg.cols, trainImg.rows);
    r = runArml({"train-seg", "--data", runs_.data, "--masks", masks, "--out", dir_ + "/stray-run", "--epochs", "1",
                 "--batch", "4", "--width-divisor", "8", "--patch-size", "64", "--no-val", "--no-test", "--workers", "1"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(badMask) && r.err.contains("17, 250"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestOutputSafety)
#include "test_output_safety.moc"
