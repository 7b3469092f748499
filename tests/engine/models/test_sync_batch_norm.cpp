// SyncBatchNorm (models/batch_norm.h, issue #13): two replicas, each a thread with its own copy of a small
// conv → BatchNorm → ReLU net and its slice of a global batch, exchange their sums through an in-process
// all-reduce. Together they must compute what one net computes on the whole batch with torch's own
// BatchNorm: the same outputs and running statistics, and gradients that, weighted by each replica's
// share of the batch and summed (as distributed::GradientReduction does), are the whole batch's.
// The slices are uneven (3 and 2 images of 5), so the share weighting is exercised.
#include <QtTest>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <torch/torch.h>

#include "compute/convolution_gradient_guard.h"
#include "models/batch_norm.h"

using namespace arml::models;

namespace {

// Element-wise sum over `replicas` threads: each blocks until all have contributed.
class ThreadAllReduce {
public:
  explicit ThreadAllReduce(int replicas) : replicas_(replicas) {}

  void sum(at::Tensor& t) {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::uint64_t round = round_;
    partial_ = arrived_ == 0 ? t.clone() : partial_ + t;
    if (++arrived_ == replicas_) {
      result_ = partial_;
      arrived_ = 0;
      ++round_;
      ++exchanges_;
      done_.notify_all();
    } else {
      done_.wait(lock, [&] { return round_ != round; });
    }
    t.copy_(result_);
  }
  int exchanges() const { return exchanges_; }

private:
  const int replicas_;
  std::mutex mutex_;
  std::condition_variable done_;
  int arrived_ = 0;
  std::uint64_t round_ = 0;
  int exchanges_ = 0;
  at::Tensor partial_, result_;
};

torch::nn::Sequential smallNet() {
  torch::manual_seed(7);
  torch::nn::Sequential net(torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3).padding(1)),
                            BatchNorm2d(torch::nn::BatchNormOptions(4).momentum(0.3)), torch::nn::ReLU());
  return net;
}

// The per-image loss whose batch mean every replica and the whole-batch net minimise.
at::Tensor meanLoss(const at::Tensor& y, const at::Tensor& target) { return (y * target).sum({1, 2, 3}).mean(); }

struct Replica {
  torch::nn::Sequential net = smallNet();
  at::Tensor input, output;
};

double largestDifference(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

}  // namespace

class TestSyncBatchNorm : public QObject {
  Q_OBJECT
  const arml::ConvolutionGradientGuard rightGradients_;  // as the trainers: see its header (Zen 5)

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void replicasComputeTheWholeBatch() {
    torch::manual_seed(3);
    const at::Tensor images = torch::randn({5, 3, 6, 6}) * 2 + 1;
    const at::Tensor target = torch::randn({5, 4, 6, 6});

    // One net, the whole batch, torch's BatchNorm (no scope).
    torch::nn::Sequential whole = smallNet();
    const at::Tensor wholeInput = images.clone().requires_grad_(true);
    const at::Tensor wholeOutput = whole->forward(wholeInput);
    meanLoss(wholeOutput, target).backward();

    // Two replicas: rows 0..2 and 3..4.
    ThreadAllReduce allReduce(2);
    Replica replicas[2];
    const std::int64_t begins[2] = {0, 3}, sizes[2] = {3, 2};
    std::vector<std::thread> threads;
    for (int r = 0; r < 2; ++r)
      threads.emplace_back([&, r] {
        const double share = double(sizes[r]) / 5.0;
        SyncBatchNormScope scope([&](at::Tensor& t) { allReduce.sum(t); }, share);
        Replica& me = replicas[r];
        me.input = images.narrow(0, begins[r], sizes[r]).clone().requires_grad_(true);
        me.output = me.net->forward(me.input);
        meanLoss(me.output, target.narrow(0, begins[r], sizes[r])).backward();
      });
    for (auto& t : threads) t.join();
    QCOMPARE(allReduce.exchanges(), 3);  // forward: sums, squared deviations; backward: gradient sums

    const double tolerance = 1e-5;
    const at::Tensor output = torch::cat({replicas[0].output, replicas[1].output}).detach();
    qInfo("largest output difference: %.3g", largestDifference(output, wholeOutput.detach()));
    QVERIFY(largestDifference(output, wholeOutput.detach()) < tolerance);

    auto* bn = whole[1]->as<BatchNorm2dImpl>();
    for (Replica& me : replicas) {
      auto* mine = me.net[1]->as<BatchNorm2dImpl>();
      QVERIFY(largestDifference(mine->running_mean, bn->running_mean) < tolerance);
      QVERIFY(largestDifference(mine->running_var, bn->running_var) < tolerance);
      QCOMPARE(mine->num_batches_tracked.item<std::int64_t>(), std::int64_t(1));
    }

    // Input gradients: replica r's, times its share, are the whole batch's rows.
    const at::Tensor inputGrad =
        torch::cat({replicas[0].input.grad() * 0.6, replicas[1].input.grad() * 0.4});
    qInfo("largest input-gradient difference: %.3g", largestDifference(inputGrad, wholeInput.grad()));
    QVERIFY(largestDifference(inputGrad, wholeInput.grad()) < tolerance);
    // Parameter gradients (conv and BatchNorm affine): the share-weighted sum is the whole batch's.
    const auto wholeParams = whole->parameters();
    const auto params0 = replicas[0].net->parameters(), params1 = replicas[1].net->parameters();
    QCOMPARE(params0.size(), std::size_t(4));
    for (std::size_t i = 0; i < wholeParams.size(); ++i) {
      const at::Tensor summed = params0[i].grad() * 0.6 + params1[i].grad() * 0.4;
      QVERIFY2(largestDifference(summed, wholeParams[i].grad()) < tolerance, qPrintable(QString::number(i)));
    }

    // Without the scope the replicas normalise per slice: the test above could fail.
    Replica alone;
    const at::Tensor sliceOutput = alone.net->forward(images.narrow(0, 0, 3));
    QVERIFY(largestDifference(sliceOutput.detach(), wholeOutput.detach().narrow(0, 0, 3)) > 1e-3);
  }

  // In eval mode, or outside a scope, it is torch's BatchNorm2d to the bit, and no exchange happens.
  void evalModeAndNoScopeAreTorchs() {
    torch::manual_seed(4);
    const at::Tensor x = torch::randn({2, 4, 5, 5});
    BatchNorm2d ours(torch::nn::BatchNormOptions(4));
    torch::nn::BatchNorm2d torchs(torch::nn::BatchNormOptions(4));
    const at::Tensor xOurs = x.clone().requires_grad_(true), xTorchs = x.clone().requires_grad_(true);
    const at::Tensor yOurs = ours(xOurs), yTorchs = torchs(xTorchs);
    QVERIFY(torch::equal(yOurs, yTorchs));
    QVERIFY(torch::equal(ours->running_var, torchs->running_var));
    (yOurs * x).sum().backward();
    (yTorchs * x).sum().backward();
    QVERIFY(torch::equal(xOurs.grad(), xTorchs.grad()));
    QVERIFY(torch::equal(ours->weight.grad(), torchs->weight.grad()));
    QVERIFY(torch::equal(ours->bias.grad(), torchs->bias.grad()));
    int exchanges = 0;
    SyncBatchNormScope scope([&](at::Tensor&) { ++exchanges; }, 0.5);
    ours->eval();
    torchs->eval();
    QVERIFY(torch::equal(ours(x), torchs(x)));
    QCOMPARE(exchanges, 0);
  }
};

QTEST_APPLESS_MAIN(TestSyncBatchNorm)
#include "test_sync_batch_norm.moc"
