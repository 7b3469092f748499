// torch.save files: every reference fixture must decode to the same tensors as libtorch's own
// torch::pickle_load; a hand-made zip (§1.3 stream + PyTorchStreamWriter) and a hand-made legacy
// stream must load; and broken files (truncated, foreign, missing records, short storages, bad
// opcodes) must be InputErrors naming the file; truncated ones say so; a pickle naming a global
// outside the allowed set (posix.system, builtins.eval) refuses the whole file; zip entries with
// unsafe names are refused with our own message.
#include <QtTest>

#include <caffe2/serialize/inline_container.h>
#include <torch/serialize.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "handmade_pickles.h"
#include "handmade_zip.h"
#include "models/state_dict.h"
#include "models/torch_file_reader.h"
#include "test_paths.h"

using namespace arml::models;
using arml::test::PickleBytes;
namespace fs = std::filesystem;

namespace {

const char* kFixtures[] = {"resnet38d_w8.pt", "ars_w8.pt", "gradcam_pm_w8.pt", "losses.pt",
                           "metrics.pt", "poly_lr.pt", "white_bg.pt"};

void writeBytes(const fs::path& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Zip with the given records, written by libtorch's own PyTorchStreamWriter.
void writeZip(const fs::path& path, const std::vector<std::pair<std::string, std::vector<unsigned char>>>& records) {
  caffe2::serialize::PyTorchStreamWriter writer(path.string());
  for (const auto& [name, data] : records) writer.writeRecord(name, data.data(), data.size());
  writer.writeEndOfFile();
}

template <typename T>
std::vector<unsigned char> rawBytes(const std::vector<T>& values) {
  std::vector<unsigned char> out(values.size() * sizeof(T));
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

std::vector<float> iota(int n, float start = 0.f) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = start + static_cast<float>(i);
  return v;
}

// Compares our tree with libtorch's IValue tree; counts tensor leaves; reports the first difference.
bool sameTree(const PickleValuePtr& ours, const c10::IValue& ref, const std::string& where, int& tensors,
              std::string& why) {
  auto fail = [&](const std::string& what) {
    why = where + ": " + what;
    return false;
  };
  if (ref.isTensor()) {
    if (!ours->isTensor()) return fail("not a tensor");
    const at::Tensor a = ours->tensor, b = ref.toTensor();
    if (a.scalar_type() != b.scalar_type()) return fail("dtype differs");
    if (a.sizes() != b.sizes()) return fail("shape differs");
    const bool same = a.is_floating_point() ? torch::allclose(a, b, 0.0, 0.0, /*equal_nan=*/true) : a.equal(b);
    if (!same) return fail("values differ");
    ++tensors;
    return true;
  }
  if (ref.isGenericDict()) {
    if (!ours->isDict()) return fail("not a dict");
    const auto dict = ref.toGenericDict();
    if (dict.size() != ours->entries.size()) return fail("dict size differs");
    std::size_t i = 0;
    for (const auto& entry : dict) {  // c10::Dict keeps insertion order
      const auto& [k, v] = ours->entries[i++];
      if (!entry.key().isString() || !k->isString() || k->text != entry.key().toStringRef())
        return fail("key order/name differs");
      if (!sameTree(v, entry.value(), where + "/" + k->text, tensors, why)) return false;
    }
    return true;
  }
  if (ref.isList() || ref.isTuple()) {
    const std::vector<c10::IValue> items =
        ref.isList() ? ref.toListRef().vec() : std::vector<c10::IValue>(ref.toTupleRef().elements().begin(),
                                                                        ref.toTupleRef().elements().end());
    if (!ours->isSequence() || ours->items.size() != items.size()) return fail("sequence differs");
    for (std::size_t i = 0; i < items.size(); ++i)
      if (!sameTree(ours->items[i], items[i], where + "[" + std::to_string(i) + "]", tensors, why)) return false;
    return true;
  }
  if (ref.isInt()) return ours->kind == PickleKind::Int && ours->integer == ref.toInt() ? true : fail("int differs");
  if (ref.isDouble()) {
    const double r = ref.toDouble();
    const bool same = ours->kind == PickleKind::Float && (ours->real == r || (std::isnan(ours->real) && std::isnan(r)));
    return same ? true : fail("float differs");
  }
  if (ref.isBool()) return ours->kind == PickleKind::Bool && ours->boolean == ref.toBool() ? true : fail("bool differs");
  if (ref.isString()) return ours->isString() && ours->text == ref.toStringRef() ? true : fail("str differs");
  if (ref.isNone()) return ours->isNone() ? true : fail("not None");
  return fail(std::string("unhandled reference type ") + ref.tagKind());
}

QString inputErrorOf(const fs::path& path) {
  try {
    loadStateDict(path);
  } catch (const arml::InputError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

// The hand-made legacy (non-zip) file: an OrderedDict with 'w' (2x3 view of root storage '4242'),
// 'wt' (its transpose, same storage), 'tail' (an old-style storage view of elements 2..5) and a
// Python-2 SHORT_BINSTRING key; then the key list and the raw storage (6 floats 10..15).
std::vector<unsigned char> legacyFile() {
  PickleBytes p;
  p.proto().op(0x8a).le(10, 1).raw(std::string("\x6C\xFC\x9C\x46\xF9\x20\x6A\xA8\x50\x19", 10)).op('.');
  p.proto().int2(1001).op('.');
  p.proto().op('}').op('(').unicode("protocol_version").int2(1001).unicode("little_endian").op(0x88);
  p.unicode("type_sizes").op('}').op('(').unicode("short").int1(2).unicode("int").int1(4).unicode("long").int1(4);
  p.op('u').op('u').op('.');
  p.proto().global("collections", "OrderedDict").binput(0).op(')').op('R').op('(');
  p.global("torch._utils", "_rebuild_tensor_v2").longBinput(2).op('0');
  p.unicode("w").tensor(2, "FloatStorage", "4242", 6, {2, 3}, {3, 1}, 0, true);
  p.op('U').le(2, 1).raw("wt").tensor(2, "FloatStorage", "4242", 6, {3, 2}, {1, 3}, 0, true);
  // 'tail': pid with view metadata ('77', 2, 4)
  p.unicode("tail").longBinget(2).op('(');
  p.op('(').unicode("storage").global("torch", "FloatStorage").unicode("4242").unicode("cpu").int1(6);
  p.unicode("77").int1(2).int1(4).op(0x87).op('t').op('Q');
  p.int1(0).int1(4).op(0x85).int1(1).op(0x85).op(0x89).binget(0).op(')').op('R').op('t').op('R');
  p.op('u').op('.');
  p.proto().op(']').op('(').unicode("4242").op('e').op('.');
  p.le(6, 8);
  const auto data = rawBytes(iota(6, 10.f));
  p.b.insert(p.b.end(), data.begin(), data.end());
  return p.b;
}

}  // namespace

class TestTorchFileReader : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void fixturesMatchLibtorch() {
    ARML_REQUIRE_SHARED(dir, "fixtures/arml-reference");
    int tensors = 0;
    for (const char* name : kFixtures) {
      const fs::path path = fs::path(dir) / name;
      const auto bytes = arml::readFileBytes(path);
      const c10::IValue ref = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
      const PickleValuePtr ours = readTorchFile(path);
      std::string why;
      QVERIFY2(sameTree(ours, ref, name, tensors, why), why.c_str());
    }
    QCOMPARE(tensors, 338);  // the fixture README's count of tensor leaves
  }

  void fixtureStateDict() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    const StateDict sd = loadStateDict(path);
    QCOMPARE(sd.format, WeightFileFormat::TorchZip);
    QCOMPARE(QString::fromStdString(sd.path), QString("state_dict"));
    QCOMPARE(int(sd.size()), 229);
    QCOMPARE(QString::fromStdString(sd.entries().front().first), QString("conv1a.weight"));
    QCOMPARE(sd.at("conv1a.weight").sizes().vec(), (std::vector<int64_t>{8, 3, 3, 3}));
    QCOMPARE(sd.at("b2.bn_branch2a.num_batches_tracked").scalar_type(), torch::kInt64);
    QVERIFY(sd.root->find("logits") && sd.root->find("logits")->isTensor());  // non-weights stay reachable
  }

  void handmadeZipOrderedDict() {
    const fs::path dir = arml::test::scratchDir("torch_reader_zip");
    const fs::path path = dir / "handmade.pth";
    writeZip(path, {{"data.pkl", arml::test::stateDictExcerpt()},
                    {"data/0", rawBytes(iota(108))},
                    {"data/1", rawBytes(std::vector<int64_t>{123456789012LL})}});
    QCOMPARE(detectWeightFileFormat(path), WeightFileFormat::TorchZip);
    const StateDict sd = loadStateDict(path);
    QCOMPARE(int(sd.size()), 2);
    QCOMPARE(QString::fromStdString(sd.entries()[0].first), QString("conv.weight"));
    QVERIFY(torch::equal(sd.at("conv.weight"), torch::arange(108, torch::kFloat32).view({4, 3, 3, 3})));
    QCOMPARE(sd.at("bn.num_batches_tracked").item<int64_t>(), int64_t(123456789012LL));
    QCOMPARE(sd.root->find("big")->asInt(), int64_t(1) << 40);
    QCOMPARE(sd.root->find("lr")->asDouble(), 0.5);
  }

  void nestedCheckpointAndModulePrefix() {
    // {'epoch': 3, 'state_dict': OrderedDict('module.w': tensor)} -> descend, strip "module.".
    PickleBytes p;
    p.proto().op('}').op('(').unicode("epoch").int1(3).unicode("state_dict");
    p.global("collections", "OrderedDict").binput(0).op(')').op('R');
    p.global("torch._utils", "_rebuild_tensor_v2").longBinput(1).op('0');
    p.unicode("module.w").tensor(1, "DoubleStorage", "0", 4, {4}, {1}).op('s');
    p.op('u').op('.');
    const fs::path path = fs::path(arml::test::scratchDir("torch_reader_nested")) / "ckpt.pth.tar";
    writeZip(path, {{"data.pkl", p.b}, {"data/0", rawBytes(std::vector<double>{1, 2, 3, 4})}});
    const StateDict sd = loadStateDict(path);
    QCOMPARE(int(sd.size()), 1);
    QVERIFY(sd.contains("w"));
    QCOMPARE(sd.at("w").scalar_type(), torch::kFloat64);
    QCOMPARE(sd.root->find("epoch")->asInt(), int64_t(3));
  }

  void handmadeLegacyFile() {
    const fs::path path = fs::path(arml::test::scratchDir("torch_reader_legacy")) / "legacy.pth";
    writeBytes(path, legacyFile());
    QCOMPARE(detectWeightFileFormat(path), WeightFileFormat::TorchLegacy);
    const StateDict sd = loadStateDict(path);
    QCOMPARE(int(sd.size()), 3);
    const at::Tensor expected = torch::arange(10, 16, torch::kFloat32);
    QVERIFY(torch::equal(sd.at("w"), expected.view({2, 3})));
    QVERIFY(torch::equal(sd.at("wt"), expected.view({2, 3}).t()));
    QVERIFY(torch::equal(sd.at("tail"), expected.slice(0, 2, 6)));
  }

  void truncatedFilesAreInputErrors() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/metrics.pt");
    const fs::path dir = arml::test::scratchDir("torch_reader_truncated");
    const auto zip = arml::readFileBytes(fixture);
    const auto legacy = legacyFile();
    std::vector<std::size_t> zipCuts = {0, 3, 4, 30, 64, 100, 1000, zip.size() / 2, zip.size() - 200,
                                        zip.size() - 23, zip.size() - 1};
    for (std::size_t n : zipCuts) {
      const fs::path path = dir / ("zip_" + std::to_string(n) + ".pt");
      writeBytes(path, std::vector<unsigned char>(zip.begin(), zip.begin() + static_cast<std::ptrdiff_t>(n)));
      const QString msg = inputErrorOf(path);
      QVERIFY2(!msg.isEmpty(), qPrintable(QString("zip cut at %1 accepted").arg(n)));
      QVERIFY2(msg.startsWith(QString::fromStdString(path.string())), qPrintable(msg));
      if (n >= 4) QVERIFY2(msg.contains("truncated or damaged") && !msg.contains("Could this error"), qPrintable(msg));
    }
    for (std::size_t n = 4; n < legacy.size(); ++n) {  // every cut of the legacy file
      const fs::path path = dir / "legacy_cut.pth";
      writeBytes(path, std::vector<unsigned char>(legacy.begin(), legacy.begin() + static_cast<std::ptrdiff_t>(n)));
      const QString msg = inputErrorOf(path);
      if (msg.isEmpty()) QFAIL(qPrintable(QString("legacy cut at %1 accepted").arg(n)));
      if (!msg.contains("truncated")) QFAIL(qPrintable(QString("legacy cut at %1: %2").arg(n).arg(msg)));
    }
  }

