// Stage-2 losses (spec §4.3–4.6) against the reference fixture losses.pt and against hand-made cases.
#include <QtTest>

#include <fstream>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "test_paths.h"
#include "train/stage2_loss.h"

using namespace arml::train;

namespace {

c10::Dict<c10::IValue, c10::IValue> loadFixture(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
  return torch::pickle_load(bytes).toGenericDict();
}

double relErr(double a, double ref) { return std::abs(a - ref) / std::abs(ref); }

}  // namespace

class TestSwvSrmLosses : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void reproducesReferenceFixture() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/losses.pt");
    auto d = loadFixture(path);
    const at::Tensor main = d.at("logits_main").toTensor().clone().requires_grad_(true);
    const at::Tensor aux1 = d.at("logits_aux1").toTensor();
    const at::Tensor aux2 = d.at("logits_aux2").toTensor();
    const at::Tensor target = d.at("target").toTensor();

    const at::Tensor out = appendBackgroundChannel(main, target);
    QVERIFY(torch::equal(out.detach(), d.at("output_main").toTensor()));
    QVERIFY(torch::equal(appendBackgroundChannel(aux1, target), d.at("output_aux1").toTensor()));

    const at::Tensor o1 = d.at("output_aux1").toTensor(), o2 = d.at("output_aux2").toTensor();
    const double st1 = rkdLoss(out, o1).item<double>();
    const double st2 = rkdLoss(out, o2).item<double>();
    QVERIFY2(relErr(st1, d.at("st_main_aux1").toDouble()) < 1e-5, qPrintable(QString::number(st1, 'g', 10)));
    QVERIFY2(relErr(st2, d.at("st_main_aux2").toDouble()) < 1e-5, qPrintable(QString::number(st2, 'g', 10)));

    const Stage2Loss loss = stage2Loss(main, aux1, aux2, target);
    const double swv = loss.swv.item<double>(), total = loss.total.item<double>();
    QVERIFY2(relErr(swv, d.at("swv").toDouble()) < 1e-6, qPrintable(QString::number(swv, 'g', 12)));
    QVERIFY2(relErr(loss.srm.item<double>(), d.at("st_mean").toDouble()) < 1e-5, "st_mean");
    QVERIFY2(relErr(total, d.at("total").toDouble()) < 1e-6, qPrintable(QString::number(total, 'g', 12)));

    loss.total.backward();
    const at::Tensor ref = d.at("grad_total_wrt_logits_main").toTensor();
    const double maxDiff = (main.grad() - ref).abs().max().item<double>();
    const double maxRef = ref.abs().max().item<double>();
    QVERIFY2(maxDiff <= 1e-5 * maxRef, qPrintable(QString("grad max diff %1 of %2").arg(maxDiff).arg(maxRef)));
  }

  void swvWeightsAndNormaliser() {
    // 1×3×1×2: pixel 0 peers agree, pixel 1 disagree; uniform main logits -> loss_p = log 3.
    const at::Tensor main = torch::zeros({1, 3, 1, 2});
    at::Tensor p1 = torch::zeros({1, 3, 1, 2}), p2 = torch::zeros({1, 3, 1, 2});
    p1.index_put_({0, 1, 0, 0}, 1.0);
    p2.index_put_({0, 1, 0, 0}, 1.0);
    p1.index_put_({0, 0, 0, 1}, 1.0);
    p2.index_put_({0, 2, 0, 1}, 1.0);
    const at::Tensor target = torch::tensor({0, 2}, torch::kLong).view({1, 1, 2});
    const double v = swvLoss(main, p1, p2, target).item<double>();
    QVERIFY(std::abs(v - (2.0 + 0.5) * std::log(3.0) / 2.0) < 1e-6);
  }

  void rkdByHand() {
    // Three collinear points 0, 1, 3 on a line (D = 2): distances 1, 3, 2, mean 2.
    const at::Tensor s = torch::tensor({0.0, 0.0, 1.0, 0.0, 3.0, 0.0}).view({3, 2});
    QCOMPARE(rkdLoss(s, s.clone()).item<double>(), 0.0);
    // Teacher with the same relation up to scale and translation: RKD is invariant.
    QVERIFY(rkdLoss(s, s * 5.0 + 2.0).item<double>() < 1e-6);
    // Teacher: an equilateral triangle -> normalised distances all 1.
    const at::Tensor t = torch::tensor({0.0, 0.0, 1.0, 0.0, 0.5, std::sqrt(3.0) / 2.0}).view({3, 2});
    const double huber = [](std::vector<double> x) {
      double sum = 0;
      for (double v : x) sum += std::abs(v) < 1 ? 0.5 * v * v : std::abs(v) - 0.5;
      return sum;
    }({0.5 - 1, 1.5 - 1, 1 - 1});
    const double distance = 2 * huber / 9.0;
    // Angles (cosines) at each vertex for the student: vertex 0: e01·e02 = 1; vertex 1: e10·e12 = −1;
    // vertex 2: e20·e21 = 1. Teacher: 0.5 everywhere. Each appears twice (j,k and k,j); i=j or i=k or j=k
    // triplets: j=k gives 1 for both (equal), others 0.
    const double angleSum = 2 * (0.5 * 0.25 + (1.5 - 0.5) + 0.5 * 0.25);  // Huber(1.5) = 1
    const double expected = 30 * distance + 60 * angleSum / 27.0;
    const double got = rkdLoss(s, t).item<double>();
    QVERIFY2(std::abs(got - expected) < 1e-6, qPrintable(QString("%1 vs %2").arg(got).arg(expected)));
  }

  void distanceGradientMatchesAutogradOfDirectNorm() {
    torch::manual_seed(3);
    const at::Tensor x = torch::randn({5, 7}, torch::kDouble).requires_grad_(true);
    const at::Tensor w = torch::randn({5, 5}, torch::kDouble);
    (pairwiseDistances(x) * w).sum().backward();
    const at::Tensor y = x.detach().clone().requires_grad_(true);
    const at::Tensor direct = (y.unsqueeze(0) - y.unsqueeze(1)).pow(2).sum(2).add(torch::eye(5, torch::kDouble)).sqrt()
                              * (1 - torch::eye(5, torch::kDouble));
    (direct * w).sum().backward();
    QVERIFY(torch::allclose(x.grad(), y.grad(), 1e-10, 1e-12));
  }

  void batchOfOneAndIdenticalSamplesGiveZeroNotNan() {
    const at::Tensor a = torch::randn({1, 4, 8, 8}).requires_grad_(true);
    const at::Tensor l = rkdLoss(a, torch::randn({1, 4, 8, 8}));
    QCOMPARE(l.item<double>(), 0.0);
    l.backward();
    QVERIFY(a.grad().defined() && a.grad().abs().sum().item<double>() == 0.0);

    const at::Tensor same = torch::ones({3, 10}).requires_grad_(true);
    const at::Tensor l2 = rkdLoss(same, torch::randn({3, 10}));
    QVERIFY(std::isfinite(l2.item<double>()));
    l2.backward();
    QVERIFY(torch::isfinite(same.grad()).all().item<bool>());

    const at::Tensor mask = torch::randint(0, 5, {1, 8, 8}, torch::kLong);
    const Stage2Loss s = stage2Loss(a, a.detach() + 0.1, a.detach() - 0.1, mask);
    QVERIFY(std::isfinite(s.total.item<double>()));
    QCOMPARE(s.srm.item<double>(), 0.0);
  }

  void largeBackgroundLogitsStayAccurate() {
    // ±100 background channel shared by most pixels: float32 input, relations must agree with float64.
    torch::manual_seed(5);
    at::Tensor logits = torch::randn({4, 4, 32, 32});
    at::Tensor mask = torch::randint(0, 4, {4, 32, 32}, torch::kLong);
    mask.slice(1, 0, 24).fill_(4);
    mask[2].slice(0, 24, 28).slice(1, 0, 6).fill_(4);
    const at::Tensor peer = logits + 0.3 * torch::randn({4, 1, 1, 1});
    const at::Tensor s = appendBackgroundChannel(logits, mask), t = appendBackgroundChannel(peer, mask);
    const double f32 = rkdLoss(s, t).item<double>();
    const double f64 = rkdLoss(s.to(torch::kDouble), t.to(torch::kDouble)).item<double>();
    QVERIFY(f64 > 0);
    QVERIFY2(relErr(f32, f64) < 1e-6, qPrintable(QString("%1 vs %2").arg(f32).arg(f64)));
  }
};

QTEST_APPLESS_MAIN(TestSwvSrmLosses)
#include "test_swv_srm_losses.moc"
