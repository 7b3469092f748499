// `arml import-weights --sha256 HEX` (issue #15): a downloaded ImageNet weight file is checked
// against its published sum before anything is read into a network or written. A mismatch is one
// message naming the file with both sums, exit 2, no checkpoint; a match (full sum or its start, as
// torch hub file names carry it) imports as before.
#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

#include "cli_runner.h"
#include "test_paths.h"

using arml::test::runArml;
using Result = arml::test::CliResult;

namespace {
bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QString sha256Of(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(QCryptographicHash::Sha256);
  hash.addData(&f);
  return QString::fromLatin1(hash.result().toHex());
}
}  // namespace

class TestImportWeightsSha256 : public QObject {
  Q_OBJECT
  QString dir_;

private Q_SLOTS:
  void initTestCase() { dir_ = QString::fromStdString(arml::test::scratchDir("cli_import_sha256")); }

  void mismatchNamesTheFileAndWritesNothing() {
    const QString file = dir_ + "/abc.params";
    QVERIFY(writeFile(file, "abc"));
    const QString out = dir_ + "/abc.pt";
    const Result r = runArml({"import-weights", "--from", file, "--arch", "resnet38d", "--out", out,
                              "--sha256", QString(64, QLatin1Char('0'))});
    QCOMPARE(r.exitCode, 2);
    // FIPS 180-4's test vector for "abc".
    QVERIFY2(r.err.contains(file + ": SHA-256 is ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad, "
                                   "expected 0000000000000000000000000000000000000000000000000000000000000000"),
             qPrintable(r.err));
    QCOMPARE(r.err.count("error:"), 1);
    QVERIFY(!QFile::exists(out));
  }

  void digestOfAFileOfManyBlocksIsRight() {
    // Over a megabyte (the read buffer) and not a multiple of 64 bytes: padding across blocks.
    QByteArray bytes(1100037, Qt::Uninitialized);
    QRandomGenerator gen(15);
    for (char& c : bytes) c = char(gen.bounded(256));
    const QString file = dir_ + "/random.pth";
    QVERIFY(writeFile(file, bytes));
    const Result r = runArml({"import-weights", "--from", file, "--out", dir_ + "/random.pt", "--sha256", "deadbeef"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("SHA-256 is " + sha256Of(file) + ", expected deadbeef…"), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir_ + "/random.pt"));
  }

  void malformedSumIsRefused() {
    const QString file = dir_ + "/abc.params";
    QVERIFY(writeFile(file, "abc"));
    const Result r = runArml({"import-weights", "--from", file, "--out", dir_ + "/x.pt", "--sha256", "ba78"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--sha256 ba78: expected 8 to 64 hexadecimal digits"), qPrintable(r.err));
  }

  void matchingSumImports() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/resnet38d_w8.pt");
    const QString from = QString::fromStdString(fixture);
    const QString sum = sha256Of(from);
    QCOMPARE(sum.size(), 64);
    for (const QString& expected : {sum.toUpper(), sum.left(8)}) {
      const QString out = dir_ + "/imported-" + QString::number(expected.size()) + ".pt";
      const Result r = runArml({"import-weights", "--from", from, "--arch", "resnet38d-lite", "--out", out,
                                "--sha256", expected});
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      QVERIFY2(r.out.contains(from + ": SHA-256 matches"), qPrintable(r.out));
      QVERIFY2(r.out.contains(from + ": matched 229, missing 0, unexpected 0"), qPrintable(r.out));
      QVERIFY(QFile::exists(out));
    }
    const QString refused = dir_ + "/refused.pt";
    const Result r = runArml({"import-weights", "--from", from, "--arch", "resnet38d-lite", "--out", refused,
                              "--sha256", QString(sum).replace(0, 1, sum[0] == '0' ? "1" : "0")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFile::exists(refused));
  }
};

QTEST_GUILESS_MAIN(TestImportWeightsSha256)
#include "test_import_weights_sha256.moc"
