// `arml bench --what cls-step`: stage-1 training steps per second — forward with ARS as from epoch 2
// in reference mode, multi-label loss, backward, poly-SGD step of the four groups — for each
// --precision (fp32; bf16 = LibTorch autocast around the forward), with the peak RSS of the timed
// steps. Inputs are random [0,1] images (content does not change the cost); --width-divisor 1 is the
// full ResNet38d, 8 the lite network.
#include <torch/torch.h>

#include "bench.h"
#include "cam/precision_guard.h"
#include "compute/compute.h"
#include "compute/convolution_gradient_guard.h"
#include "models/resnet38d_classifier.h"
#include "train/multilabel_loss.h"
#include "train/poly_optimizer.h"
#include "train/stage1_param_groups.h"

namespace arml::cli {

std::vector<nlohmann::json> benchClsStep(const BenchOptions& opts, Context& ctx) {
  const ConvolutionGradientGuard rightGradients;  // as the trainers (Zen 5 + LibTorch 2.x: its header)
  const std::string device = resolveDeviceName(ctx.common.device);
  const int batch = std::max(1, opts.batch);
  const int iterations = std::max(1, opts.iterations);
  torch::manual_seed(0);
  models::Resnet38dClassifier net(models::ClassifierOptions{opts.widthDivisor, 4, models::ArsMode::Reference});
  net->to(torch::Device(device));
  net->freezeForTraining();
  net->train();
  train::PolyOptimizer optimizer(train::stage1ParameterGroups(*net, 0.01, 5e-4), 5e-4, train::PolySchedule(1000));
  const auto decayOnly = train::decayOnlyParameters(*net);
  const at::Tensor images = torch::rand({batch, 3, 224, 224}).to(device);
  const at::Tensor labels = torch::randint(0, 2, {batch, 4}).to(torch::kFloat).to(device);

  std::vector<nlohmann::json> out;
  for (const std::string& precision : opts.precisions) {
    auto step = [&]() {
      at::Tensor loss;
      {
        cam::PrecisionGuard guard(precision, device);
        loss = train::multilabelSoftMarginLoss(net->forward(images, /*applyArs=*/true).logits.to(torch::kFloat), labels);
      }
      optimizer.zeroGrad();
      loss.backward();
      train::PolyOptimizer::defineZeroGrads(decayOnly);
      optimizer.step();
      return loss.item<double>();
    };
    double loss = 0;
    const StepTiming t = timeSteps(iterations, [&](int) { loss = step(); }, device);
    nlohmann::json row = benchRow("cls-step", precision, batch, iterations, device);
    row["arch"] = models::archForWidthDivisor(opts.widthDivisor);
    row["ars"] = "reference";
    row["seconds_per_step"] = t.seconds / iterations;
    row["images_per_s"] = batch * iterations / t.seconds;
    row["last_loss"] = loss;
    out.push_back(row);
  }
  return out;
}

}  // namespace arml::cli
