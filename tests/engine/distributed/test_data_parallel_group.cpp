// Data-parallel training's parts on c10d with Gloo over loopback: the job read from torchrun's and
// Slurm's environment, the slices of a global batch, two ranks × half a batch giving the weights of
// one process × the whole batch (an uneven tail batch and a parameter without a gradient included),
// and a rank that dies or hangs ending the other with a clear error in bounded time. Ranks are
// threads of this process, or (to kill one) this executable started again as a worker.

#include <unistd.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>
#include <future>
#include <mutex>
#include <map>
#include <optional>
#include <thread>

#include <torch/torch.h>

#include "core/errors.h"
#include "distributed/batch_shard.h"
#include "distributed/data_parallel_group.h"
#include "distributed/gradient_reduction.h"
#include "distributed/world_spec.h"
#include "free_port.h"

using namespace arml::distributed;

using arml::test::freePort;

namespace {

// A small network with a BatchNorm-free path (so that per-replica statistics do not enter the
// comparison) and one parameter (`unused`) that gets no gradient.
struct Net : torch::nn::Module {
  torch::nn::Conv2d conv{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::Tensor unused;
  Net() {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3).padding(1)));
    fc = register_module("fc", torch::nn::Linear(4, 2));
    unused = register_parameter("unused", torch::ones({3}));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    return fc(torch::relu(conv(x)).mean({2, 3}));
  }
};

// The mean over the samples given; 0 for none, through the same graph (every rank runs the same
// graph, as the trainers' ranks do: GradientReduction relies on it).
torch::Tensor lossOf(Net& net, const torch::Tensor& x, const torch::Tensor& y) {
  namespace F = torch::nn::functional;
  const torch::Tensor sum = F::cross_entropy(net.forward(x), y, F::CrossEntropyFuncOptions().reduction(torch::kSum));
  return sum / std::max<std::int64_t>(x.size(0), 1);
}

// Trains `steps` SGD steps over the batches of (x, y), on `rank` of `world` ranks (world 1: alone).
// overlap: the gradient reduction armed before backward (as the trainers do), else started after it.
using Weights = std::map<std::string, torch::Tensor>;
struct Buckets {
  std::size_t count = 0, startedDuringBackward = 0;  // summed over the steps
};

Weights train(int rank, int world, int port, const torch::Tensor& x, const torch::Tensor& y,
              const std::vector<std::int64_t>& batchSizes, bool overlap = true, Buckets* buckets = nullptr) {
  // Rank 1 starts from other weights (the broadcast fixes that). The ranks are threads sharing torch's
  // global generator: seeding and drawing under one lock, so rank 0 always draws what one process does.
  static std::mutex generator;
  std::unique_lock<std::mutex> seeding(generator);
  torch::manual_seed(rank == 0 ? 7 : 1234);
  Net net;
  seeding.unlock();
  std::unique_ptr<DataParallelGroup> group;
  if (world > 1) {
    WorldSpec w = localWorld(rank, world, port);
    w.timeout = std::chrono::seconds(30);
    group = std::make_unique<DataParallelGroup>(w);
    group->setBucketBytes(256);  // several buckets even for this small network
    group->broadcastFromRankZero(net.parameters());
  }
  torch::optim::SGD sgd(net.parameters(), torch::optim::SGDOptions(0.5));
  std::int64_t start = 0;
  for (const std::int64_t batch : batchSizes) {
    const BatchSlice s = sliceOfBatch(batch, rank, world);
    for (auto& p : net.parameters()) p.mutable_grad() = torch::Tensor();
    std::optional<GradientReduction> reduction;
    if (group && overlap) reduction.emplace(*group, net.parameters(), s.size, batch);
    lossOf(net, x.narrow(0, start + s.begin, s.size), y.narrow(0, start + s.begin, s.size)).backward();
    if (group && !overlap) reduction.emplace(*group, net.parameters(), s.size, batch);
    if (reduction) {
      reduction->finish();
      if (buckets) {
        buckets->count += reduction->bucketCount();
        buckets->startedDuringBackward += reduction->bucketsStartedDuringBackward();
      }
    }
    sgd.step();
    start += batch;
  }
  Weights weights;
  for (const auto& p : net.named_parameters()) weights[p.key()] = p.value().detach().clone();
  return weights;
}

}  // namespace