  void foreignFilesAreInputErrors() {
    const fs::path dir = arml::test::scratchDir("torch_reader_foreign");
    std::mt19937 rng(7);
    std::vector<unsigned char> random(4096);
    for (auto& b : random) b = static_cast<unsigned char>(rng());
    writeBytes(dir / "random.pth", random);
    QVERIFY(inputErrorOf(dir / "random.pth").contains("unknown weight file format"));

    random[0] = 'P', random[1] = 'K', random[2] = 3, random[3] = 4;
    writeBytes(dir / "fakezip.pth", random);
    QVERIFY(!inputErrorOf(dir / "fakezip.pth").isEmpty());

    writeBytes(dir / "empty.pth", {});
    QVERIFY(!inputErrorOf(dir / "empty.pth").isEmpty());
    QVERIFY(inputErrorOf(dir / "absent.pth").contains("no such file"));

    ARML_REQUIRE_SHARED(png, "fixtures/arml-reference/pm_luad_bn7.png");
    fs::copy_file(png, dir / "image.pth");
    QVERIFY(!inputErrorOf(dir / "image.pth").isEmpty());
  }

  void defectiveArchivesAreInputErrors() {
    const fs::path dir = arml::test::scratchDir("torch_reader_defects");
    writeZip(dir / "nopkl.pth", {{"something", {1, 2, 3}}});
    QVERIFY2(inputErrorOf(dir / "nopkl.pth").contains("data.pkl"), qPrintable(inputErrorOf(dir / "nopkl.pth")));

    const auto pkl = arml::test::stateDictExcerpt();
    writeZip(dir / "short.pth", {{"data.pkl", pkl}, {"data/0", rawBytes(iota(100))}, {"data/1", rawBytes(std::vector<int64_t>{1})}});
    QString msg = inputErrorOf(dir / "short.pth");
    QVERIFY2(msg.contains("data/0") && msg.contains("400 bytes"), qPrintable(msg));

    writeZip(dir / "norecord.pth", {{"data.pkl", pkl}, {"data/0", rawBytes(iota(108))}});
    msg = inputErrorOf(dir / "norecord.pth");
    QVERIFY2(msg.contains("data/1") && msg.contains("missing"), qPrintable(msg));

    auto badOpcode = pkl;
    badOpcode[33] = 0xFE;  // the MARK that opens the key/value batch
    writeZip(dir / "opcode.pth", {{"data.pkl", badOpcode}, {"data/0", rawBytes(iota(108))}});
    msg = inputErrorOf(dir / "opcode.pth");
    QVERIFY2(msg.contains("unknown opcode 0xfe"), qPrintable(msg));

    PickleBytes oddStorage;
    oddStorage.proto().global("collections", "OrderedDict").binput(0).op('0');
    oddStorage.global("torch._utils", "_rebuild_tensor_v2").longBinput(1).op('0');
    oddStorage.tensor(1, "QuantumStorage", "0", 4, {4}, {1}).op('.');
    writeZip(dir / "odd.pth", {{"data.pkl", oddStorage.b}, {"data/0", rawBytes(iota(4))}});
    msg = inputErrorOf(dir / "odd.pth");
    QVERIFY2(msg.contains("QuantumStorage"), qPrintable(msg));

    // Not a dict at all: a bare tensor root.
    PickleBytes bare;
    bare.proto().global("collections", "OrderedDict").binput(0).op('0');
    bare.global("torch._utils", "_rebuild_tensor_v2").longBinput(1).op('0');
    bare.tensor(1, "FloatStorage", "0", 4, {4}, {1}).op('.');
    writeZip(dir / "bare.pth", {{"data.pkl", bare.b}, {"data/0", rawBytes(iota(4))}});
    QVERIFY(inputErrorOf(dir / "bare.pth").contains("single tensor"));
  }

