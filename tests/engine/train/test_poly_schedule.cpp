// Poly learning-rate schedules and the reference PolyOptimizer (SGD) against poly_lr.pt.
#include <QtTest>

#include <cmath>
#include <fstream>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "test_paths.h"
#include "train/poly_optimizer.h"
#include "train/poly_schedule.h"

using namespace arml::train;

namespace {

c10::Dict<c10::IValue, c10::IValue> loadFixture(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
  return torch::pickle_load(bytes).toGenericDict();
}

bool relClose(double a, double b, double rel) { return std::abs(a - b) <= rel * std::abs(b); }

const double kGroupLr[4] = {0.01, 0.02, 0.1, 0.2};

}  // namespace

class TestPolySchedule : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void handComputedValues() {
    const PolySchedule s(10);
    QCOMPARE(s.factor(0), 1.0);
    QCOMPARE(s.factor(5), std::pow(0.5, 0.9));
    QCOMPARE(s.factor(10), s.factor(9));  // held at step T−1
    QCOMPARE(s.factor(1000), s.factor(9));
    QVERIFY(s.factor(9) > 0.0);
    QCOMPARE(PolySchedule::stage1MaxStep(16678, 20, 20), std::int64_t(16660));
  }

  void stage1Schedules_data() {
    QTest::addColumn<QString>("key");
    QTest::newRow("luad") << "luad";
    QTest::newRow("bcss") << "bcss";
    QTest::newRow("tiny") << "tiny";
  }

  void stage1Schedules() {
    QFETCH(QString, key);
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/poly_lr.pt");
    const auto d = loadFixture(path).at("stage1").toGenericDict().at(key.toStdString()).toGenericDict();
    const std::int64_t maxStep = PolySchedule::stage1MaxStep(d.at("n_train").toInt(), d.at("batch").toInt(),
                                                             d.at("epochs").toInt());
    QCOMPARE(maxStep, d.at("max_step").toInt());
    const PolySchedule s(maxStep);
    const at::Tensor steps = d.at("steps").toTensor(), lr = d.at("lr").toTensor();
    for (int64_t i = 0; i < steps.size(0); ++i)
      for (int g = 0; g < 4; ++g) {
        const double ours = s.lr(kGroupLr[g], steps[i].item<int64_t>()), ref = lr[i][g].item<double>();
        QVERIFY2(relClose(ours, ref, 1e-15),
                 qPrintable(QString("step %1 group %2: %3 vs %4").arg(steps[i].item<int64_t>()).arg(g).arg(ours, 0, 'g', 17).arg(ref, 0, 'g', 17)));
      }
  }

  void stage2Schedules() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/poly_lr.pt");
    const auto all = loadFixture(path).at("stage2").toGenericDict();
    for (const char* key : {"luad", "bcss"}) {
      const auto d = all.at(key).toGenericDict();
      const std::int64_t iters = d.at("iters_per_epoch").toInt();
      const PolySchedule s(d.at("epochs").toInt() * iters);
      const at::Tensor ei = d.at("epoch_iter").toTensor(), lr = d.at("lr").toTensor();
      for (int64_t i = 0; i < ei.size(0); ++i) {
        const double ours = s.lr(d.at("base_lr").toDouble(), ei[i][0].item<int64_t>() * iters + ei[i][1].item<int64_t>());
        QVERIFY(relClose(ours, lr[i].item<double>(), 1e-15));
      }
    }
  }

  // A real SGD as the reference configures it: momentum 5e-4 (weight decay passed positionally),
  // weight decay 5e-4 / 0 / 5e-4, lr set per step before step().
  void sgdTrace() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/poly_lr.pt");
    const auto d = loadFixture(path).at("stage1").toGenericDict().at("sgd_trace").toGenericDict();
    const at::Tensor init = d.at("init").toTensor(), grads0 = d.at("grads_step0").toTensor();
    const at::Tensor expected = d.at("params_after_step").toTensor();
    std::vector<ParamGroup> groups;
    const double wd[3] = {5e-4, 0.0, 5e-4};
    for (int g = 0; g < 3; ++g) {
      at::Tensor p = init.clone().set_requires_grad(true);
      groups.push_back({"g" + std::to_string(g), {"p" + std::to_string(g)}, {p}, kGroupLr[g], wd[g]});
    }
    PolyOptimizer opt(groups, 5e-4, PolySchedule(d.at("max_step").toInt()));
    for (int k = 0; k < expected.size(0); ++k) {
      opt.zeroGrad();
      for (int g = 0; g < 3; ++g) {
        const at::Tensor& p = opt.groups()[g].params[0];
        if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
        p.mutable_grad().copy_(grads0[g] * double(k + 1));
      }
      opt.step();
      for (int g = 0; g < 3; ++g) {
        const at::Tensor& p = opt.groups()[g].params[0];
        const double diff = (p - expected[k][g]).abs().max().item<double>();
        const double scale = expected[k][g].abs().max().item<double>();
        QVERIFY2(diff <= 1e-12 * scale, qPrintable(QString("step %1 group %2: %3").arg(k).arg(g).arg(diff)));
      }
    }
    QCOMPARE(opt.globalStep(), std::int64_t(expected.size(0)));
    QCOMPARE(int(opt.momentumBuffers().size()), 3);
  }

  // Restoring step and momentum buffers into a fresh optimizer continues the same trajectory.
  void resumeContinuesExactly() {
    auto make = [](const at::Tensor& init) {
      std::vector<ParamGroup> groups{{"w", {"w"}, {init.clone().set_requires_grad(true)}, 0.1, 5e-4}};
      return std::make_unique<PolyOptimizer>(groups, 0.9, PolySchedule(6));
    };
    const at::Tensor init = torch::tensor({1.0, -2.0, 3.0}, torch::kDouble);
    auto stepWith = [](PolyOptimizer& opt, int k) {
      const at::Tensor& p = opt.groups()[0].params[0];
      opt.zeroGrad();
      if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
      p.mutable_grad().copy_(p.detach() * 0.5 + double(k));
      opt.step();
    };
    auto a = make(init);
    for (int k = 0; k < 5; ++k) stepWith(*a, k);
    auto b = make(init);
    for (int k = 0; k < 2; ++k) stepWith(*b, k);
    auto c = make(b->groups()[0].params[0].detach());
    c->setGlobalStep(b->globalStep());
    for (const auto& [name, buf] : b->momentumBuffers()) QVERIFY(c->setMomentumBuffer(name, buf));
    QVERIFY(!c->setMomentumBuffer("nope", init));
    for (int k = 2; k < 5; ++k) stepWith(*c, k);
    QVERIFY(torch::equal(a->groups()[0].params[0], c->groups()[0].params[0]));
  }

  // zeroGrad() zeroes a defined gradient in place on every LibTorch version (2.x's zero_grad() would
  // leave it undefined) and leaves an undefined one undefined.
  void zeroGradKeepsGradientsDefined() {
    const at::Tensor w = torch::tensor({1.0, -2.0, 3.0}).set_requires_grad(true);
    const at::Tensor unused = torch::tensor({4.0}).set_requires_grad(true);
    PolyOptimizer opt({{"g", {"w", "unused"}, {w, unused}, 0.1, 0.0}}, 0.9, PolySchedule(4));
    (w * w).sum().backward();
    QVERIFY(w.grad().defined());
    const at::Tensor before = w.grad();
    QVERIFY(before.abs().sum().item<double>() > 0);
    opt.zeroGrad();
    QVERIFY(w.grad().defined());
    QVERIFY(w.grad().is_same(before));  // the same tensor, zeroed in place
    QCOMPARE(w.grad().abs().sum().item<double>(), 0.0);
    QVERIFY(!w.grad().requires_grad());
    QVERIFY(!unused.grad().defined());
    (w * 2.0).sum().backward();  // accumulates into the zeroed gradient
    QVERIFY(torch::equal(w.grad(), torch::full({3}, 2.0)));
  }
};

QTEST_APPLESS_MAIN(TestPolySchedule)
#include "test_poly_schedule.moc"
