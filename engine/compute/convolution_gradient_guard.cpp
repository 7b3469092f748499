#include "compute/convolution_gradient_guard.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <strings.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <ATen/Context.h>
#include <torch/version.h>

namespace arml {

namespace {

// The x86 family number as /proc/cpuinfo prints it ("cpu family"), of an AMD CPU; 0 for other CPUs.
int amdCpuFamily() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return 0;
  char vendor[13] = {};
  std::memcpy(vendor, &ebx, 4);
  std::memcpy(vendor + 4, &edx, 4);
  std::memcpy(vendor + 8, &ecx, 4);
  if (std::strcmp(vendor, "AuthenticAMD") != 0 || !__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const int base = (eax >> 8) & 0xf;
  return base == 0xf ? base + static_cast<int>((eax >> 20) & 0xff) : base;
#else
  return 0;
#endif
}

bool decideActive() {
  if (TORCH_VERSION_MAJOR < 2) return false;  // 1.13's oneDNN is right on Zen 5
  if (const char* trust = std::getenv("ARML_TRUST_ONEDNN"); trust && std::strcmp(trust, "1") == 0) return false;
  // oneDNN's SSE4.1 kernels are right there (and faster than ATen's for small networks).
  if (const char* isa = std::getenv("ONEDNN_MAX_CPU_ISA"); isa && strcasecmp(isa, "SSE41") == 0) return false;
  return amdCpuFamily() == 26 && at::hasMKLDNN();
}

// OpenBLAS's own thread count, where LibTorch's BLAS is OpenBLAS (looked up at run time: no link to it).
using SetThreads = void (*)(int);
using GetThreads = int (*)();

}  // namespace

int ConvolutionGradientGuard::blasThreads() {
  const auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : 0;
}

void ConvolutionGradientGuard::setBlasThreads(int n) {
  if (const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")); set && n > 0) set(n);
}

bool ConvolutionGradientGuard::active() {
  static const bool on = decideActive();
  return on;
}

std::string ConvolutionGradientGuard::explanation() {
  return std::string("oneDNN convolutions are off while training: LibTorch ") + TORCH_VERSION +
         "'s oneDNN computes wrong convolution gradients on this CPU (AMD Zen 5); ATen's own kernels are used "
         "(about 1.5-2x slower). ONEDNN_MAX_CPU_ISA=SSE41 keeps oneDNN with its right SSE4.1 kernels (about 4x "
         "slower); ARML_TRUST_ONEDNN=1 keeps oneDNN as it is.";
}

// ATen's convolutions split the batch over LibTorch's OpenMP threads, each calling BLAS: OpenBLAS's own
// threads on top of those spin against them (resnet38d-lite: a step 22x slower), so OpenBLAS gets one.
ConvolutionGradientGuard::ConvolutionGradientGuard() {
  if (!active() || !at::globalContext().userEnabledMkldnn()) return;
  at::globalContext().setUserEnabledMkldnn(false);
  restoreBlasThreads_ = blasThreads();
  setBlasThreads(1);
  restore_ = true;
}

ConvolutionGradientGuard::~ConvolutionGradientGuard() {
  if (!restore_) return;
  at::globalContext().setUserEnabledMkldnn(true);
  setBlasThreads(restoreBlasThreads_);
}

}  // namespace arml