  void unsafeGlobalsRefuseZipCheckpoints() {
    // The two files: valid weights plus one entry calling posix.system, and one weight
    // replaced by an eval call. Both are refused as a whole, naming the file and the global.
    const fs::path dir = arml::test::scratchDir("torch_reader_unsafe");
    auto excerpt = arml::test::stateDictExcerpt();
    excerpt.pop_back();  // STOP: append one more entry to the root dict
    PickleBytes system;
    system.b = excerpt;
    system.op('0').binget(1).unicode("evil").global("posix", "system").unicode("echo pwned").op(0x85).op('R');
    system.op('s').op('.');
    const fs::path systemFile = dir / "system.pth";
    writeZip(systemFile, {{"data.pkl", system.b}, {"data/0", rawBytes(iota(108))},
                          {"data/1", rawBytes(std::vector<int64_t>{1})}});
    QString msg = inputErrorOf(systemFile);
    QVERIFY2(msg.startsWith(QString::fromStdString(systemFile.string())) && msg.contains("unsupported global posix.system"),
             qPrintable(msg));

    // eval instead of the 'bn.num_batches_tracked' tensor, by STACK_GLOBAL (protocol 4 style).
    PickleBytes eval;
    eval.proto().global("collections", "OrderedDict").binput(0).op(')').op('R').binput(1).op('(');
    eval.global("torch._utils", "_rebuild_tensor_v2").longBinput(300).op('0');
    eval.unicode("conv.weight").tensor(300, "FloatStorage", "0", 108, {4, 3, 3, 3}, {27, 9, 3, 1});
    eval.unicode("bn.num_batches_tracked").unicode("builtins").unicode("eval").op(0x93).unicode("1").op(0x85).op('R');
    eval.op('u').op('.');
    const fs::path evalFile = dir / "eval.pth";
    writeZip(evalFile, {{"data.pkl", eval.b}, {"data/0", rawBytes(iota(108))}});
    msg = inputErrorOf(evalFile);
    QVERIFY2(msg.contains("unsupported global builtins.eval"), qPrintable(msg));
  }

