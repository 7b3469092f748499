#pragma once
// What the trainers do differently on a GPU, in one place:
//   - precision: "fp32" (default, reproducible), "bf16" (autocast; CPU or a GPU with bf16 units),
//     "fp16" (CUDA autocast with dynamic loss scaling), "auto" (bf16 where the device has it, else
//     fp16 on CUDA; fp32 on the CPU);
//   - cuDNN benchmark mode (fixed-size training batches), pinned host memory and non-blocking copies;
//   - CUDA out of memory turned into one RuntimeFailure that names the batch size and what to lower.
#include <exception>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

namespace arml::train {

// The precision a request resolves to on a device; InputError for an unknown name or fp16 on the CPU.
std::string resolveTrainPrecision(const std::string& requested, const std::string& device);

// Called once before training on the device: cuDNN benchmark mode on CUDA.
void prepareDeviceForTraining(const c10::Device& device);

// A host batch on the device: through pinned memory and a non-blocking copy on CUDA, a plain move on the CPU.
at::Tensor toDevice(const at::Tensor& host, const c10::Device& device);

// True when e is LibTorch's CUDA (or CPU allocator) out-of-memory error.
bool isOutOfMemory(const std::exception& e);
// "stage 1: cuda:0 ran out of memory at batch size 20 (GPU NAME, N MiB): lower <setting> (…) or use
// --precision bf16|fp16; <checkpoint> keeps the last saved state". Returns the message.
std::string outOfMemoryMessage(const std::string& stage, const std::string& device, int batchSize,
                               const std::string& batchSetting, const std::string& checkpoint);

// Dynamic loss scaling for fp16 (as PyTorch's GradScaler): the loss is multiplied by a scale before
// backward, gradients divided by it before the step; a step whose gradients overflow is skipped and
// the scale halved; after `growthInterval` good steps the scale doubles. Disabled: scale 1, no checks.
class GradScaler {
public:
  explicit GradScaler(bool enabled, double initialScale = 65536.0, int growthInterval = 2000);
  bool enabled() const { return enabled_; }
  double scale() const { return scale_; }
  at::Tensor scaled(const at::Tensor& loss) const;
  // Unscales the gradients of params in place; false when one is inf or NaN (skip the step).
  bool unscale(const std::vector<at::Tensor>& params) const;
  void update(bool finite);
  void restore(double scale, int goodSteps);
  int goodSteps() const { return goodSteps_; }

private:
  bool enabled_;
  double scale_;
  int growthInterval_;
  int goodSteps_ = 0;
};

}  // namespace arml::train
