// `arml bench --what pm`: pseudo-mask throughput (Grad-CAM + resize + normalisation + argmax, no
// file I/O) for the requested layer set (default bn7) and for all three layers, per precision,
// with peak RSS. Inputs: synthetic H&E-like patches (or --data's training images); weights: the
// randomly initialised network of the requested width. bf16 lines also give the fraction of mask
// pixels equal to the fp32 masks of the same images (bf16 may flip near-ties).

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "bench.h"
#include "cam/cam_model.h"
#include "cam/class_maps.h"
#include "cam/grad_cam.h"
#include "cam/precision_guard.h"
#include "cam/pseudo_mask.h"
#include "compute/compute.h"
#include "compute/gpu_devices.h"
#include "core/resources.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/synthetic_dataset.h"
#include "data/white_background.h"
#include "tensors/image_tensor.h"

namespace arml::cli {

namespace {

struct PmInputs {
  std::vector<cv::Mat> images;
  std::vector<std::vector<int>> labels;
  at::Tensor batch;  // N×3×224×224 in [0,1]
};

PmInputs makeInputs(const BenchOptions& opts, Context& ctx, int count) {
  PmInputs in;
  if (!opts.data.empty()) {
    const auto d = data::Dataset::open(opts.data, ctx.common.dataset);
    for (const auto& item : d.train()) {
      if (static_cast<int>(in.images.size()) == count) break;
      const cv::Mat img = data::readRgbImage(item.image);
      if (img.rows != 224 || img.cols != 224) continue;
      in.images.push_back(img.clone());
      in.labels.push_back(item.label);
    }
    if (in.images.empty()) throw InputError(opts.data, "no 224x224 training images for the benchmark");
  }
  for (std::uint64_t s = 0; static_cast<int>(in.images.size()) < count; ++s) {
    auto p = data::makeSyntheticPatch(1000 + s);
    std::vector<int> label(4, 0);
    for (int y = 0; y < p.mask.rows; ++y)
      for (int x = 0; x < p.mask.cols; ++x)
        if (p.mask.at<uint8_t>(y, x) < 4) label[p.mask.at<uint8_t>(y, x)] = 1;
    in.images.push_back(p.image);
    in.labels.push_back(label);
  }
  in.batch = data::rgbBatchToTensor(in.images);
  return in;
}

// masks[layer][image]
std::vector<std::vector<cv::Mat>> pseudoMasks(cam::CamModel& model, const PmInputs& in, int64_t first, int64_t n,
                                              const std::vector<cam::CamLayer>& layers, const std::string& precision) {
  const at::Tensor input = in.batch.narrow(0, first, n).to(torch::Device(model.device));
  cam::GradCamMaps cams;
  {
    cam::PrecisionGuard guard(precision, model.device);
    cams = cam::computeGradCam(*model.net, input, layers);
  }
  torch::NoGradGuard noGrad;
  std::vector<std::vector<cv::Mat>> masks;
  for (cam::CamLayer l : layers) {
    const at::Tensor up = cam::upsampleMaps(cams.map(l), 224, 224);
    std::vector<cv::Mat> perImage;
    for (int64_t i = 0; i < n; ++i) {
      const cv::Mat& img = in.images[static_cast<std::size_t>(first + i)];
      perImage.push_back(cam::pseudoMaskFromGradCam(up[i], in.labels[static_cast<std::size_t>(first + i)],
                                                    data::whiteBackgroundMask(img)));
    }
    masks.push_back(std::move(perImage));
  }
  return masks;
}

}  // namespace

std::vector<nlohmann::json> benchPseudoMasks(const BenchOptions& opts, Context& ctx) {
  const int batch = std::max(1, opts.batch);
  const int iterations = std::max(1, opts.iterations);
  const std::string device = resolveDeviceName(ctx.common.device);
  torch::manual_seed(static_cast<uint64_t>(ctx.common.seed));
  models::ClassifierOptions mo;
  mo.widthDivisor = opts.widthDivisor;
  cam::CamModel model;
  model.net = models::Resnet38dClassifier(mo);
  model.widthDivisor = opts.widthDivisor;
  model.device = device;
  model.net->to(torch::Device(device));
  model.net->eval();
  const PmInputs in = makeInputs(opts, ctx, batch * (iterations + 1));

  std::vector<std::vector<cam::CamLayer>> layerSets{cam::parseCamLayers(opts.layers)};
  const std::vector<cam::CamLayer> all{cam::CamLayer::B4_5, cam::CamLayer::B5_2, cam::CamLayer::Bn7};
  if (layerSets[0] != all) layerSets.push_back(all);

  std::vector<nlohmann::json> out;
  for (const auto& precision : opts.precisions) {
    for (const auto& layers : layerSets) {
      // Iteration 0 (the warm-up) and each timed one take their own images.
      const StepTiming t = timeSteps(
          iterations, [&](int it) { pseudoMasks(model, in, int64_t(it) * batch, batch, layers, precision); },
          model.device);
      const double s = t.seconds, cpu = t.cpuSeconds;
      nlohmann::json names = nlohmann::json::array();
      for (auto l : layers) names.push_back(cam::layerName(l));
      nlohmann::json line = {{"what", "pm"},
                             {"layers", names},
                             {"precision", precision},
                             {"batch", batch},
                             {"width_divisor", opts.widthDivisor},
                             {"device", device},
                             {"images", batch * iterations},
                             {"images_per_s", batch * iterations / s},
                             {"peak_rss_mb", peakRssMb()},
                             // CPU seconds of all threads per image: comparable on a loaded machine
                             {"cpu_s_per_image", cpu / (batch * iterations)},
                             {"weights", "random-init"},
                             {"inputs", opts.data.empty() ? "synthetic" : opts.data}};
      if (cudaIndexOf(device) >= 0) line["peak_gpu_mb"] = static_cast<double>(peakGpuMemoryBytes(device)) / (1 << 20);
      if (precision != "fp32") {
        const auto ref = pseudoMasks(model, in, 0, batch, layers, "fp32");
        const auto low = pseudoMasks(model, in, 0, batch, layers, precision);
        nlohmann::json agreement = nlohmann::json::object();
        for (std::size_t l = 0; l < layers.size(); ++l) {
          long long same = 0, total = 0;
          for (int i = 0; i < batch; ++i) {
            same += static_cast<long long>(ref[l][i].total()) - cv::countNonZero(ref[l][i] != low[l][i]);
            total += static_cast<long long>(ref[l][i].total());
          }
          agreement[cam::layerName(layers[l])] = double(same) / double(total);
        }
        line["mask_agreement_vs_fp32"] = agreement;
      }
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace arml::cli
