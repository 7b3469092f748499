// ResNet38d backbone + fc8 against the reference: state_dict names and sizes of the full network
// (state_dict_names.tsv) and the outputs of the 1/8-width fixture network (resnet38d_w8.pt).
#include <QtTest>

#include <fstream>
#include <map>
#include <sstream>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "models/resnet38d_classifier.h"
#include "test_paths.h"

using namespace arml::models;

namespace {

c10::Dict<c10::IValue, c10::IValue> loadFixture(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
  return torch::pickle_load(bytes).toGenericDict();
}

// Copies every entry of `dict` into the parameter or buffer of the same name; returns the module
// names that the dict lacks.
QStringList loadByName(torch::nn::Module& m, const c10::Dict<c10::IValue, c10::IValue>& dict) {
  torch::NoGradGuard noGrad;
  QStringList missing;
  auto copy = [&](const std::string& name, at::Tensor& t) {
    auto it = dict.find(name);
    if (it == dict.end()) {
      missing << QString::fromStdString(name);
      return;
    }
    const at::Tensor src = it->value().toTensor();
    if (src.sizes() != t.sizes()) throw std::runtime_error(name + ": shape differs");
    t.copy_(src);
  };
  for (auto& p : m.named_parameters()) copy(p.key(), p.value());
  for (auto& b : m.named_buffers()) copy(b.key(), b.value());
  return missing;
}

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }
double maxAbs(const at::Tensor& a) { return a.abs().max().item<double>(); }

struct TsvEntry {
  std::vector<int64_t> shape;
  bool param = false;
};
// model → name → entry, from state_dict_names.tsv
std::map<std::string, std::map<std::string, TsvEntry>> readTsv(const std::string& path) {
  std::map<std::string, std::map<std::string, TsvEntry>> out;
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);  // header
  while (std::getline(f, line)) {
    std::stringstream ss(line);
    std::string model, name, kind, shape;
    std::getline(ss, model, '\t');
    std::getline(ss, name, '\t');
    std::getline(ss, kind, '\t');
    std::getline(ss, shape, '\t');
    TsvEntry e;
    e.param = kind == "param";
    std::string digits;
    for (char ch : shape) {
      if (std::isdigit(static_cast<unsigned char>(ch))) digits += ch;
      else if (!digits.empty()) e.shape.push_back(std::stoll(digits)), digits.clear();
    }
    out[model][name] = e;
  }
  return out;
}

void compareNames(torch::nn::Module& m, const std::map<std::string, TsvEntry>& expected, int64_t* paramCount) {
  std::map<std::string, TsvEntry> actual;
  *paramCount = 0;
  for (auto& p : m.named_parameters()) {
    actual[p.key()] = {p.value().sizes().vec(), true};
    *paramCount += p.value().numel();
  }
  for (auto& b : m.named_buffers()) actual[b.key()] = {b.value().sizes().vec(), false};
  for (const auto& [name, e] : expected) {
    auto it = actual.find(name);
    QVERIFY2(it != actual.end(), qPrintable(QString::fromStdString("missing: " + name)));
    QVERIFY2(it->second.shape == e.shape, qPrintable(QString::fromStdString("shape differs: " + name)));
    QCOMPARE(it->second.param, e.param);
  }
  for (const auto& [name, e] : actual)
    QVERIFY2(expected.count(name), qPrintable(QString::fromStdString("not in the reference: " + name)));
}

}  // namespace

class TestResNet38d : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  void fullWidthMatchesReferenceNames() {
    ARML_REQUIRE_SHARED(tsv, "fixtures/arml-reference/state_dict_names.tsv");
    const auto models = readTsv(tsv);
    QVERIFY(models.count("Net_CAM(4)"));
    Resnet38dClassifier net(ClassifierOptions{1, 4, ArsMode::Off});
    int64_t params = 0;
    compareNames(*net, models.at("Net_CAM(4)"), &params);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(params, int64_t(105087296));