  void unsafeGlobalsRefuseLegacyFiles() {
    // In the sys_info pickle (the third of five), not even near the weights.
    auto bytes = legacyFile();
    PickleBytes hostile;
    hostile.proto().op(0x8a).le(10, 1).raw(std::string("\x6C\xFC\x9C\x46\xF9\x20\x6A\xA8\x50\x19", 10)).op('.');
    hostile.proto().int2(1001).op('.');
    hostile.proto().global("builtins", "exec").unicode("import os").op(0x85).op('R').op('.');
    const std::size_t sysInfoStart = 15 + 6;  // after the magic and protocol pickles
    std::size_t objectStart = sysInfoStart + 1;
    while (bytes[objectStart] != 0x80) ++objectStart;  // the PROTO of the fourth pickle
    std::vector<unsigned char> file = hostile.b;
    file.insert(file.end(), bytes.begin() + static_cast<std::ptrdiff_t>(objectStart), bytes.end());
    const fs::path path = fs::path(arml::test::scratchDir("torch_reader_unsafe_legacy")) / "legacy.pth";
    writeBytes(path, file);
    const QString msg = inputErrorOf(path);
    QVERIFY2(msg.startsWith(QString::fromStdString(path.string())) && msg.contains("unsupported global builtins.exec"),
             qPrintable(msg));
  }

