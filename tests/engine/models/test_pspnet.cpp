// PSPNet-ResNeSt-101e (depth 3): smp key names and counts, shapes, input checks, init, name-based import.
#include <QtTest>

#include <torch/torch.h>

#include "core/errors.h"
#include "models/pspnet.h"

using arml::models::PSPNet;
using arml::models::PSPNetOptions;

class TestPspnet : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::manual_seed(1); }

  void keysAndCountsMatchSmp() {
    PSPNet net;
    const auto tensors = net->namedTensors();
    QCOMPARE(int(tensors.size()), 247);
    // weight-formats §3.1: 2,510,500 floating-point values (parameters + running stats); the 37 int64
    // num_batches_tracked scalars are keys but not counted.
    int64_t total = 0, counters = 0;
    for (const auto& [name, t] : tensors) (t.is_floating_point() ? total : counters) += t.numel();
    QCOMPARE(total, int64_t(2510500));
    QCOMPARE(counters, int64_t(37));
    int64_t trainable = 0;
    for (const auto& p : net->parameters()) trainable += p.numel();
    QVERIFY(trainable > 2490000 && trainable < 2510500);  // spec §8: 2.50 M effective parameters

    const std::map<std::string, std::vector<int64_t>> expected = {
        {"encoder.conv1.0.weight", {64, 3, 3, 3}},
        {"encoder.conv1.6.weight", {128, 64, 3, 3}},
        {"encoder.bn1.running_var", {128}},
        {"encoder.layer1.0.conv1.weight", {64, 128, 1, 1}},
        {"encoder.layer1.1.conv1.weight", {64, 256, 1, 1}},
        {"encoder.layer1.0.conv2.conv.weight", {128, 32, 3, 3}},
        {"encoder.layer1.0.conv2.fc1.bias", {32}},
        {"encoder.layer1.2.conv2.fc2.weight", {128, 32, 1, 1}},
        {"encoder.layer1.0.downsample.1.weight", {256, 128, 1, 1}},
        {"encoder.layer1.0.downsample.2.num_batches_tracked", {}},
        {"encoder.layer2.0.conv2.conv.weight", {256, 64, 3, 3}},
        {"encoder.layer2.3.conv2.fc1.weight", {64, 128, 1, 1}},
        {"encoder.layer2.0.downsample.1.weight", {512, 256, 1, 1}},
        {"encoder.layer2.3.bn3.weight", {512}},
        {"decoder.psp.blocks.0.pool.1.0.weight", {128, 512, 1, 1}},
        {"decoder.psp.blocks.0.pool.1.0.bias", {128}},
        {"decoder.psp.blocks.3.pool.1.1.running_mean", {128}},
        {"decoder.conv.0.weight", {512, 1024, 1, 1}},
        {"decoder.conv.1.weight", {512}},
        {"segmentation_head.0.weight", {4, 512, 3, 3}},
        {"segmentation_head.0.bias", {4}},
    };
    for (const auto& [name, shape] : expected) {
      auto it = tensors.find(name);
      QVERIFY2(it != tensors.end(), name.c_str());
      QVERIFY2(it->second.sizes().vec() == shape, name.c_str());
    }
    QVERIFY(tensors.count("decoder.psp.blocks.1.pool.1.0.bias") == 0);  // BN branches have no conv bias
    QVERIFY(tensors.count("decoder.psp.blocks.0.pool.1.1.weight") == 0);  // size-1 branch has no BN
    QCOMPARE(tensors.at("encoder.layer1.0.downsample.2.num_batches_tracked").scalar_type(), torch::kLong);
  }

  void outputShapeAt224() {
    PSPNet net;
    net->eval();
    torch::NoGradGuard g;
    const auto y = net->forward(torch::rand({1, 3, 224, 224}));
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{1, 4, 224, 224}));
    QVERIFY(torch::isfinite(y).all().item<bool>());
  }

  void rejectsSizesNotMultipleOf8() {
    PSPNet net(PSPNetOptions{4, 8});
    torch::NoGradGuard g;
    net->eval();
    QVERIFY_THROWS_EXCEPTION(arml::InputError, net->forward(torch::rand({1, 3, 60, 64})));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, net->forward(torch::rand({1, 3, 64, 100})));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, net->forward(torch::rand({1, 1, 64, 64})));
    QCOMPARE(net->forward(torch::rand({2, 3, 40, 72})).sizes().vec(), (std::vector<int64_t>{2, 4, 40, 72}));
  }

  void initialisationFollowsSmp() {
    PSPNet net;
    const auto t = net->namedTensors();
    QVERIFY(t.at("segmentation_head.0.bias").abs().max().item<float>() == 0.f);
    QVERIFY(t.at("decoder.psp.blocks.0.pool.1.0.bias").abs().max().item<float>() == 0.f);
    QVERIFY(t.at("decoder.conv.1.weight").eq(1).all().item<bool>());
    QVERIFY(t.at("encoder.layer2.1.bn3.weight").eq(0).all().item<bool>());  // timm zero_init_last
    // Xavier-uniform bound of the 3×3 512→4 head: sqrt(6 / (512·9 + 4·9)).
    const double bound = std::sqrt(6.0 / (512 * 9 + 4 * 9));
    const double maxAbs = t.at("segmentation_head.0.weight").abs().max().item<double>();
    QVERIFY(maxAbs <= bound && maxAbs > 0.9 * bound);
  }

  void dropoutMakesTrainPassesDifferButEvalIsDeterministic() {
    PSPNet net(PSPNetOptions{4, 8});
    torch::NoGradGuard g;
    const auto x = torch::rand({2, 3, 64, 64});
    net->train();
    const auto a = net->forward(x), b = net->forward(x);
    QVERIFY(!torch::allclose(a, b));
    net->eval();
    QVERIFY(torch::equal(net->forward(x), net->forward(x)));
  }

  void importByNameSkipsUnusedEncoderStages() {
    PSPNet source(PSPNetOptions{4, 8}), target(PSPNetOptions{4, 8});
    {
      torch::NoGradGuard g;
      for (auto& p : source->parameters()) p.normal_();
    }
    auto tensors = source->namedTensors();
    std::map<std::string, at::Tensor> file;
    for (auto& [k, v] : tensors) file["module." + k] = v;
    file["encoder.layer3.0.conv1.weight"] = torch::zeros({1});
    file["encoder.layer4.2.bn3.weight"] = torch::zeros({1});
    file.erase("module.encoder.bn1.num_batches_tracked");
    const auto missing = target->loadNamedTensors(file);
    QCOMPARE(int(missing.size()), 1);
    QCOMPARE(missing[0], std::string("encoder.bn1.num_batches_tracked"));
    source->eval();
    target->eval();
    torch::NoGradGuard g;
    const auto x = torch::rand({1, 3, 32, 32});
    QVERIFY(torch::equal(source->forward(x), target->forward(x)));

    file["module.segmentation_head.0.bias"] = torch::zeros({5});
    QVERIFY_THROWS_EXCEPTION(arml::InputError, target->loadNamedTensors(file));
  }
};

QTEST_APPLESS_MAIN(TestPspnet)
#include "test_pspnet.moc"
