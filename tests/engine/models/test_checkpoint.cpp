// Writing torch.save-compatible files and our checkpoints: exact round trips (fp32, int64, bf16, f16,
// bool, 0-d, empty, non-contiguous and storage-sharing views), cross-checks with libtorch's own
// torch::pickle_load and PyTorchStreamReader (64-byte aligned records), atomic replacement, and
// foreign files accepted by loadCheckpoint.
#include <QtTest>

#include <caffe2/serialize/inline_container.h>
#include <torch/serialize.h>
#include <torch/torch.h>

#include <filesystem>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "models/checkpoint.h"
#include "models/torch_file_reader.h"
#include "models/torch_file_writer.h"
#include "test_paths.h"

using namespace arml::models;
namespace fs = std::filesystem;

namespace {

StateDict sampleTensors() {
  torch::manual_seed(42);
  StateDict sd;
  const at::Tensor base = torch::randn({3, 4});
  sd.insert("fp32", torch::randn({2, 3, 5}));
  sd.insert("int64", torch::tensor({int64_t(1) << 40, int64_t(-7), int64_t(0)}));
  sd.insert("bf16", torch::randn({4, 2}).to(torch::kBFloat16));
  sd.insert("f16", torch::randn({3}).to(torch::kFloat16));
  sd.insert("f64", torch::randn({2, 2}, torch::kFloat64));
  sd.insert("bool", torch::tensor({true, false, true}));
  sd.insert("u8", torch::tensor({0, 128, 255}, torch::kUInt8));
  sd.insert("scalar_f32", torch::tensor(3.5f));
  sd.insert("scalar_i64", torch::tensor(int64_t(12)));  // like num_batches_tracked
  sd.insert("empty", torch::empty({0, 4}));
  sd.insert("base", base);
  sd.insert("transposed", base.t());                        // non-contiguous, shares base's storage
  sd.insert("column", base.select(1, 2));                   // offset + stride 4
  sd.insert("slice", torch::arange(20, torch::kFloat32).slice(0, 5, 15, 2));  // view of a larger storage
  return sd;
}

void compareExact(const StateDict& a, const StateDict& b) {
  QCOMPARE(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& [na, ta] = a.entries()[i];
    const auto& [nb, tb] = b.entries()[i];
    QCOMPARE(QString::fromStdString(nb), QString::fromStdString(na));
    QVERIFY2(ta.scalar_type() == tb.scalar_type(), na.c_str());
    QVERIFY2(ta.sizes() == tb.sizes(), na.c_str());
    QVERIFY2(torch::equal(ta, tb), na.c_str());
  }
}

}  // namespace

class TestCheckpoint : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void checkpointRoundTrip() {
    const fs::path dir = arml::test::scratchDir("checkpoint_roundtrip");
    Checkpoint c;
    c.model = sampleTensors();
    c.optimizer.insert("momentum_buffer/fp32", torch::randn({2, 3, 5}));
    c.epoch = 7;
    c.step = int64_t(1) << 33;
    c.rngState = std::string("\x00\x01\x7f\x80\xff rng", 9);
    c.meta = {{"arch", "resnet38d-lite"}, {"classes", {"TUM", "STR", "LYM", "NEC"}}, {"lr", 0.01}};
    saveCheckpoint(dir / "ckpt.pth", c);

    const Checkpoint back = loadCheckpoint(dir / "ckpt.pth");
    QVERIFY(back.isArmlCheckpoint);
    compareExact(c.model, back.model);
    compareExact(c.optimizer, back.optimizer);
    QCOMPARE(back.epoch, int64_t(7));
    QCOMPARE(back.step, int64_t(1) << 33);
    QCOMPARE(back.rngState, c.rngState);
    QCOMPARE(back.meta, c.meta);
    // Views that shared a storage still share it after loading.
    QCOMPARE(back.model.at("transposed").data_ptr(), back.model.at("base").data_ptr());
    QVERIFY(!back.model.at("transposed").is_contiguous());

