// `arml bench --what predict`: stage-2 inference tiles per second (eval mode, one pass, 224×224 tiles in
// batches of --batch) for each --precision (fp32; bf16 autocast), with the peak RSS, and for bf16 the
// share of pixels whose argmax class agrees with fp32.
#include <torch/torch.h>

#include "bench.h"
#include "compute/compute.h"
#include "models/pspnet.h"
#include "train/stage2_model.h"

namespace arml::cli {

std::vector<nlohmann::json> benchPredict(const BenchOptions& opts, Context& ctx) {
  const std::string device = resolveDeviceName(ctx.common.device);
  const int batch = std::max(1, opts.batch);
  const int iterations = std::max(1, opts.iterations);
  torch::manual_seed(0);
  models::PSPNet net(models::PSPNetOptions{4, opts.widthDivisor, 0.2});
  net->to(torch::Device(device));
  net->eval();
  const at::Tensor tiles = torch::rand({batch, 3, 224, 224});
  const at::Tensor reference = train::predictSegmenterLogits(net, tiles, "fp32").argmax(1);

  std::vector<nlohmann::json> out;
  for (const std::string& precision : opts.precisions) {
    at::Tensor logits;
    const StepTiming t =
        timeSteps(iterations, [&](int) { logits = train::predictSegmenterLogits(net, tiles, precision); }, device);
    nlohmann::json row = benchRow("predict", precision, batch, iterations, device);
    row["arch"] = "pspnet-resnest101e";
    row["width_divisor"] = opts.widthDivisor;
    row["tiles_per_s"] = batch * iterations / t.seconds;
    row["argmax_agreement_with_fp32"] = logits.argmax(1).eq(reference).to(torch::kDouble).mean().item<double>();
    out.push_back(row);
  }
  return out;
}

}  // namespace arml::cli