    // The training model with ARS: the reference Net(1.0,4) without the never-run PDA module.
    std::map<std::string, TsvEntry> training;
    for (const auto& [name, e] : models.at("Net(1.0,4)"))
      if (name.rfind("Attention_Module.", 0) != 0) training[name] = e;
    Resnet38dClassifier withArs(ClassifierOptions{1, 4, ArsMode::Reference});
    compareNames(*withArs, training, &params);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(params, int64_t(152284581 - 2 * 8388608));
  }

  void liteShapes() {
    Resnet38dClassifier net(ClassifierOptions{8, 4, ArsMode::Off});
    net->eval();
    torch::NoGradGuard noGrad;
    const auto out = net->forward(torch::rand({1, 3, 64, 48}));
    QCOMPARE(out.features.sizes().vec(), (std::vector<int64_t>{1, 512, 8, 6}));
    QCOMPARE(out.b4_5.sizes().vec(), (std::vector<int64_t>{1, 64, 8, 6}));
    QCOMPARE(out.b5_2.sizes().vec(), (std::vector<int64_t>{1, 128, 8, 6}));
    QCOMPARE(out.cam.sizes().vec(), (std::vector<int64_t>{1, 4, 8, 6}));
    QCOMPARE(out.logits.sizes().vec(), (std::vector<int64_t>{1, 4}));
    QVERIFY(out.relocated.is_same(out.features));
  }

  void w8ReproducesReferenceOutputs() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    const auto fx = loadFixture(path);
    Resnet38dClassifier net(ClassifierOptions{8, 4, ArsMode::Off});
    const auto sd = fx.at("state_dict").toGenericDict();
    QVERIFY2(loadByName(*net, sd).isEmpty(), "fixture state_dict lacks some of our names");
    QCOMPARE(int64_t(sd.size()), int64_t(net->named_parameters().size() + net->named_buffers().size()));
    net->eval();
    torch::NoGradGuard noGrad;
    BlockTrace trace;
    const auto out = net->forward(fx.at("input").toTensor(), false, &trace);

    const at::Tensor logits = fx.at("logits").toTensor();
    QVERIFY2(maxAbsDiff(out.logits, logits) <= 1e-5, qPrintable(QString::number(maxAbsDiff(out.logits, logits))));
    auto check = [](const char* key, const at::Tensor& ours, const at::Tensor& ref) {
      QCOMPARE(ours.sizes().vec(), ref.sizes().vec());
      const double d = maxAbsDiff(ours, ref), tol = 5e-5 * maxAbs(ref);
      QVERIFY2(d <= tol, qPrintable(QString("%1: max|diff| %2 > %3").arg(key).arg(d).arg(tol)));
    };
    check("features_bn7", out.features, fx.at("features_bn7").toTensor());
    check("cam_plain", out.cam, fx.at("cam_plain").toTensor());
    check("b4_5_out", out.b4_5, fx.at("b4_5_out").toTensor());
    check("b5_2_out", out.b5_2, fx.at("b5_2_out").toTensor());
    check("prob", torch::sigmoid(out.logits), fx.at("prob").toTensor());

    const auto means = fx.at("block_out_spatial_mean").toGenericDict();
    QCOMPARE(int64_t(trace.size()), int64_t(means.size()));
    for (const auto& [name, t] : trace) {
      QVERIFY2(means.contains(name), name.c_str());
      check(name.c_str(), t.mean({2, 3}), means.at(name).toTensor());
    }
  }

  void trainModeKeepsBatchNormFrozen() {
    Resnet38dClassifier net(ClassifierOptions{8, 4, ArsMode::Reference});
    net->freezeForTraining();
    net->train();
    QVERIFY(net->is_training());
    QVERIFY(!net->bn7->is_training());
    QVERIFY(!net->amm->SpatialAMM->spatial->bn->is_training());
    QVERIFY(net->b6->is_training());
    QVERIFY(!net->conv1a->weight.requires_grad());
    QVERIFY(!net->b2_2->conv_branch2b1->weight.requires_grad());
    QVERIFY(net->b3->conv_branch2a->weight.requires_grad());
    QVERIFY(!net->b3->bn_branch2a->weight.requires_grad());
    QVERIFY(!net->cca->gamma.requires_grad());
    QVERIFY(net->amm->SpatialAMM->spatial->conv->weight.requires_grad());
    QVERIFY(!net->amm->ChannelAMM->parameters().front().requires_grad());

    // A training forward leaves the BatchNorm running statistics untouched and drops features.
    const at::Tensor before = net->b3->bn_branch2a->running_mean.clone();
    const auto out = net->forward(torch::rand({2, 3, 32, 32}), true);
    out.logits.sum().backward();
    QVERIFY(torch::equal(before, net->b3->bn_branch2a->running_mean));
    QVERIFY(!net->conv1a->weight.grad().defined());
    QVERIFY(net->b3->conv_branch2a->weight.grad().defined());
    QVERIFY(net->amm->SpatialAMM->spatial->conv->weight.grad().defined());
  }
};

QTEST_APPLESS_MAIN(TestResNet38d)
#include "test_resnet38d.moc"
