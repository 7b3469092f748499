// Weight loading from the command line (issue #19): every load prints the matched / missing /
// unexpected report and refuses (exit 2, naming the file) when nothing or too little matches —
// train-cls --init without the layers the reference freezes, train-seg --init with a stage-1
// checkpoint, import-weights into the wrong network; a pickle naming posix.system is refused as a
// whole; a zip entry named ../… is refused with our own message.
#include <QDir>
#include <QFile>
#include <QtTest>

#include <cstring>
#include <vector>

#include "../engine/models/handmade_pickles.h"
#include "../engine/models/handmade_zip.h"
#include "cli_runner.h"
#include "test_paths.h"

using arml::test::runArml;
using Result = arml::test::CliResult;

namespace {

std::uint32_t le(const QByteArray& b, int at, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v |= std::uint32_t(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

void putLe32(QByteArray& b, int at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// The reference fixture (a torch.save zip whose first record is data.pkl, stored) with these
// state-dict keys renamed in place, same length (last character -> '~'), so that the network's
// tensors of those names are missing from it. The CRC of data.pkl is fixed in its data descriptor
// and in its central-directory entry.
QByteArray withKeysRenamed(const QString& fixture, const QStringList& keys) {
  QFile f(fixture);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QByteArray zip = f.readAll();
  const int dataStart = 30 + int(le(zip, 26, 2)) + int(le(zip, 28, 2));
  const QByteArray pklName = zip.mid(30, int(le(zip, 26, 2)));
  int central = -1;
  for (int at = zip.indexOf("PK\x01\x02"); at >= 0; at = zip.indexOf("PK\x01\x02", at + 1))
    if (zip.mid(at + 46, pklName.size()) == pklName) central = at;
  if (central < 0) return {};
  const int size = int(le(zip, central + 20, 4));
  for (const QString& key : keys) {
    QByteArray operand("X");
    const QByteArray utf8 = key.toUtf8();
    operand.append(4, '\0');
    putLe32(operand, 1, std::uint32_t(utf8.size()));
    operand += utf8;
    const int at = zip.indexOf(operand, dataStart);
    if (at < 0 || at > dataStart + size) return {};
    zip[at + operand.size() - 1] = '~';
  }
  const std::vector<unsigned char> pkl(zip.begin() + dataStart, zip.begin() + dataStart + size);
  const std::uint32_t crc = arml::test::crc32Of(pkl);
  putLe32(zip, central + 16, crc);
  if (zip.mid(dataStart + size, 4) == QByteArray("PK\x07\x08")) putLe32(zip, dataStart + size + 4, crc);
  return zip;
}

bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray bytesOf(const std::vector<unsigned char>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), int(v.size()));
}

// The parameters of conv1a, b2, b2_1 and b2_2: the layers the reference freezes.
QStringList referenceFrozenParameters() {
  QStringList names{"conv1a.weight"};
  for (const QString block : {"b2", "b2_1", "b2_2"}) {
    for (const QString branch : {"branch2a", "branch2b1"})
      names << block + ".bn_" + branch + ".weight" << block + ".bn_" + branch + ".bias"
            << block + ".conv_" + branch + ".weight";
    if (block == "b2") names << "b2.conv_branch1.weight";
  }
  return names;
}

}  // namespace

class TestWeightsCli : public QObject {
  Q_OBJECT

  QString dir_, demo_;

private Q_SLOTS:
  void initTestCase() {
    dir_ = QString::fromStdString(arml::test::scratchDir("cli_weights"));
    demo_ = dir_ + "/demo";
    const Result r = runArml({"make-demo-data", "--out", demo_, "--train", "4", "--val", "2", "--test", "2",
                              "--patch-size", "64", "--seed", "4"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
  }

  void trainClsInitWithoutTheFrozenLayersIsRefused() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/resnet38d_w8.pt");
    const QStringList frozen = referenceFrozenParameters();
    QCOMPARE(frozen.size(), 20);
    const QString lacking = dir_ + "/lacking_frozen.pth";
    const QByteArray bytes = withKeysRenamed(QString::fromStdString(fixture), frozen);
    QVERIFY(!bytes.isEmpty() && writeFile(lacking, bytes));
    const Result r = runArml({"train-cls", "--data", demo_, "--out", dir_ + "/cls_refused", "--arch", "resnet38d-lite",
                              "--epochs", "1", "--batch", "2", "--max-steps-per-epoch", "1", "--patch-size", "64",
                              "--workers", "1", "--init", lacking});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(lacking + ": 20 weight(s) the ResNet38d classifier cannot start without are missing") &&
                 r.err.contains("conv1a.weight"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(dir_ + "/cls_refused/checkpoints/last.pt"));
  }

  void trainClsInitPrintsTheReport() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/resnet38d_w8.pt");
    const Result r = runArml({"train-cls", "--data", demo_, "--out", dir_ + "/cls_ok", "--arch", "resnet38d-lite",
                              "--ars", "off", "--epochs", "1", "--batch", "2", "--max-steps-per-epoch", "1", "--patch-size", "64",
                              "--workers", "1", "--init", QString::fromStdString(fixture)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QString::fromStdString(fixture) + ": matched 229, missing 0, unexpected 0"), qPrintable(r.out));
  }