    // Only the checkpoint remains in the folder (no temporary files), and it can be replaced.
    c.epoch = 8;
    saveCheckpoint(dir / "ckpt.pth", c);
    QCOMPARE(loadCheckpoint(dir / "ckpt.pth").epoch, int64_t(8));
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    QCOMPARE(files, 1);
  }

  void libtorchReadsOurPlainDict() {
    // A plain dict (no OrderedDict) is within what torch::pickle_load understands: an independent
    // reader for our writer's pickle and zip layout.
    const StateDict sd = sampleTensors();
    auto root = PickleValue::dict(false);
    for (const auto& [name, t] : sd) root->set(name, PickleValue::fromTensor(t));
    root->set("epoch", PickleValue::fromInt(3));
    root->set("big", PickleValue::fromInt(-(int64_t(1) << 40)));
    root->set("lr", PickleValue::fromDouble(0.125));
    root->set("name", PickleValue::fromString("w8 \u00b5m"));
    root->set("list", PickleValue::list({PickleValue::fromInt(1), PickleValue::fromBool(true), PickleValue::none()}));
    const auto bytes = encodeTorchFile(*root);
    const c10::IValue ref = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    const auto dict = ref.toGenericDict();
    for (const auto& [name, t] : sd) {
      const at::Tensor other = dict.at(name).toTensor();
      QVERIFY2(other.scalar_type() == t.scalar_type() && other.sizes() == t.sizes() && torch::equal(other, t),
               name.c_str());
    }
    QCOMPARE(dict.at("epoch").toInt(), int64_t(3));
    QCOMPARE(dict.at("big").toInt(), -(int64_t(1) << 40));
    QCOMPARE(dict.at("lr").toDouble(), 0.125);
    QCOMPARE(QString::fromStdString(dict.at("name").toStringRef()), QString("w8 \u00b5m"));
    QCOMPARE(int(dict.at("list").toListRef().size()), 3);
  }

  void recordsAreAlignedAndVersioned() {
    const fs::path path = fs::path(arml::test::scratchDir("checkpoint_layout")) / "sd.pth";
    saveStateDictPth(path, sampleTensors(), R"({"note":"test"})");
    caffe2::serialize::PyTorchStreamReader reader(path.string());
    QCOMPARE(reader.version(), uint64_t(3));
    int storages = 0;
    for (const auto& name : reader.getAllRecords()) {
      if (name.rfind("data/", 0) != 0) continue;
      ++storages;
      QVERIFY2(reader.getRecordOffset(name) % 64 == 0, name.c_str());
    }
    QCOMPARE(storages, 12);  // 14 tensors, two of them views of "base"

    const StateDict back = loadStateDict(path);
    compareExact(sampleTensors(), back);
    QCOMPARE(QString::fromStdString(back.path), QString("state_dict"));
    QCOMPARE(QString::fromStdString(back.root->find("meta")->asString()), QString(R"({"note":"test"})"));
  }

  void foreignFilesLoadAsModelOnly() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    const Checkpoint c = loadCheckpoint(path);
    QVERIFY(!c.isArmlCheckpoint);
    QCOMPARE(int(c.model.size()), 229);
    QVERIFY(c.optimizer.empty());
  }

  void unwritableTargetIsRuntimeFailure() {
    // The parent "folder" is a regular file, so even root cannot create the checkpoint there.
    const fs::path dir = arml::test::scratchDir("checkpoint_unwritable");
    arml::writeFileAtomically(dir / "not_a_folder", std::string("x"));
    Checkpoint c;
    c.model = sampleTensors();
    QVERIFY_EXCEPTION_THROWN(saveCheckpoint(dir / "not_a_folder" / "ckpt.pth", c), arml::RuntimeFailure);
  }

  void corruptMetadataIsInputError() {
    const fs::path path = fs::path(arml::test::scratchDir("checkpoint_badmeta")) / "bad.pth";
    auto root = PickleValue::dict(false);
    root->set("format", PickleValue::fromString("arml-checkpoint"));
    root->set("format_version", PickleValue::fromInt(1));
    root->set("state_dict", stateDictToPickle(sampleTensors()));
    root->set("meta", PickleValue::fromString("{not json"));
    writeTorchFile(path, *root);
    QVERIFY_EXCEPTION_THROWN(loadCheckpoint(path), arml::InputError);
  }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
