// `arml bench --what seg-step`: stage-2 training steps per second — the reference mutual step (main pass
// with grad + two peer passes under NoGradGuard, background channel, SWV + SRM, backward, poly-SGD) — for
// each --precision (fp32; bf16 = LibTorch autocast around the three forwards, losses in float32), with the
// peak RSS of the timed steps. Random 224×224 [0,1] images and random masks; --width-divisor 1 is the
// reference PSPNet-ResNeSt, 8 the lite network.
#include <torch/torch.h>

#include "bench.h"
#include "cam/precision_guard.h"
#include "compute/compute.h"
#include "compute/convolution_gradient_guard.h"
#include "models/pspnet.h"
#include "train/poly_optimizer.h"
#include "train/stage2_loss.h"

namespace arml::cli {

std::vector<nlohmann::json> benchSegStep(const BenchOptions& opts, Context& ctx) {
  const ConvolutionGradientGuard rightGradients;  // as the trainers (Zen 5 + LibTorch 2.x: its header)
  const std::string device = resolveDeviceName(ctx.common.device);
  const int batch = std::max(2, opts.batch);
  const int iterations = std::max(1, opts.iterations);
  torch::manual_seed(0);
  models::PSPNet net(models::PSPNetOptions{4, opts.widthDivisor, 0.2});
  net->to(torch::Device(device));
  net->train();
  train::ParamGroup group;
  for (const auto& p : net->named_parameters(true)) {
    group.names.push_back(p.key());
    group.params.push_back(p.value());
  }
  group.lr = 5e-3;
  group.weightDecay = 5e-4;
  train::PolyOptimizer optimizer({group}, 0.9, train::PolySchedule(1000));
  const at::Tensor images = torch::rand({batch, 3, 224, 224}).to(device);
  const at::Tensor masks = torch::randint(0, 5, {batch, 224, 224}, torch::kLong).to(device);

  std::vector<nlohmann::json> out;
  for (const std::string& precision : opts.precisions) {
    auto step = [&]() {
      at::Tensor main, peer1, peer2;
      {
        cam::PrecisionGuard guard(precision, device);
        main = net->forward(images).to(torch::kFloat);
        torch::NoGradGuard noGrad;
        peer1 = net->forward(images).to(torch::kFloat);
        peer2 = net->forward(images).to(torch::kFloat);
      }
      const train::Stage2Loss loss = train::stage2Loss(main, peer1, peer2, masks);
      optimizer.zeroGrad();
      loss.total.backward();
      optimizer.step();
      return loss.total.item<double>();
    };
    double loss = 0;
    const StepTiming t = timeSteps(iterations, [&](int) { loss = step(); }, device);
    nlohmann::json row = benchRow("seg-step", precision, batch, iterations, device);
    row["arch"] = "pspnet-resnest101e";
    row["width_divisor"] = opts.widthDivisor;
    row["seconds_per_step"] = t.seconds / iterations;
    row["images_per_s"] = batch * iterations / t.seconds;
    row["last_loss"] = loss;
    out.push_back(row);
  }
  return out;
}

}  // namespace arml::cli
