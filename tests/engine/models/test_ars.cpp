// ARS (criss-cross attention, then AMM) against the reference modules of ars_w8.pt, with the
// stored X = resnet38d_w8.pt['features_bn7'] as input.
#include <QtTest>

#include <fstream>
#include <optional>

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

// Copies the dict entries into same-named parameters/buffers; returns how many were copied.
int loadByName(torch::nn::Module& m, const c10::Dict<c10::IValue, c10::IValue>& dict) {
  torch::NoGradGuard noGrad;
  int copied = 0;
  auto copy = [&](const std::string& name, at::Tensor& t) {
    auto it = dict.find(name);
    if (it == dict.end()) return;
    t.copy_(it->value().toTensor());
    ++copied;
  };
  for (auto& p : m.named_parameters()) copy(p.key(), p.value());
  for (auto& b : m.named_buffers()) copy(b.key(), b.value());
  return copied;
}

void checkClose(const char* key, const at::Tensor& ours, const at::Tensor& ref, double relTol = 1e-5) {
  QCOMPARE(ours.sizes().vec(), ref.sizes().vec());
  const double d = (ours - ref).abs().max().item<double>();
  const double tol = relTol * ref.abs().max().item<double>();
  QVERIFY2(d <= tol, qPrintable(QString("%1: max|diff| %2 > %3").arg(key).arg(d).arg(tol)));
}

}  // namespace

class TestArs : public QObject {
  Q_OBJECT

  std::optional<c10::Dict<c10::IValue, c10::IValue>> ars_;
  at::Tensor x_;

  Resnet38dClassifier makeNet(ArsMode mode, CcaSoftmax softmax = CcaSoftmax::QueryRows) {
    Resnet38dClassifier net(ClassifierOptions{8, 4, mode, softmax});
    const auto sd = ars_->at("state_dict").toGenericDict();
    const int copied = loadByName(*net, sd);
    if (copied != int(sd.size())) throw std::runtime_error("ars_w8 state_dict: not every entry has a module name");
    net->eval();
    return net;
  }

private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(2);
    const std::string ars = arml::test::sharedPath("fixtures/arml-reference/ars_w8.pt");
    const std::string w8 = arml::test::sharedPath("fixtures/arml-reference/resnet38d_w8.pt");
    if (ars.empty() || w8.empty()) QSKIP("shared fixtures ars_w8.pt / resnet38d_w8.pt not found");
    ars_ = loadFixture(ars);
    x_ = loadFixture(w8).at("features_bn7").toTensor();
    const auto meta = ars_->at("meta").toGenericDict();
    QVERIFY(std::abs(x_.to(torch::kDouble).sum().item<double>() - meta.at("input_sum_check").toDouble()) < 1e-6);
  }

  void crissCrossAttention() {
    auto net = makeNet(ArsMode::Intended);
    torch::NoGradGuard noGrad;
    QCOMPARE(net->cca->gamma.item<float>(), float(ars_->at("cca_gamma").toDouble()));
    const at::Tensor attention = net->cca->attention(x_);
    checkClose("cca_attention", attention, ars_->at("cca_attention").toTensor());
    // The reference normalises over the query-row axis (dim 1), not over the keys.
    QVERIFY(torch::allclose(attention.sum(1), torch::ones_like(attention.sum(1)), 1e-5, 1e-5));
    checkClose("cca_out", net->cca(x_), ars_->at("cca_out").toTensor());

    net->cca->gamma.zero_();
    QVERIFY(ars_->at("cca_gamma0_output_equals_input").toBool());
    QVERIFY(torch::equal(net->cca(x_), x_));
  }

  void keySoftmaxIsAnExplicitOption() {
    auto net = makeNet(ArsMode::Intended, CcaSoftmax::Keys);
    torch::NoGradGuard noGrad;
    const at::Tensor attention = net->cca->attention(x_);
    QVERIFY(torch::allclose(attention.sum(3), torch::ones_like(attention.sum(3)), 1e-5, 1e-5));
    QVERIFY(!torch::allclose(net->cca(x_), ars_->at("cca_out").toTensor(), 1e-3, 1e-3));
  }

  void attentionModulation() {
    auto net = makeNet(ArsMode::Intended);
    torch::NoGradGuard noGrad;
    QCOMPARE(net->amm->lambda(), ars_->at("lambda").toDouble());
    AmmTrace trace;
    checkClose("amm_out", net->amm->forward(x_, &trace), ars_->at("amm_out").toTensor());
    checkClose("amm_channel_logits", trace.channelLogits, ars_->at("amm_channel_logits").toTensor());
    checkClose("amm_spatial_logits", trace.spatialLogits, ars_->at("amm_spatial_logits").toTensor());
    checkClose("amm_of_cca_out", net->amm(net->cca(x_)), ars_->at("amm_of_cca_out").toTensor());
  }

  void relocalizedCamAndLogits() {
    torch::NoGradGuard noGrad;
    for (ArsMode mode : {ArsMode::Reference, ArsMode::Intended}) {  // identical forward with the same γ
      auto net = makeNet(mode);
      const auto out = net->forwardHead(BackboneOutputs{{}, {}, x_}, true);
      checkClose("cam_reloc", out.cam, ars_->at("cam_reloc").toTensor());
      checkClose("logits_reloc", out.logits, ars_->at("logits_reloc").toTensor());
    }
    // Reference training state: γ = 0 and frozen, so CCA is skipped as the identity.
    auto net = makeNet(ArsMode::Reference);
    net->cca->gamma.zero_();
    net->freezeForTraining();
    net->eval();
    const auto out = net->forwardHead(BackboneOutputs{{}, {}, x_}, true);
    checkClose("cam_reloc_gamma0", out.cam, ars_->at("cam_reloc_gamma0").toTensor());
    checkClose("logits_reloc_gamma0", out.logits, ars_->at("logits_reloc_gamma0").toTensor());
    // Without ARS the head gives the plain CAM of X.
    const auto plain = net->forwardHead(BackboneOutputs{{}, {}, x_}, false);
    QVERIFY(plain.relocated.is_same(x_));
  }

  void gradientsReachOnlyTheLearnedArsParts() {
    auto net = makeNet(ArsMode::Reference);
    net->cca->gamma.detach().zero_();
    net->freezeForTraining();
    net->train();
    const at::Tensor x = x_.clone().requires_grad_(true);
    net->forwardHead(BackboneOutputs{{}, {}, x}, true).logits.sum().backward();
    QVERIFY(x.grad().defined() && x.grad().abs().sum().item<double>() > 0);
    QVERIFY(net->amm->SpatialAMM->spatial->conv->weight.grad().defined());
    QVERIFY(!net->amm->ChannelAMM->mlp->parameters().front().grad().defined());
    QVERIFY(!net->cca->value_conv->weight.grad().defined());  // CCA skipped: identity

    auto intended = makeNet(ArsMode::Intended);
    intended->freezeForTraining();
    intended->train();
    intended->forwardHead(BackboneOutputs{{}, {}, x_}, true).logits.sum().backward();
    QVERIFY(intended->cca->gamma.grad().defined());
    QVERIFY(intended->amm->ChannelAMM->mlp->parameters().front().grad().defined());
  }
};

QTEST_APPLESS_MAIN(TestArs)
#include "test_ars.moc"
