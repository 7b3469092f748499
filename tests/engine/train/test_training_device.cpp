#include <QtTest>

#include <new>
#include <stdexcept>

#include <torch/torch.h>

#include "core/errors.h"
#include "train/training_device.h"

using arml::train::GradScaler;

class TestTrainingDevice : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void precisionResolvesPerDevice() {
    QCOMPARE(arml::train::resolveTrainPrecision("auto", "cpu"), std::string("fp32"));
    QCOMPARE(arml::train::resolveTrainPrecision("bf16", "cpu"), std::string("bf16"));
    QCOMPARE(arml::train::resolveTrainPrecision("fp32", "cuda:1"), std::string("fp32"));
    QCOMPARE(arml::train::resolveTrainPrecision("fp16", "cuda"), std::string("fp16"));
    QVERIFY_EXCEPTION_THROWN(arml::train::resolveTrainPrecision("fp16", "cpu"), arml::InputError);
    QVERIFY_EXCEPTION_THROWN(arml::train::resolveTrainPrecision("int8", "cpu"), arml::InputError);
  }

  void scalerMultipliesTheLossAndUnscalesGradients() {
    GradScaler scaler(true, 1024.0, 3);
    at::Tensor w = torch::full({3}, 2.0, torch::requires_grad());
    (scaler.scaled((w * w).sum())).backward();  // d/dw = 2w = 4, scaled by 1024
    QCOMPARE(w.grad()[0].item<double>(), 4.0 * 1024);
    QVERIFY(scaler.unscale({w}));
    QCOMPARE(w.grad()[0].item<double>(), 4.0);
  }

  void overflowSkipsTheStepAndHalvesTheScale() {
    GradScaler scaler(true, 1024.0, 3);
    at::Tensor w = torch::ones({2}, torch::requires_grad());
    w.mutable_grad() = torch::tensor({1.0f, std::numeric_limits<float>::infinity()});
    QVERIFY(!scaler.unscale({w}));
    scaler.update(false);
    QCOMPARE(scaler.scale(), 512.0);
    w.mutable_grad() = torch::tensor({1.0f, std::nanf("")});
    QVERIFY(!scaler.unscale({w}));
  }

  void scaleGrowsAfterGoodSteps() {
    GradScaler scaler(true, 8.0, 3);
    for (int i = 0; i < 2; ++i) scaler.update(true);
    QCOMPARE(scaler.scale(), 8.0);
    scaler.update(true);
    QCOMPARE(scaler.scale(), 16.0);
    QCOMPARE(scaler.goodSteps(), 0);
  }

  void disabledScalerChangesNothing() {
    GradScaler scaler(false);
    at::Tensor w = torch::ones({2}, torch::requires_grad());
    w.mutable_grad() = torch::tensor({3.0f, std::numeric_limits<float>::infinity()});
    QVERIFY(scaler.unscale({w}));  // fp32/bf16 runs keep their own NaN check on the loss
    QCOMPARE(w.grad()[0].item<double>(), 3.0);
    QCOMPARE(scaler.scaled(torch::tensor(2.0)).item<double>(), 2.0);
  }

  void outOfMemoryIsRecognisedAndExplained() {
    QVERIFY(arml::train::isOutOfMemory(std::runtime_error("CUDA out of memory. Tried to allocate 2.00 GiB")));
    QVERIFY(arml::train::isOutOfMemory(std::runtime_error("[enforce fail at alloc_cpu.cpp:75] DefaultCPUAllocator: can't allocate memory")));
    QVERIFY(arml::train::isOutOfMemory(std::bad_alloc()));
    QVERIFY(!arml::train::isOutOfMemory(std::runtime_error("stage 1: loss is NaN")));
    const std::string m =
        arml::train::outOfMemoryMessage("stage 1", "cuda:0", 20, "the batch size (--batch, stage1.batch)", "run/checkpoints/last.pt");
    QVERIFY(m.find("batch size 20") != std::string::npos);
    QVERIFY(m.find("--batch") != std::string::npos);
    QVERIFY(m.find("--precision bf16") != std::string::npos);
    QVERIFY(m.find("run/checkpoints/last.pt keeps the last saved state") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestTrainingDevice)
#include "test_training_device.moc"
