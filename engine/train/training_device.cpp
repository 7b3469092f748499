#include "train/training_device.h"

#include <torch/torch.h>

#include "compute/gpu_devices.h"
#include "core/errors.h"

namespace arml::train {

std::string resolveTrainPrecision(const std::string& requested, const std::string& device) {
  const bool cuda = device.rfind("cuda", 0) == 0;
  if (requested == "fp32" || requested == "bf16") return requested;
  if (requested == "fp16") {
    if (!cuda) throw InputError("--precision fp16", "needs a CUDA device (use bf16 or fp32 on the CPU)");
    return requested;
  }
  if (requested == "auto") return !cuda ? "fp32" : deviceSupportsBf16(device) ? "bf16" : "fp16";
  throw InputError("--precision " + requested, "unknown precision (use fp32, bf16, fp16 or auto)");
}

void prepareDeviceForTraining(const c10::Device& device) {
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
}

at::Tensor toDevice(const at::Tensor& host, const c10::Device& device) {
  if (!device.is_cuda()) return host.to(device);
  return host.pin_memory().to(device, /*non_blocking=*/true);
}

bool isOutOfMemory(const std::exception& e) {
  const std::string m = e.what();
  return m.find("CUDA out of memory") != std::string::npos || m.find("out of memory") != std::string::npos ||
         m.find("can't allocate memory") != std::string::npos || dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
}

std::string outOfMemoryMessage(const std::string& stage, const std::string& device, int batchSize,
                               const std::string& batchSetting, const std::string& checkpoint) {
  std::string where = device;
  const int index = cudaIndexOf(device);
  for (const GpuInfo& g : listGpus())
    if (g.index == index) where += " (" + g.name + ", " + std::to_string(g.totalBytes >> 20) + " MiB)";
  return stage + ": " + where + " ran out of memory at batch size " + std::to_string(batchSize) + ": lower " +
         batchSetting + (device == "cpu" ? "" : " or use --precision bf16 (fp16 on older GPUs)") + "; " + checkpoint +
         " keeps the last saved state";
}

GradScaler::GradScaler(bool enabled, double initialScale, int growthInterval)
    : enabled_(enabled), scale_(enabled ? initialScale : 1.0), growthInterval_(growthInterval) {}

at::Tensor GradScaler::scaled(const at::Tensor& loss) const { return enabled_ ? loss * scale_ : loss; }

bool GradScaler::unscale(const std::vector<at::Tensor>& params) const {
  if (!enabled_) return true;
  torch::NoGradGuard noGrad;
  std::vector<at::Tensor> finite;
  for (const at::Tensor& p : params) {
    if (!p.grad().defined()) continue;
    at::Tensor g = p.mutable_grad();
    g.mul_(1.0 / scale_);
    finite.push_back(torch::isfinite(g).all());
  }
  return finite.empty() || torch::stack(finite).all().item<bool>();  // one device sync per step
}

void GradScaler::update(bool finite) {
  if (!enabled_) return;
  if (!finite) {
    scale_ *= 0.5;
    goodSteps_ = 0;
  } else if (++goodSteps_ >= growthInterval_) {
    scale_ *= 2.0;
    goodSteps_ = 0;
  }
}

void GradScaler::restore(double scale, int goodSteps) {
  if (!enabled_) return;
  scale_ = scale;
  goodSteps_ = goodSteps;
}

}  // namespace arml::train
