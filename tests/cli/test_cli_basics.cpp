#include <QtTest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "cli_runner.h"
#include "test_paths.h"

using arml::test::runArml;
using Result = arml::test::CliResult;

class TestCliBasics : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void infoPrintsVersions() {
    const Result r = runArml({"info", "--device", "cpu"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("LibTorch"), qPrintable(r.out));
    QVERIFY(r.out.contains("selected device: cpu"));
    QVERIFY(r.out.contains("LibTorch built with CUDA: "));
  }
  void infoJsonListsTheGpus() {
    const Result r = runArml({"info", "--json", "--device", "cpu"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY2(o.value("libtorch").isString(), qPrintable(r.out));
    QVERIFY(o.value("cuda_build").isBool());
    QVERIFY(o.value("gpus").isArray());
    QCOMPARE(o.value("selected_device").toString(), QString("cpu"));
    // A CPU-only LibTorch sees no GPU; a CUDA one lists each with its memory.
    if (!o.value("cuda_build").toBool()) QCOMPARE(o.value("gpus").toArray().size(), 0);
    for (const auto g : o.value("gpus").toArray()) QVERIFY(g.toObject().value("memory_mb").toDouble() > 0);
  }
  void missingSubcommandIsBadUsage() { QCOMPARE(runArml({}).exitCode, 2); }
  void unknownOptionIsBadUsage() { QCOMPARE(runArml({"info", "--no-such-flag"}).exitCode, 2); }
  void badDeviceIsBadInputWithOneLine() {
    const Result r = runArml({"info", "--device", "tpu"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.trimmed().count('\n') == 0);
    QVERIFY2(r.err.contains("--device tpu"), qPrintable(r.err));
  }
  void eventsGoToStdoutAsJsonLines() {
    const Result r = runArml({"info", "--events", "-"});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QVERIFY(lines.last().startsWith("{"));
    QVERIFY2(lines.last().contains("\"type\":\"done\""), qPrintable(lines.last()));
  }
  void errorIsAlsoAnEvent() {
    const Result r = runArml({"bench", "--what", "nothing", "--events", "-"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.contains("\"type\":\"error\""));
    QVERIFY(r.out.contains("\"exit_code\":2"));
  }
  // A pipeline pointed at a missing dataset leaves no run folder behind, so the corrected retry with
  // other settings into the same --out is not refused as a changed setting.
  void pipelineWithMissingDataLeavesNoRunFolder() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("cli-pipeline-missing-data"));
    const Result r = runArml({"pipeline", "--data", dir + "/nowhere", "--out", dir + "/run", "--preset", "cpu-demo"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("nowhere"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(dir + "/run/config.json"));
  }
  // A trainer's settings are checked by one function whichever way they come: the same bad value
  // gives the same message from `arml train-cls` / `train-seg` flags and from a pipeline's
  // settings, and the pipeline refuses it before it starts (no run folder).
  void badTrainerSettingsGiveTheSameMessageFromBothPaths_data() {
    QTest::addColumn<QStringList>("trainer");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("message");
    QTest::newRow("stage1 epochs") << QStringList{"train-cls", "--epochs", "0"} << "stage1.epochs=0"
                                   << "stage1.epochs 0: must be at least 1";
    QTest::newRow("stage1 lr") << QStringList{"train-cls", "--lr", "-0.5"} << "stage1.lr=-0.5"
                               << "stage1.lr -0.5: must be positive";
    QTest::newRow("stage2 batch") << QStringList{"train-seg", "--masks", "m", "--batch", "1"} << "stage2.batch=1"
                                  << "stage2.batch 1: must be at least 2";
    QTest::newRow("stage2 patch") << QStringList{"train-seg", "--masks", "m", "--patch-size", "100"}
                                  << "stage2.patch_size=100" << "stage2.patch_size 100: must be 0";
  }
  void badTrainerSettingsGiveTheSameMessageFromBothPaths() {
    QFETCH(QStringList, trainer);
    QFETCH(QString, setting);
    QFETCH(QString, message);
    const QString dir = QString::fromStdString(arml::test::scratchDir("cli-trainer-settings"));
    const QString tag = QString(QTest::currentDataTag()).replace(' ', '-');
    const Result flags = runArml(QStringList{"--device", "cpu"} + trainer +
                                 QStringList{"--data", dir + "/nowhere", "--out", dir + "/cli-" + tag});
    const Result pipeline = runArml({"--device", "cpu", "pipeline", "--data", dir + "/nowhere", "--out",
                                     dir + "/pipe-" + tag, "--preset", "cpu-demo", "--set", setting});
    QCOMPARE(flags.exitCode, 2);
    QCOMPARE(pipeline.exitCode, 2);
    QVERIFY2(flags.err.contains(message), qPrintable(flags.err));
    QCOMPARE(pipeline.err.trimmed(), flags.err.trimmed());
    QVERIFY(!QFileInfo::exists(dir + "/pipe-" + tag + "/config.json"));
  }
};

QTEST_APPLESS_MAIN(TestCliBasics)
#include "test_cli_basics.moc"