  void unsafeZipEntryNamesAreRefused() {
    const fs::path dir = arml::test::scratchDir("torch_reader_zipslip");
    const auto pkl = arml::test::stateDictExcerpt();
    const auto data0 = rawBytes(iota(108));
    const auto data1 = rawBytes(std::vector<int64_t>{1});
    // LibTorch's writer puts "<archive>/" in front: "slip/../../escaped".
    writeZip(dir / "slip.pth", {{"data.pkl", pkl}, {"data/0", data0}, {"data/1", data1}, {"../../escaped", {1, 2}}});
    QString msg = inputErrorOf(dir / "slip.pth");
    QVERIFY2(msg.startsWith(QString::fromStdString((dir / "slip.pth").string())) &&
                 msg.contains("zip entry 'slip/../../escaped' has an unsafe name") && !msg.contains("Could this error"),
             qPrintable(msg));
    // Hand-made archives: a bare "../" entry, an absolute one, a Windows one.
    for (const std::string bad : {"../evil.pkl", "/tmp/evil.pkl", "archive\\..\\evil", "C:/evil"}) {
      const fs::path path = dir / "handmade.pth";
      writeBytes(path, arml::test::handmadeZip({{"archive/data.pkl", pkl}, {"archive/data/0", data0},
                                                {"archive/data/1", data1}, {bad, {1}}}));
      msg = inputErrorOf(path);
      QVERIFY2(msg.contains(QString::fromStdString("zip entry '" + bad + "' has an unsafe name")), qPrintable(msg));
    }
    // The same hand-made archive with safe names loads (the check accepts plain, non-ZIP64 zips).
    writeBytes(dir / "plain.pth", arml::test::handmadeZip({{"archive/data.pkl", pkl}, {"archive/data/0", data0},
                                                           {"archive/data/1", data1}, {"archive/version", {'3', '\n'}}}));
    QCOMPARE(int(loadStateDict(dir / "plain.pth").size()), 2);
  }

