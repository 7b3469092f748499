// `arml cams --model CKPT --image PNG… --out DIR [--layer …] [--mode plain|relocalized|gradcam] [--npy]`:
// CAMs of single images (spec §3.1) as overlay sheets OUT/<stem>_<view>.png (image + one overlay
// per class) and, with --npy, the raw up-sampled maps OUT/<stem>_<view>.npy (float32, K×H×W),
// where <view> is plain, relocalized or gradcam-<layer>. Prints the class probabilities.
#include <iostream>

#include <torch/torch.h>

#include "cam/cam_model.h"
#include "cam/cam_overlay.h"
#include "cam/class_activation.h"
#include "cam/class_maps.h"
#include "cam/precision_guard.h"
#include "cli_context.h"
#include "compute/compute.h"
#include "core/cancel_token.h"
#include "core/npy.h"
#include "core/out_of_memory.h"
#include "core/output_guard.h"
#include "data/image_io.h"
#include "tensors/image_tensor.h"

namespace arml::cli {

Runner registerCams(CLI::App& sub, Context&) {
  struct Args {
    std::string model, out, layer = "bn7", mode = "plain", norm = "global", precision = "fp32";
    std::vector<std::string> images;
    bool npy = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--model", a->model, "stage-1 checkpoint or reference .pth")->required();
  sub.add_option("--image", a->images, "one or more images")->required();
  sub.add_option("--out", a->out, "output folder")->required();
  sub.add_option("--mode", a->mode, "plain | relocalized | gradcam")->capture_default_str();
  sub.add_option("--layer", a->layer, "Grad-CAM layer: b4_5 | b5_2 | bn7")->capture_default_str();
  sub.add_option("--norm", a->norm, "overlay normalisation: global (over all classes) | per-class")
      ->capture_default_str();
  sub.add_option("--precision", a->precision, "fp32 | bf16")->capture_default_str();
  sub.add_flag("--npy", a->npy, "also write the raw maps as float32 .npy (classes x H x W)");
  return [a](Context& ctx) {
    const cam::CamMode mode = cam::parseCamMode(a->mode);
    const cam::CamLayer layer = cam::parseCamLayer(a->layer);
    if (a->norm != "global" && a->norm != "per-class")
      throw InputError("--norm " + a->norm, "unknown normalisation (use global or per-class)");
    const std::string view = mode == cam::CamMode::GradCam ? "gradcam-" + cam::layerName(layer) : cam::modeName(mode);
    const std::filesystem::path out(a->out);
    // Every output is checked before anything is written: none may be an input, and two images with
    // the same stem may not share one.
    OutputGuard guard;
    guard.addInputs(a->images);
    guard.addInput(a->model);
    for (const auto& path : a->images) {
      const std::string stem = std::filesystem::path(path).stem().string();
      if (a->npy) guard.claimOutput(out / (stem + "_" + view + ".npy"), path);
      guard.claimOutput(out / (stem + "_" + view + ".png"), path);
    }
    cam::CamModel model = cam::loadCamModel(a->model, resolveDeviceName(ctx.common.device));
    for (const auto& w : model.warnings) ctx.events->warning(w);
    std::filesystem::create_directories(out);
    long done = 0;
    for (const auto& path : a->images) {
      CancelToken::global().throwIfCancelled();
      withMemoryContext(path, "compute its class activation maps", [&] {
        const cv::Mat rgb = data::readRgbImage(path).clone();
        const at::Tensor input = data::rgbToTensor(rgb).unsqueeze(0).to(torch::Device(model.device));
        cam::CamResult cams;
        {
          cam::PrecisionGuard precision(a->precision, model.device);
          cams = cam::computeCams(*model.net, input, mode, layer);
        }
        torch::NoGradGuard noGrad;
        const at::Tensor maps = cam::upsampleMaps(cams.maps, rgb.rows, rgb.cols).to(torch::kCPU).contiguous();
        const std::string stem = std::filesystem::path(path).stem().string();
        if (a->npy) {
          const auto npyPath = out / (stem + "_" + view + ".npy");
          writeNpyFloat32(npyPath, {maps.size(1), maps.size(2), maps.size(3)}, maps.data_ptr<float>());
          ctx.events->artifact("cam-npy", npyPath.string());
        }
        const at::Tensor shown = a->norm == "global" ? cam::normalizeGlobal(maps) : cam::normalizePerClass(maps);
        const auto pngPath = out / (stem + "_" + view + ".png");
        data::writeRgbPng(pngPath, cam::camOverlaySheet(rgb, shown[0]));
        ctx.events->artifact("cam-overlay", pngPath.string());
        const at::Tensor prob = torch::sigmoid(cams.logits[0]).to(torch::kCPU);
        std::cout << stem << " " << view << " probabilities:";
        for (int64_t c = 0; c < prob.size(0); ++c) std::cout << " " << prob[c].item<float>();
        std::cout << "\n";
      });
      ctx.events->progress("cams", ++done, static_cast<long>(a->images.size()));
    }
    return 0;
  };
}

}  // namespace arml::cli
