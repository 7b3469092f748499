// ConvolutionGradientGuard (compute/convolution_gradient_guard.h): active exactly on LibTorch 2.x with an
// AMD family 26 CPU (Zen 5), read here from /proc/cpuinfo rather than cpuid (unless the environment keeps oneDNN); turns oneDNN's convolutions
// off (and OpenBLAS to one thread) while it lives there, changes nothing elsewhere, and restores what was set; on such a machine a
// convolution's weight gradient under the guard matches float64 (what oneDNN there gets wrong).
#include <QtTest>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include <torch/torch.h>

#include "compute/convolution_gradient_guard.h"

using arml::ConvolutionGradientGuard;

namespace {

// "cpu family" of an AuthenticAMD CPU as /proc/cpuinfo gives it; 0 otherwise.
int amdFamilyFromProc() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  bool amd = false;
  while (std::getline(in, line)) {
    if (line.rfind("vendor_id", 0) == 0) amd = line.find("AuthenticAMD") != std::string::npos;
    if (line.rfind("cpu family", 0) == 0) return amd ? std::stoi(line.substr(line.find(':') + 1)) : 0;
  }
  return 0;
}

}  // namespace

class TestConvolutionGradientGuard : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void activeExactlyOnZen5WithLibTorch2() {
    const char* trust = std::getenv("ARML_TRUST_ONEDNN");
    const char* isa = std::getenv("ONEDNN_MAX_CPU_ISA");
    const bool expected = TORCH_VERSION_MAJOR >= 2 && amdFamilyFromProc() == 26 && at::hasMKLDNN() &&
                          !(trust && std::string(trust) == "1") && !(isa && QString(isa).toUpper() == "SSE41");
    qInfo("LibTorch %s, AMD family %d: guard %s", TORCH_VERSION, amdFamilyFromProc(),
          ConvolutionGradientGuard::active() ? "active" : "inactive");
    QCOMPARE(ConvolutionGradientGuard::active(), expected);
    if (expected) QVERIFY(ConvolutionGradientGuard::explanation().find("ARML_TRUST_ONEDNN") != std::string::npos);
  }

  void turnsOneDnnOffWhileItLivesAndRestores() {
    auto& context = at::globalContext();
    const bool before = context.userEnabledMkldnn();
    const int blasBefore = ConvolutionGradientGuard::blasThreads();
    {
      const ConvolutionGradientGuard guard;
      QCOMPARE(context.userEnabledMkldnn(), before && !ConvolutionGradientGuard::active());
      if (ConvolutionGradientGuard::active() && blasBefore > 0) QCOMPARE(ConvolutionGradientGuard::blasThreads(), 1);
      {
        const ConvolutionGradientGuard nested;
        QCOMPARE(context.userEnabledMkldnn(), before && !ConvolutionGradientGuard::active());
      }
      QCOMPARE(context.userEnabledMkldnn(), before && !ConvolutionGradientGuard::active());
    }
    QCOMPARE(context.userEnabledMkldnn(), before);
    QCOMPARE(ConvolutionGradientGuard::blasThreads(), blasBefore);
    qInfo("OpenBLAS threads outside the guard: %d", blasBefore);
  }

  // 1×1 and 3×3 convolutions' weight gradients in float32 under the guard against float64, over several
  // runs (oneDNN's error on Zen 5 came and went; its 1×1 backward kernels were among those seen). The
  // same without the guard is reported, not asserted.
  void weightGradientMatchesFloat64UnderTheGuard() {
    for (const int kernel : {1, 3}) {
      double worstGuarded = 0, worstUnguarded = 0;
      for (int run = 0; run < 5; ++run) {
        {
          const ConvolutionGradientGuard guard;
          worstGuarded = std::max(worstGuarded, weightGradientError(kernel, run));
        }
        worstUnguarded = std::max(worstUnguarded, weightGradientError(kernel, run));
      }
      qInfo("%dx%d convolution, float32 weight gradient against float64: %.3g with the guard, %.3g without",
            kernel, kernel, worstGuarded, worstUnguarded);
      QVERIFY(worstGuarded < 1e-4);
    }
  }

private:
  static double weightGradientError(int kernel, int seed) {
    torch::manual_seed(seed);
    const at::Tensor x = torch::randn({4, 64, 33, 33});
    const at::Tensor w = torch::randn({128, 64, kernel, kernel}) * 0.1;
    const at::Tensor g = torch::randn({4, 128, 33, 33});
    const auto weightGrad = [&](torch::Dtype dtype) {
      const at::Tensor wd = w.to(dtype).clone().requires_grad_(true);  // a leaf of its own
      (torch::conv2d(x.to(dtype), wd, {}, 1, kernel / 2) * g.to(dtype)).sum().backward();
      return wd.grad().to(torch::kDouble);
    };
    const at::Tensor f32 = weightGrad(torch::kFloat), f64 = weightGrad(torch::kDouble);
    return ((f32 - f64).abs().max() / f64.abs().max()).item<double>();
  }
};

QTEST_GUILESS_MAIN(TestConvolutionGradientGuard)
#include "test_convolution_gradient_guard.moc"
