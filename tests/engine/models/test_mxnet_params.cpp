// MXNet .params: synthetic files in all four record layouts written here byte by byte, the A1
// name mapping on the complete list of 193 names (checked against the reference state_dict names),
// an end-to-end import into ResNet38d-lite, and broken files as InputErrors (a truncated file says
// where it ends: which array or name).
#include <QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/errors.h"
#include "models/mxnet_params_reader.h"
#include "models/mxnet_resnet38_names.h"
#include "models/resnet38d.h"
#include "models/state_dict_import.h"
#include "test_paths.h"

using namespace arml::models;
namespace fs = std::filesystem;

namespace {

enum class Layout { Legacy, V1, V2, V3 };

// Writes an NDArray list the way the MXNet versions of weight-formats.md §2 do.
class ParamsWriter {
public:
  void add(const std::string& name, const at::Tensor& t, Layout layout = Layout::Legacy) {
    names_.push_back(name);
    const at::Tensor c = t.contiguous();
    std::string& r = records_;
    switch (layout) {
      case Layout::Legacy:
        put<std::uint32_t>(r, static_cast<std::uint32_t>(c.dim()));
        for (auto d : c.sizes()) put<std::uint32_t>(r, static_cast<std::uint32_t>(d));
        break;
      case Layout::V1:
        put<std::uint32_t>(r, 0xF993FAC8);
        put<std::int32_t>(r, static_cast<std::int32_t>(c.dim()));
        for (auto d : c.sizes()) put<std::int64_t>(r, d);
        break;
      case Layout::V2:
      case Layout::V3:
        put<std::uint32_t>(r, layout == Layout::V2 ? 0xF993FAC9 : 0xF993FACA);
        put<std::int32_t>(r, 0);  // dense
        put<std::int32_t>(r, static_cast<std::int32_t>(c.dim()));
        for (auto d : c.sizes()) put<std::int64_t>(r, d);
        break;
    }
    if (c.dim() == 0 && layout != Layout::V3) return;  // empty array: no context, type or data
    put<std::int32_t>(r, 1);  // cpu
    put<std::int32_t>(r, 0);
    put<std::int32_t>(r, typeFlag(c.scalar_type()));
    r.append(static_cast<const char*>(c.data_ptr()), c.nbytes());
  }
  void addRaw(const std::string& name, const std::string& record) {
    names_.push_back(name);
    records_ += record;
  }
  std::string bytes(bool withNames = true) const {
    std::string out;
    put<std::uint64_t>(out, 0x112);
    put<std::uint64_t>(out, 0);
    put<std::uint64_t>(out, names_.size());
    out += records_;
    put<std::uint64_t>(out, withNames ? names_.size() : 0);
    if (withNames) {
      for (const auto& n : names_) {
        put<std::uint64_t>(out, n.size());
        out += n;
      }
    }
    return out;
  }
  void save(const fs::path& path, bool withNames = true) const {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes(withNames);
  }

