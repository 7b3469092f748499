// Which parameters the stage-1 optimizer updates, and the multi-label loss.
#include <QtTest>

#include <torch/torch.h>

#include "train/multilabel_loss.h"
#include "train/stage1_param_groups.h"

using namespace arml::models;
using namespace arml::train;

namespace {
bool hasName(const ParamGroup& g, const std::string& name) {
  return std::find(g.names.begin(), g.names.end(), name) != g.names.end();
}
int64_t numel(const ParamGroup& g) {
  int64_t n = 0;
  for (const auto& p : g.params) n += p.numel();
  return n;
}
}  // namespace

class TestStage1ParamGroups : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void referenceGroups() {
    Resnet38dClassifier net(ClassifierOptions{8, 4, ArsMode::Reference});
    net->freezeForTraining();
    const auto g = stage1ParameterGroups(*net, 0.01, 5e-4);
    QCOMPARE(int(g.size()), 4);
    QCOMPARE(g[0].lr, 0.01);
    QCOMPARE(g[1].lr, 0.02);
    QCOMPARE(g[2].lr, 0.1);
    QCOMPARE(g[3].lr, 0.2);
    QCOMPARE(g[0].weightDecay, 5e-4);
    QCOMPARE(g[1].weightDecay, 0.0);
    QCOMPARE(g[2].weightDecay, 5e-4);
    QCOMPARE(g[3].weightDecay, 0.0);
    QVERIFY(!hasName(g[0], "conv1a.weight"));
    QVERIFY(!hasName(g[0], "b2_2.conv_branch2a.weight"));
    QVERIFY(hasName(g[0], "b3.conv_branch2a.weight"));
    QVERIFY(hasName(g[0], "b7.conv_branch1.weight"));
    QVERIFY(hasName(g[0], "amm.SpatialAMM.spatial.conv.weight"));
    QVERIFY(hasName(g[0], "cca.value_conv.weight"));
    QVERIFY(hasName(g[1], "cca.query_conv.bias"));
    QCOMPARE(g[1].names.size(), std::size_t(3));  // only the CCA conv biases
    QCOMPARE(g[2].names, std::vector<std::string>{"fc8.weight"});
    QVERIFY(g[3].params.empty());
    for (const auto& group : g)
      for (const auto& n : group.names) QVERIFY2(n.find("bn") == std::string::npos && n.find("mlp") == std::string::npos, n.c_str());
    QCOMPARE(int(decayOnlyParameters(*net).size()), 6);

    // Every trainable conv weight of b3 … b7 is in group 0: total = all conv weights minus the frozen ones.
    int64_t convWeights = 0, frozen = 0;
    for (const auto& item : net->named_modules("", false))
      if (auto* conv = item.value()->as<torch::nn::Conv2dImpl>(); conv && item.value().get() != net->fc8.get()) {
        convWeights += conv->weight.numel();
        if (!conv->weight.requires_grad()) frozen += conv->weight.numel();
      }
    QVERIFY(frozen > 0);
    QCOMPARE(numel(g[0]), convWeights - frozen);
  }

  void intendedAddsMlpAndGamma() {
    Resnet38dClassifier net(ClassifierOptions{8, 4, ArsMode::Intended});
    net->freezeForTraining();
    const auto g = stage1ParameterGroups(*net, 0.01, 5e-4);
    QVERIFY(hasName(g[0], "amm.ChannelAMM.mlp.1.weight"));
    QVERIFY(hasName(g[0], "amm.ChannelAMM.mlp.5.weight"));
    QVERIFY(hasName(g[1], "amm.ChannelAMM.mlp.3.bias"));
    QVERIFY(hasName(g[1], "cca.gamma"));
    QVERIFY(decayOnlyParameters(*net).empty());

    Resnet38dClassifier off(ClassifierOptions{8, 4, ArsMode::Off});
    off->freezeForTraining();
    const auto o = stage1ParameterGroups(*off, 0.01, 5e-4);
    QVERIFY(o[1].params.empty());
    QVERIFY(!hasName(o[0], "amm.SpatialAMM.spatial.conv.weight"));
  }

  void multilabelLoss() {
    const at::Tensor z = torch::tensor({{2.0, -1.0, 0.5, 0.0}, {-3.0, 4.0, 1.0, -0.5}}, torch::kDouble);
    const at::Tensor y = torch::tensor({{1.0, 0.0, 1.0, 0.0}, {0.0, 1.0, 0.0, 1.0}}, torch::kDouble);
    double expected = 0;
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 4; ++c) {
        const double zz = z[n][c].item<double>(), yy = y[n][c].item<double>();
        const double s = 1.0 / (1.0 + std::exp(-zz));
        expected += -(yy * std::log(s) + (1 - yy) * std::log(1 - s));
      }
    expected /= 8;
    QVERIFY(std::abs(multilabelSoftMarginLoss(z, y).item<double>() - expected) < 1e-12);
    const at::Tensor builtin = torch::nn::functional::multilabel_soft_margin_loss(z, y);
    QVERIFY(std::abs(multilabelSoftMarginLoss(z, y).item<double>() - builtin.item<double>()) < 1e-12);
    // Stable for large logits.
    const at::Tensor big = torch::tensor({{200.0, -200.0}}, torch::kFloat);
    QVERIFY(std::isfinite(multilabelSoftMarginLoss(big, torch::tensor({{0.0, 1.0}})).item<double>()));
  }
};

QTEST_APPLESS_MAIN(TestStage1ParamGroups)
#include "test_stage1_param_groups.moc"