class TestDataParallelGroup : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void worldFromTorchrunAndSlurm() {
    QVERIFY(!worldFromEnvironment({}).has_value());
    QVERIFY(!worldFromEnvironment({{"WORLD_SIZE", "1"}, {"RANK", "0"}}).has_value());
    const auto w = worldFromEnvironment(
        {{"WORLD_SIZE", "8"}, {"RANK", "5"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "node01"}, {"MASTER_PORT", "29400"}});
    QVERIFY(w.has_value());
    QCOMPARE(w->rank, 5);
    QCOMPARE(w->worldSize, 8);
    QCOMPARE(w->localRank, 1);
    QCOMPARE(QString::fromStdString(w->masterAddr), QString("node01"));
    QCOMPARE(w->masterPort, 29400);
    QVERIFY(!w->isRankZero());
    QVERIFY(w->rankZeroServesStore);
    const auto underTorchrun =  // torchrun's agent serves the store; rank 0 joins it as a client
        worldFromEnvironment({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"TORCHELASTIC_USE_AGENT_STORE", "True"}});
    QVERIFY(underTorchrun.has_value() && !underTorchrun->rankZeroServesStore);
    const auto slurm = worldFromEnvironment({{"SLURM_NTASKS", "4"}, {"SLURM_PROCID", "3"}, {"SLURM_LOCALID", "1"}});
    QVERIFY(slurm.has_value());
    QCOMPARE(slurm->rank, 3);
    QCOMPARE(slurm->worldSize, 4);
    QCOMPARE(slurm->localRank, 1);
  }

  void inconsistentEnvironmentIsNamed() {
    const auto message = [](const Environment& env) {
      try {
        worldFromEnvironment(env);
      } catch (const arml::InputError& e) {
        return QString(e.what());
      }
      return QString();
    };
    QVERIFY(message({{"WORLD_SIZE", "2"}, {"RANK", "2"}}).contains("RANK"));
    QVERIFY(message({{"WORLD_SIZE", "2"}}).contains("not set"));
    QVERIFY(message({{"WORLD_SIZE", "two"}}).contains("WORLD_SIZE='two'"));
    QVERIFY(message({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "70000"}}).contains("MASTER_PORT"));
    QVERIFY(message({{"RANK", "3"}}).contains("WORLD_SIZE"));
  }

  void slicesCoverEveryBatch() {
    QCOMPARE(sliceOfBatch(8, 1, 2).begin, 4);
    QCOMPARE(sliceOfBatch(5, 0, 2).size, 3);
    QCOMPARE(sliceOfBatch(5, 1, 2).size, 2);
    QCOMPARE(sliceOfBatch(1, 1, 2).size, 0);
    for (int world = 1; world <= 5; ++world)
      for (std::int64_t batch = 0; batch <= 13; ++batch) {
        std::int64_t next = 0;
        for (int r = 0; r < world; ++r) {
          const BatchSlice s = sliceOfBatch(batch, r, world);
          QCOMPARE(s.begin, next);
          QVERIFY(s.size == batch / world || s.size == batch / world + 1);
          next += s.size;
        }
        QCOMPARE(next, batch);
      }
  }

  // 2 ranks × half of each batch == 1 process × the whole batch, after several steps; the batches
  // include an uneven tail (5) and one smaller than the number of ranks (1). The buckets' all-reduces
  // start during backward, and give exactly what all-reducing them after backward gives.
  void twoRanksGiveTheWeightsOfOne() {
    torch::manual_seed(3);
    const torch::Tensor x = torch::randn({8 + 8 + 5 + 1, 3, 6, 6});
    const torch::Tensor y = torch::randint(0, 2, {x.size(0)}, torch::kLong);
    const std::vector<std::int64_t> batches{8, 8, 5, 1};
    const Weights alone = train(0, 1, 0, x, y, batches);
    bool replicasIdentical = true;
    const auto twoRanks = [&](bool overlap, Buckets* buckets) {
      const int port = freePort();
      auto rank1 = std::async(std::launch::async, [&] { return train(1, 2, port, x, y, batches, overlap); });
      const Weights rank0 = train(0, 2, port, x, y, batches, overlap, buckets);
      const Weights other = rank1.get();
      for (const auto& [name, w] : rank0) replicasIdentical = replicasIdentical && torch::equal(w, other.at(name));
      return rank0;
    };
    Buckets buckets;
    const Weights rank0 = twoRanks(true, &buckets);
    QVERIFY(replicasIdentical);
    QCOMPARE(rank0.size(), alone.size());
    double worst = 0;
    for (const auto& [name, w] : alone) worst = std::max(worst, (rank0.at(name) - w).abs().max().item<double>());
    qInfo("largest weight difference, 2 ranks against 1 process: %.3g", worst);
    QVERIFY(worst < 1e-5);
    QVERIFY(torch::equal(rank0.at("unused"), torch::ones({3})));  // `unused` got no gradient, no NaN
    // Per step 3 buckets of at most 256 bytes, last parameter first: fc.bias + fc.weight + conv.bias, then
    // conv.weight (432 bytes) alone, both started during backward; then `unused`, which never gets a
    // gradient, left to finish().
    qInfo("buckets started during backward: %zu of %zu", buckets.startedDuringBackward, buckets.count);
    QCOMPARE(buckets.count, 3 * batches.size());
    QCOMPARE(buckets.startedDuringBackward, 2 * batches.size());
    const Weights afterBackward = twoRanks(false, nullptr);
    QVERIFY(replicasIdentical);
    for (const auto& [name, w] : rank0) QVERIFY2(torch::equal(w, afterBackward.at(name)), name.c_str());
  }

  // The other rank (this executable as a worker) dies after the first collective, or hangs: rank 0's
  // next collective fails with a message naming itself, well before the test's timeout.
  void aRankThatDiesEndsTheOther_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("timeoutSeconds");
    QTest::newRow("dies") << "die" << 60;
    QTest::newRow("hangs") << "hang" << 3;
  }
  void aRankThatDiesEndsTheOther() {
    QFETCH(QString, mode);
    QFETCH(int, timeoutSeconds);
    const int port = freePort();
    QProcess worker;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("ARML_DP_TEST_WORKER", mode);
    env.insert("WORLD_SIZE", "2");
    env.insert("RANK", "1");
    env.insert("MASTER_ADDR", "127.0.0.1");
    env.insert("MASTER_PORT", QString::number(port));
    env.insert("ARML_COLLECTIVE_TIMEOUT", QString::number(timeoutSeconds));
    worker.setProcessEnvironment(env);
    worker.setProcessChannelMode(QProcess::ForwardedChannels);
    worker.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(worker.waitForStarted());
    WorldSpec w = localWorld(0, 2, port);
    w.timeout = std::chrono::seconds(timeoutSeconds);
    DataParallelGroup group(w);
    group.sumInPlace({torch::ones({4})});
    QElapsedTimer clock;
    clock.start();
    QString message;
    try {
      group.sumInPlace({torch::ones({4})});
    } catch (const arml::RuntimeFailure& e) {
      message = e.what();
    }
    qInfo("%s: rank 0 failed after %.1f s: %s", qPrintable(mode), clock.elapsed() / 1000.0, qPrintable(message));
    QVERIFY(message.startsWith("rank 0 of 2: summing metrics over ranks failed"));
    QVERIFY(clock.elapsed() < (timeoutSeconds + 10) * 1000);
    worker.kill();
    worker.waitForFinished();
  }

  // A rank-0 step longer than the world's timeout: the other rank waits it out; a step that throws
  // ends the waiting rank with the step's name and rank 0's message; a cancelled one cancels it.
  void otherRanksWaitForRankZerosStep() {
    const int port = freePort();
    const auto rank = [port](int r) {
      WorldSpec w = localWorld(r, 2, port);
      w.timeout = std::chrono::seconds(5);
      DataParallelGroup group(w);
      int ran = 0;
      group.runOnRankZero("slow step", [&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(7000));
        ++ran;
      });
      QString message;
      try {
        group.runOnRankZero("bad step", [] { throw arml::InputError("x.json", "malformed"); });
      } catch (const std::exception& e) {
        message = e.what();
      }
      // A Stop reaching rank 0 during its step stops the waiting rank as cancelled too (exit 130, not
      // an error), so the launcher reports a stopped job.
      bool cancelled = false;
      try {
        group.runOnRankZero("pseudo masks", [] { throw arml::Cancelled(); });
      } catch (const arml::Cancelled&) {
        cancelled = true;
      }
      if (!cancelled) message += " (not cancelled)";
      group.barrier();  // rank 0's store (this thread's group) stays up until rank 1 has read the failure
      return std::make_pair(ran, message);
    };
    auto rank1 = std::async(std::launch::async, [&] { return rank(1); });
    const auto [ran0, message0] = rank(0);
    const auto [ran1, message1] = rank1.get();
    QCOMPARE(ran0, 1);
    QCOMPARE(ran1, 0);  // the step ran on rank 0 only
    QVERIFY(message0.contains("malformed"));
    qInfo("rank 1: %s", qPrintable(message1));
    QVERIFY(message1.startsWith("rank 1 of 2: rank 0 failed bad step: "));
    QVERIFY(message1.contains("malformed"));
    QVERIFY(!message0.contains("not cancelled") && !message1.contains("not cancelled"));
  }

  // Rank 0 (this executable as a worker) dies during its step: the waiting rank ends with an error
  // naming rank 0 and the step.
  void rankZeroDyingEndsTheWaitingRank() {
    const int port = freePort();
    QProcess worker;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("ARML_DP_TEST_WORKER", "die-in-step");
    env.insert("WORLD_SIZE", "2");
    env.insert("RANK", "0");
    env.insert("MASTER_ADDR", "127.0.0.1");
    env.insert("MASTER_PORT", QString::number(port));
    env.insert("ARML_COLLECTIVE_TIMEOUT", "30");
    worker.setProcessEnvironment(env);
    worker.setProcessChannelMode(QProcess::ForwardedChannels);
    worker.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(worker.waitForStarted());
    WorldSpec w = localWorld(1, 2, port);
    w.timeout = std::chrono::seconds(30);
    DataParallelGroup group(w);
    QString message;
    try {
      group.runOnRankZero("pseudo masks", [] {});
    } catch (const arml::RuntimeFailure& e) {
      message = e.what();
    }
    qInfo("rank 1: %s", qPrintable(message));
    QVERIFY(message.startsWith("rank 1 of 2: waiting for rank 0 to finish pseudo masks failed: rank 0 stopped"));
    worker.waitForFinished();
  }
};

// The worker side of aRankThatDiesEndsTheOther: rank 1 from the environment, one collective, then
// exits at once ("die") or stops answering ("hang"); of rankZeroDyingEndsTheWaitingRank: rank 0,
// exiting in the middle of a step ("die-in-step").
static int workerMain(const std::string& mode) {
  const auto world = worldFromEnvironment(processEnvironment());
  DataParallelGroup group(*world);
  if (mode == "die-in-step") group.runOnRankZero("pseudo masks", [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    _exit(1);
  });
  group.sumInPlace({torch::ones({4})});
  if (mode == "hang") std::this_thread::sleep_for(std::chrono::seconds(60));
  _exit(0);
}

int main(int argc, char** argv) {
  if (const char* mode = std::getenv("ARML_DP_TEST_WORKER")) return workerMain(mode);
  QCoreApplication app(argc, argv);
  TestDataParallelGroup test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_data_parallel_group.moc"