  template <typename T>
  static void put(std::string& s, T v) {
    s.append(reinterpret_cast<const char*>(&v), sizeof v);
  }

private:
  static std::int32_t typeFlag(c10::ScalarType t) {
    switch (t) {
      case c10::ScalarType::Float: return 0;
      case c10::ScalarType::Double: return 1;
      case c10::ScalarType::Half: return 2;
      case c10::ScalarType::Byte: return 3;
      case c10::ScalarType::Int: return 4;
      case c10::ScalarType::Long: return 6;
      default: return 99;
    }
  }
  std::vector<std::string> names_;
  std::string records_;
};

// The 193 array names of ademxapp model A1, generated from its structure (not from the mapping code):
// ResBlocks 2a,2b1,2b2, 3a,3b1,3b2, 4a,4b1..4b5, 5a,5b1,5b2 (convs 2a, 2b1 and branch1 in "a" blocks;
// BNs before 2a and 2b1), bottlenecks 6a, 7a (convs 2a, 2b1, 2b2, branch1; three BNs), bn7,
// conv1a, linear1000.
std::vector<std::string> a1Names() {
  std::vector<std::string> names = {"arg:conv1a_weight"};
  auto bn = [&](const std::string& id) {
    names.push_back("arg:" + id + "_gamma");
    names.push_back("arg:" + id + "_beta");
    names.push_back("aux:" + id + "_moving_mean");
    names.push_back("aux:" + id + "_moving_var");
  };
  const std::vector<std::pair<int, int>> stages = {{2, 2}, {3, 2}, {4, 5}, {5, 2}};
  for (const auto& [level, extra] : stages) {
    for (int k = 0; k <= extra; ++k) {
      const std::string blk = std::to_string(level) + (k == 0 ? "a" : "b" + std::to_string(k));
      for (const char* br : {"branch2a", "branch2b1"}) {
        bn("bn" + blk + "_" + br);
        names.push_back("arg:res" + blk + "_" + br + "_weight");
      }
      if (k == 0) names.push_back("arg:res" + blk + "_branch1_weight");
    }
  }
  for (int level : {6, 7}) {
    const std::string blk = std::to_string(level) + "a";
    for (const char* br : {"branch2a", "branch2b1", "branch2b2"}) {
      bn("bn" + blk + "_" + br);
      names.push_back("arg:res" + blk + "_" + br + "_weight");
    }
    names.push_back("arg:res" + blk + "_branch1_weight");
  }
  bn("bn7");
  names.push_back("arg:linear1000_weight");
  names.push_back("arg:linear1000_bias");
  return names;
}

QString inputErrorOf(const fs::path& path) {
  try {
    readMxnetParams(path);
  } catch (const arml::InputError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestMxnetParams : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void legacyFileWithCheckpointNames() {
    torch::manual_seed(1);
    const at::Tensor conv = torch::randn({2, 3, 3, 3});
    const at::Tensor mean = torch::randn({4});
    ParamsWriter w;
    w.add("arg:conv1a_weight", conv);
    w.add("aux:bn7_moving_mean", mean);
    w.add("arg:linear1000_bias", torch::randn({3}));
    w.add("arg:res2a_branch1_weight", torch::randn({4, 2, 1, 1}));
    w.add("arg:bn4b3_branch2b1_gamma", torch::randn({5}));
    const fs::path path = fs::path(arml::test::scratchDir("mxnet_legacy")) / "a1.params";
    w.save(path);

    QCOMPARE(detectWeightFileFormat(path), WeightFileFormat::MxnetParams);
    const StateDict sd = loadStateDict(path);
    QCOMPARE(sd.format, WeightFileFormat::MxnetParams);
    QCOMPARE(int(sd.size()), 5);
    QCOMPARE(QString::fromStdString(sd.entries()[1].first), QString("aux:bn7_moving_mean"));
    QVERIFY(torch::equal(sd.at("arg:conv1a_weight"), conv));
    QVERIFY(torch::equal(sd.at("aux:bn7_moving_mean"), mean));

    std::vector<std::string> dropped, unknown;
    const StateDict mapped = mxnetToResnet38StateDict(sd, &dropped, &unknown);
    QCOMPARE(int(mapped.size()), 4);
    QVERIFY(torch::equal(mapped.at("conv1a.weight"), conv));
    QVERIFY(torch::equal(mapped.at("bn7.running_mean"), mean));
    QVERIFY(mapped.contains("b2.conv_branch1.weight"));
    QVERIFY(mapped.contains("b4_3.bn_branch2b1.weight"));
    QCOMPARE(dropped, std::vector<std::string>{"arg:linear1000_bias"});
    QVERIFY(unknown.empty());
  }

  void allRecordLayoutsAndDtypes() {
    const at::Tensor f16 = torch::arange(6, torch::kFloat16).view({2, 3});
    const at::Tensor i64 = torch::tensor({int64_t(1) << 40, int64_t(-5)});
    const at::Tensor f64 = torch::tensor({0.5, -1.25}, torch::kFloat64);
    const at::Tensor u8 = torch::tensor({1, 255}, torch::kUInt8);
    ParamsWriter w;
    w.add("v1", f16, Layout::V1);
    w.add("v2", i64, Layout::V2);
    w.add("v3", f64, Layout::V3);
    w.add("v3scalar", torch::tensor(2.5f), Layout::V3);
    w.add("legacy_u8", u8, Layout::Legacy);
    w.add("legacy_empty", torch::tensor(0.f), Layout::Legacy);  // ndim 0: an empty array
    std::string emptyV3;
    ParamsWriter::put<std::uint32_t>(emptyV3, 0xF993FACA);
    ParamsWriter::put<std::int32_t>(emptyV3, 0);
    ParamsWriter::put<std::int32_t>(emptyV3, -1);
    w.addRaw("v3_empty", emptyV3);
    const fs::path path = fs::path(arml::test::scratchDir("mxnet_layouts")) / "mixed.params";
    w.save(path);
    const StateDict sd = readMxnetParams(path);
    QCOMPARE(int(sd.size()), 7);
    QVERIFY(torch::equal(sd.at("v1"), f16));
    QVERIFY(torch::equal(sd.at("v2"), i64));
    QVERIFY(torch::equal(sd.at("v3"), f64));
    QCOMPARE(sd.at("v3scalar").dim(), int64_t(0));
    QCOMPARE(sd.at("v3scalar").item<float>(), 2.5f);
    QVERIFY(torch::equal(sd.at("legacy_u8"), u8));
    QCOMPARE(sd.at("legacy_empty").numel(), int64_t(0));
    QCOMPARE(sd.at("v3_empty").numel(), int64_t(0));

    // An unnamed list gets positional names.
    w.save(path, false);
    const StateDict unnamed = readMxnetParams(path);
    QCOMPARE(QString::fromStdString(unnamed.entries()[2].first), QString("2"));
  }

  void fullA1NameListMapsOntoNetCam() {
    ARML_REQUIRE_SHARED(tsv, "fixtures/arml-reference/state_dict_names.tsv");
    std::set<std::string> expected;
    std::ifstream in(tsv);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string model, name;
      std::getline(fields, model, '\t');
      std::getline(fields, name, '\t');
      if (model != "Net_CAM(4)" || name.find("num_batches_tracked") != std::string::npos || name.rfind("fc8.", 0) == 0)
        continue;
      expected.insert(name);
    }
    QCOMPARE(int(expected.size()), 191);

    const std::vector<std::string> names = a1Names();
    QCOMPARE(int(names.size()), 193);
    std::map<std::string, int> produced;
    int dropped = 0;
    for (const auto& n : names) {
      const MxnetNameMapping m = mapMxnetResnet38Name(n);
      if (m.kind == MxnetNameMapping::Kind::Dropped) {
        ++dropped;
        continue;
      }
      QVERIFY2(m.kind == MxnetNameMapping::Kind::Mapped, n.c_str());
      ++produced[m.torchName];
    }
    QCOMPARE(dropped, 2);
    for (const auto& [name, count] : produced) {
      QVERIFY2(count == 1, name.c_str());
      QVERIFY2(expected.count(name), ("not a Net_CAM name: " + name).c_str());
    }
    QCOMPARE(produced.size(), expected.size());

    // Names outside the scheme are reported, not guessed.
    QCOMPARE(mapMxnetResnet38Name("arg:res2a_branch2a_gamma").kind, MxnetNameMapping::Kind::Unknown);
    QCOMPARE(mapMxnetResnet38Name("arg:fc_weight").kind, MxnetNameMapping::Kind::Unknown);
    QCOMPARE(QString::fromStdString(mapMxnetResnet38Name("bn5b2_branch2a_moving_var").torchName),
             QString("b5_2.bn_branch2a.running_var"));
  }

  void endToEndImportIntoResnet38dLite() {
    ResNet38d net(8);
    const StateDict target = moduleStateDict(*net);
    torch::manual_seed(3);
    ParamsWriter w;
    std::map<std::string, at::Tensor> written;  // torch name -> values
    for (const auto& n : a1Names()) {
      const MxnetNameMapping m = mapMxnetResnet38Name(n);
      at::Tensor t = m.kind == MxnetNameMapping::Kind::Dropped ? torch::randn({10, 512}) : torch::randn(target.at(m.torchName).sizes());
      if (m.kind == MxnetNameMapping::Kind::Mapped) written[m.torchName] = t;
      w.add(n, t);
    }
    const fs::path path = fs::path(arml::test::scratchDir("mxnet_e2e")) / "a1_w8.params";
    w.save(path);

    std::vector<std::string> dropped;
    const StateDict mapped = mxnetToResnet38StateDict(loadStateDict(path), &dropped);
    const ImportReport report = importStateDict(*net, mapped);
    QCOMPARE(int(report.matched.size()), 191);
    QVERIFY2(report.missing.empty(), report.toString().c_str());
    QVERIFY(report.unexpected.empty());
    QCOMPARE(int(report.defaultedCounters.size()), 37);
    QCOMPARE(int(dropped.size()), 2);
    const StateDict after = moduleStateDict(*net);
    for (const auto& [name, t] : written) QVERIFY2(torch::equal(after.at(name), t), name.c_str());
  }

  void brokenFilesAreInputErrors() {
    const fs::path dir = arml::test::scratchDir("mxnet_broken");
    ParamsWriter w;
    w.add("arg:conv1a_weight", torch::randn({4, 3, 3, 3}));
    w.add("aux:bn7_moving_var", torch::randn({4}));
    const std::string good = w.bytes();
    for (std::size_t n : {std::size_t(0), std::size_t(7), std::size_t(16), std::size_t(30), std::size_t(60),
                          good.size() / 2, good.size() - 25, good.size() - 1}) {
      std::ofstream(dir / "cut.params", std::ios::binary | std::ios::trunc) << good.substr(0, n);
      const QString msg = inputErrorOf(dir / "cut.params");
      QVERIFY2(!msg.isEmpty(), qPrintable(QString("cut at %1 accepted").arg(n)));
      QVERIFY2(msg.contains("truncated") && !msg.contains("implausible"), qPrintable(msg));
    }
    // Where it ends: in the data of the first array, in the second name (the issue's "implausible
    // name length 11" case: a name length read, its bytes cut off).
    std::ofstream(dir / "cut.params", std::ios::binary | std::ios::trunc) << good.substr(0, 60);
    QString msg = inputErrorOf(dir / "cut.params");
    QVERIFY2(msg.contains("ends at byte 60 inside the data of an array of shape [4, 3, 3, 3] (array 1 of 2)"),
             qPrintable(msg));
    std::ofstream(dir / "cut.params", std::ios::binary | std::ios::trunc) << good.substr(0, good.size() - 5);
    msg = inputErrorOf(dir / "cut.params");
    QVERIFY2(msg.contains("truncated") && msg.contains("inside a name (name 2 of 2)") &&
                 msg.contains("18 bytes needed"),
             qPrintable(msg));
    std::ofstream(dir / "cut.params", std::ios::binary | std::ios::trunc) << good.substr(0, good.size() - 20);
    msg = inputErrorOf(dir / "cut.params");
    QVERIFY2(msg.contains("inside the length of a name (name 2 of 2)"), qPrintable(msg));

    std::string sparse;
    ParamsWriter::put<std::uint32_t>(sparse, 0xF993FAC9);
    ParamsWriter::put<std::int32_t>(sparse, 1);  // row_sparse
    ParamsWriter s;
    s.addRaw("sparse", sparse + std::string(64, '\0'));
    s.save(dir / "sparse.params");
    QVERIFY(inputErrorOf(dir / "sparse.params").contains("sparse"));

    std::string hugeDims;
    ParamsWriter::put<std::uint32_t>(hugeDims, 2);
    ParamsWriter::put<std::uint32_t>(hugeDims, 0xFFFFFFFF);
    ParamsWriter::put<std::uint32_t>(hugeDims, 0xFFFFFFFF);
    ParamsWriter::put<std::int32_t>(hugeDims, 1);
    ParamsWriter::put<std::int32_t>(hugeDims, 0);
    ParamsWriter::put<std::int32_t>(hugeDims, 0);
    ParamsWriter h;
    h.addRaw("huge", hugeDims);
    h.save(dir / "huge.params");
    QVERIFY(inputErrorOf(dir / "huge.params").contains("larger than the rest of the file"));

    // int64 dimensions whose product overflows 64 bits must not wrap around to a small size.
    std::string overflow;
    ParamsWriter::put<std::uint32_t>(overflow, 0xF993FAC8);  // V1
    ParamsWriter::put<std::int32_t>(overflow, 2);
    ParamsWriter::put<std::int64_t>(overflow, std::int64_t(1) << 40);
    ParamsWriter::put<std::int64_t>(overflow, std::int64_t(1) << 40);
    ParamsWriter::put<std::int32_t>(overflow, 1);
    ParamsWriter::put<std::int32_t>(overflow, 0);
    ParamsWriter::put<std::int32_t>(overflow, 0);
    ParamsWriter o;
    o.addRaw("overflow", overflow + std::string(64, '\0'));
    o.save(dir / "overflow.params");
    QVERIFY(inputErrorOf(dir / "overflow.params").contains("larger than the rest of the file (damaged file)"));

    std::string manyDims;
    ParamsWriter::put<std::uint32_t>(manyDims, 1000);
    ParamsWriter m;
    m.addRaw("dims", manyDims);
    m.save(dir / "dims.params");
    QVERIFY(inputErrorOf(dir / "dims.params").contains("dimensions"));

    std::string wrongHeader = good;
    wrongHeader[0] = 0x13;
    std::ofstream(dir / "header.params", std::ios::binary | std::ios::trunc) << wrongHeader;
    QVERIFY(inputErrorOf(dir / "header.params").contains("not an MXNet"));

    ParamsWriter dup;
    dup.add("x", torch::randn({2}));
    dup.add("x", torch::randn({2}));
    dup.save(dir / "dup.params");
    QVERIFY(inputErrorOf(dir / "dup.params").contains("twice"));
  }
};

QTEST_APPLESS_MAIN(TestMxnetParams)
#include "test_mxnet_params.moc"