  void damagedZipDirectorySaysSo() {
    ARML_REQUIRE_SHARED(fixture, "fixtures/arml-reference/metrics.pt");
    const fs::path dir = arml::test::scratchDir("torch_reader_damaged");
    auto zip = arml::readFileBytes(fixture);
    // Point the ZIP64 directory offset past the end of the file.
    for (std::size_t i = zip.size() - 22; i-- > 0;) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 6 && zip[i + 3] == 6) {
        zip[i + 48 + 5] = 0x7F;
        break;
      }
    }
    writeBytes(dir / "damaged.pt", zip);
    const QString msg = inputErrorOf(dir / "damaged.pt");
    QVERIFY2(msg.contains("truncated or damaged") && msg.contains("central directory"), qPrintable(msg));
  }

  void corruptedPickleNeverCrashes() {
    const fs::path dir = arml::test::scratchDir("torch_reader_fuzz");
    const auto pkl = arml::test::stateDictExcerpt();
    std::mt19937 rng(99);
    int rejected = 0;
    for (int trial = 0; trial < 150; ++trial) {
      auto bad = pkl;
      for (int k = 0; k < 2; ++k) bad[2 + rng() % (bad.size() - 2)] = static_cast<unsigned char>(rng());
      const fs::path path = dir / "fuzz.pth";
      writeZip(path, {{"data.pkl", bad}, {"data/0", rawBytes(iota(108))}, {"data/1", rawBytes(std::vector<int64_t>{1})}});
      if (!inputErrorOf(path).isEmpty()) ++rejected;
    }
    QVERIFY(rejected > 0);
  }
};

QTEST_APPLESS_MAIN(TestTorchFileReader)
#include "test_torch_file_reader.moc"
