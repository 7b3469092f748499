#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "cli_runner.h"
#include "test_paths.h"

using arml::test::runArml;
using Result = arml::test::CliResult;

class TestDataCli : public QObject {
  Q_OBJECT

  QString demo_;

private Q_SLOTS:
  void makeDemoData() {
    demo_ = QString::fromStdString(arml::test::scratchDir("cli_demo_data")) + "/demo";
    const Result r = runArml({"make-demo-data", "--out", demo_, "--train", "6", "--val", "2", "--test", "2",
                              "--patch-size", "64", "--seed", "5"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("wrote 6 training"));
    QCOMPARE(QDir(demo_ + "/train").entryList(QDir::Files).size(), 6);
    QCOMPARE(QDir(demo_ + "/val/mask").entryList(QDir::Files).size(), 2);
  }

  void inspectDemoAsJson() {
    const Result r = runArml({"inspect-data", "--data", demo_, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["kind"].toString(), QString("luad"));
    QCOMPARE(j["classes"].toArray().size(), 4);
    QCOMPARE(j["classes"].toArray()[0].toObject()["abbreviation"].toString(), QString("TE"));
    QCOMPARE(j["background"].toObject()["index"].toInt(), 4);
    QCOMPARE(j["splits"].toObject()["train"].toObject()["images"].toInt(), 6);
    QCOMPARE(j["splits"].toObject()["test"].toObject()["pairs"].toInt(), 2);
    QVERIFY(j["problems"].toArray().isEmpty());
    // Text form and the --dataset hint.
    const Result t = runArml({"inspect-data", "--data", demo_, "--dataset", "bcss"});
    QCOMPARE(t.exitCode, 0);
    QVERIFY2(t.out.contains("layout    bcss") && t.out.contains("TUM"), qPrintable(t.out));
  }

  void problemsGiveExitCode2() {
    QFile::copy(demo_ + "/val/mask/0000.png", demo_ + "/val/mask/orphan.png");
    const Result r = runArml({"inspect-data", "--data", demo_});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("orphan.png: mask without an image"), qPrintable(r.out));
    QVERIFY2(r.err.contains("1 problem(s) found"), qPrintable(r.err));
    QFile::remove(demo_ + "/val/mask/orphan.png");
  }

  void badInputs() {
    const QString missing = demo_ + "/no-such-folder";
    Result r = runArml({"inspect-data", "--data", missing});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(missing) && r.err.contains("does not exist"), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    r = runArml({"make-demo-data"});
    QCOMPARE(r.exitCode, 2);
    r = runArml({"inspect-data", "--data", demo_, "--dataset", "imagenet"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("unknown dataset kind"));
  }

  void realData() {
    ARML_REQUIRE_SHARED(root, "data/wsss4luad");
    const Result r = runArml({"inspect-data", "--data", QString::fromStdString(root), "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["kind"].toString(), QString("wsss4luad"));
    QCOMPARE(j["background"].toObject()["index"].toInt(), 3);
    const QJsonObject val = j["splits"].toObject()["val"].toObject();
    QCOMPARE(val["pairs"].toInt(), 31);
    QCOMPARE(val["masks_per_class"].toArray()[2].toInt(), 4);
    QVERIFY(val["has_background_masks"].toBool());
  }
};

QTEST_APPLESS_MAIN(TestDataCli)
#include "test_data_cli.moc"
