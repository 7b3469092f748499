#pragma once
// LibTorch 2.6's oneDNN (Debian 13) computes wrong float32 convolution gradients on AMD Zen 5 (CPU
// family 26) with its AVX2 and AVX-512 kernels, now and then: the PSPNet stem's weight gradient 77 % off
// the smp/timm reference, NaN in stage-2 training. Its forward passes are right, and LibTorch 1.13's
// oneDNN is right on the same CPU. While a ConvolutionGradientGuard lives on such a machine, CPU
// convolutions run ATen's own kernels instead of oneDNN's (slower, right); elsewhere it changes nothing.
// The trainers hold one while they train, as does any code that takes gradients of convolutions.
// ATen's kernels (with OpenBLAS on one thread meanwhile) cost ~1.5-2x there. ONEDNN_MAX_CPU_ISA=SSE41
// (oneDNN's right kernels, ~4x) or ARML_TRUST_ONEDNN=1 (a LibTorch whose oneDNN is fixed) keep oneDNN.
// LibTorch-free header.
#include <string>

namespace arml {

class ConvolutionGradientGuard {
public:
  ConvolutionGradientGuard();
  ~ConvolutionGradientGuard();  // restores oneDNN as it was
  ConvolutionGradientGuard(const ConvolutionGradientGuard&) = delete;
  ConvolutionGradientGuard& operator=(const ConvolutionGradientGuard&) = delete;

  // Whether guards turn oneDNN's convolutions off on this machine and LibTorch.
  static bool active();
  // One sentence for the user when active(): what is off, why, and how to keep it.
  static std::string explanation();

  // OpenBLAS's thread count (0 where LibTorch's BLAS is not OpenBLAS); the guard sets it to 1 meanwhile.
  static int blasThreads();

private:
  static void setBlasThreads(int n);
  bool restore_ = false;
  int restoreBlasThreads_ = 0;
};

}  // namespace arml