  void trainSegInitWithAStage1CheckpointIsRefused() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/resnet38d_w8.pt");
    const QString stage1 = QString::fromStdString(fixture);
    const Result r = runArml({"train-seg", "--data", demo_, "--masks", demo_ + "/train_mask", "--out",
                              dir_ + "/seg_refused", "--epochs", "1", "--batch", "2", "--width-divisor", "8",
                              "--patch-size", "64", "--max-steps-per-epoch", "1", "--no-val", "--no-test",
                              "--workers", "1", "--init", stage1});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(stage1 + ": no weight matches the PSPNet-ResNeSt segmenter (matched 0"), qPrintable(r.err));
  }

  void importWeightsReportsAndRefuses() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/resnet38d_w8.pt");
    const QString stage1 = QString::fromStdString(fixture);
    Result r = runArml({"import-weights", "--from", stage1, "--arch", "resnet38d-lite", "--out", dir_ + "/imported.pt"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(stage1 + ": matched 229, missing 0, unexpected 0"), qPrintable(r.out));

    r = runArml({"import-weights", "--from", stage1, "--arch", "pspnet", "--width-divisor", "8", "--out",
                 dir_ + "/psp.pt"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(stage1 + ": no weight matches the PSPNet-ResNeSt segmenter"), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir_ + "/psp.pt"));
  }

  void unsafePickleIsRefusedAsAWhole() {
    // The state-dict excerpt of weight-formats.md §1.3 plus one entry calling posix.system.
    auto pkl = arml::test::stateDictExcerpt();
    pkl.pop_back();  // STOP
    arml::test::PickleBytes p;
    p.b = pkl;
    const QString marker = dir_ + "/pwned";
    p.op('0').binget(1).unicode("evil").global("posix", "system").unicode("touch " + marker.toStdString());
    p.op(0x85).op('R').op('s').op('.');
    std::vector<unsigned char> floats(108 * 4, 0), counter(8, 0);
    const QString file = dir_ + "/system.pth";
    QVERIFY(writeFile(file, bytesOf(arml::test::handmadeZip({{"system/data.pkl", p.b},
                                                              {"system/data/0", floats},
                                                              {"system/data/1", counter},
                                                              {"system/version", {'3', '\n'}}}))));
    const Result r = runArml({"import-weights", "--from", file, "--arch", "resnet38d-lite", "--out", dir_ + "/x.pt"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(file + ": pickle at byte") && r.err.contains("unsupported global posix.system"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(marker));
    QVERIFY(!QFile::exists(dir_ + "/x.pt"));
  }

  void zipSlipEntryIsRefusedWithOurMessage() {
    const auto pkl = arml::test::stateDictExcerpt();
    const QString file = dir_ + "/slip.pth";
    QVERIFY(writeFile(file, bytesOf(arml::test::handmadeZip({{"slip/data.pkl", pkl},
                                                              {"slip/data/0", std::vector<unsigned char>(432, 0)},
                                                              {"../../escaped.txt", {'x'}}}))));
    const Result r = runArml({"import-weights", "--from", file, "--arch", "resnet38d-lite", "--out", dir_ + "/y.pt"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(file + ": zip entry '../../escaped.txt' has an unsafe name") &&
                 !r.err.contains("Could this error message be improved"),
             qPrintable(r.err));
  }

  void truncatedParamsSaysWhere() {
    // An MXNet list of one float32 array [2] named "arg:conv1a_weight", cut inside its name.
    QByteArray params;
    auto put64 = [&](std::uint64_t v) { for (int i = 0; i < 8; ++i) params.append(char((v >> (8 * i)) & 0xFF)); };
    auto put32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) params.append(char((v >> (8 * i)) & 0xFF)); };
    put64(0x112), put64(0), put64(1);
    put32(1), put32(2), put32(1), put32(0), put32(0);
    params.append(8, '\0');
    put64(1), put64(17);
    params.append("arg:conv1a_");  // 11 of 17 bytes
    const QString file = dir_ + "/cut.params";
    QVERIFY(writeFile(file, params));
    const Result r = runArml({"import-weights", "--from", file, "--arch", "resnet38d-lite", "--out", dir_ + "/z.pt"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(file + ": MXNet params file is truncated") && r.err.contains("inside a name (name 1 of 1)") &&
                 !r.err.contains("implausible"),
             qPrintable(r.err));
  }
};

QTEST_APPLESS_MAIN(TestWeightsCli)
#include "test_weights_cli.moc"
