// `arml predict --model CKPT --input IMAGE|SLIDE --out PATH`: runs the stage-2 segmenter.
//  Image (.png .jpg .jpeg .bmp): the whole image in one pass (edges padded to a multiple of 8); writes the
//   class mask as a palette PNG, the softmax probabilities as float32 .npy (C×H×W) and a colour overlay.
//   --out FILE.png -> FILE.png, FILE.probs.npy, FILE.overlay.png; --out DIR -> DIR/<stem>.{png,probs.npy,overlay.png}.
//  Anything else is opened as a whole slide (OpenSlide) and tiled through slide::predictSlide; the class
//   mask goes to a pyramidal TIFF (--out FILE.tif[f], or DIR/<stem>.tiff) plus a PNG preview.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "cli_context.h"
#include "core/cancel_token.h"
#include "core/compute.h"
#include "core/errors.h"
#include "core/npy.h"
#include "core/out_of_memory.h"
#include "core/output_guard.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "data/white_background.h"
#include "slide/slide_predictor.h"
#include "slide/slide_reader.h"
#include "train/stage2_model.h"

namespace arml::cli {
namespace fs = std::filesystem;

namespace {

bool isPlainImage(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
}

}  // namespace

Runner registerPredict(CLI::App& sub, Context&) {
  struct Args {
    std::string model, input, out, precision = "fp32";
    int markWhite = -1;  // -1: the default for the input type (slides on, images off)
    int tileSize = 224, overlap = 0, batch = 8;
    int level = -1;
    double mpp = 0, downsample = 0, slideUmPerPx = 0;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--model", a->model, "stage-2 checkpoint (ARML checkpoint or smp PSPNet .pth)")->required();
  sub.add_option("--input", a->input, "an image (.png/.jpg/.bmp) or a whole slide (.svs/.tif/.ndpi/.mrxs/...)")->required();
  sub.add_option("--out", a->out, "image: FILE.png or a folder; slide: FILE.tiff or a folder")->required();
  sub.add_option("--precision", a->precision, "fp32 | bf16 (autocast)")->capture_default_str();
  sub.add_flag_callback("--mark-white", [a] { a->markWhite = 1; },
                        "write white glass (gray > 200, spec §1.3/§4.8) as the background class (default for slides)");
  sub.add_flag_callback("--no-mark-white", [a] { a->markWhite = 0; },
                        "keep the network's argmax on white glass (default for images, as the reference)");
  sub.add_option("--tile-size", a->tileSize, "slides: tile size in pixels at the working resolution")->capture_default_str();
  sub.add_option("--overlap", a->overlap, "slides: pixels shared by neighbouring tiles (blended)")->capture_default_str();
  sub.add_option("--batch", a->batch, "slides: tiles per network call")->capture_default_str();
  sub.add_option("--level", a->level, "slides: read this pyramid level (default 0 for slides with µm/px metadata; required for slides without)");
  sub.add_option("--mpp", a->mpp, "slides: working resolution in µm per pixel (e.g. the training data's)");
  sub.add_option("--downsample", a->downsample, "slides: working downsample relative to level 0");
  sub.add_option("--um-per-px", a->slideUmPerPx,
                 "slides: the slide's own level-0 µm per pixel, for files that do not state it");
  return [a](Context& ctx) {
    train::LoadedSegmenter seg = train::loadSegmenter(a->model);
    seg.net->to(torch::Device(resolveDeviceName(ctx.common.device)));  // --device (auto: CUDA when present)
    const int classes = seg.net->options().numClasses;
    const data::Palette palette = seg.scheme.palette();
    const fs::path input = a->input;
    if (!fs::exists(input)) throw InputError(a->input, "no such file (--input)");
    OutputGuard guard;  // no output may land on the image, the slide or the model
    guard.addInputs(std::vector<fs::path>{input, fs::path(a->model)});

    if (!isPlainImage(input)) {
      slide::SlideReader reader(input);
      slide::SlidePredictOptions so;
      if (a->slideUmPerPx > 0) so.resolution.slideUmPerPx = a->slideUmPerPx;
      if (a->mpp > 0) so.resolution.targetUmPerPx = a->mpp;
      else if (a->downsample > 0) so.resolution.downsample = a->downsample;
      else if (a->level >= 0) so.resolution.level = a->level;
      // else: level 0 when the slide states its µm/px; a slide without it is refused with a message
      // asking for --level or --mpp (slide::resolveResolution), never guessed.
      so.tileSize = a->tileSize;
      so.overlap = a->overlap;
      so.batchSize = std::max(1, a->batch);
      so.classes = seg.scheme;
      so.markWhite = a->markWhite != 0;
      fs::path out = a->out;
      const std::string ext = out.extension().string();
      if (ext != ".tif" && ext != ".tiff") out = out / (input.stem().string() + ".tiff");
      fs::path preview = out;
      preview.replace_extension(".png");
      for (const fs::path& p : {out, preview, fs::path(out.string() + ".partial"), fs::path(out.string() + ".resume.json")})
        guard.claimOutput(p, input.string());
      if (out.has_parent_path()) fs::create_directories(out.parent_path());
      so.outputTiff = out;
      so.previewPng = preview;
      so.modelTag = fs::absolute(a->model).string() + ":" + std::to_string(fs::file_size(a->model)) + ":" + a->precision;
      const std::string precision = a->precision;
      auto tileLogits = [&seg, precision](const at::Tensor& tiles) {
        return train::predictSegmenterLogits(seg.net, tiles, precision);
      };
      const auto r = slide::predictSlide(reader, so, tileLogits, CancelToken::global(), *ctx.events);
      std::cout << "slide: " << r.tilesInferred << " tiles (" << r.tilesPerSecond << " tiles/s), mask " << r.tiff.string()
                << ", preview " << r.png.string() << "\n";
      return 0;
    }

    fs::path maskPath = a->out, probsPath, overlayPath;
    if (maskPath.extension() == ".png") {
      const fs::path stem = maskPath.parent_path() / maskPath.stem();
      probsPath = stem.string() + ".probs.npy";
      overlayPath = stem.string() + ".overlay.png";
    } else {
      const fs::path stem = maskPath / input.stem();
      maskPath = stem.string() + ".png";
      probsPath = stem.string() + ".probs.npy";
      overlayPath = stem.string() + ".overlay.png";
    }
    for (const fs::path& p : {maskPath, probsPath, overlayPath}) guard.claimOutput(p, input.string());

    withMemoryContext(input.string(), "segment this image", [&] {
      const cv::Mat rgb = data::readRgbImage(input);
      const int h = rgb.rows, w = rgb.cols;
      const at::Tensor x = torch::from_blob(const_cast<unsigned char*>(rgb.ptr<unsigned char>()), {1, h, w, 3}, torch::kUInt8)
                               .permute({0, 3, 1, 2})
                               .to(torch::kFloat)
                               .div(255.0)
                               .contiguous();
      const at::Tensor probs = torch::softmax(train::predictSegmenterLogits(seg.net, x, a->precision), 1)[0].contiguous();
      const at::Tensor classMap = probs.argmax(0).to(torch::kUInt8).contiguous();
      cv::Mat mask(h, w, CV_8UC1);
      std::memcpy(mask.data, classMap.data_ptr<uint8_t>(), size_t(h) * size_t(w));
      if (a->markWhite == 1) mask.setTo(seg.scheme.backgroundIndex, data::whiteBackgroundMask(rgb) > 0);

      if (maskPath.has_parent_path()) fs::create_directories(maskPath.parent_path());

      data::writePalettePng(maskPath, mask, palette);
      writeNpyFloat32(probsPath, {classes, h, w}, probs.data_ptr<float>());
      cv::Mat overlay = rgb.clone();
      for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx) {
          const int c = mask.at<uint8_t>(yy, xx);
          if (c >= classes || c >= int(palette.size())) continue;  // background stays as it is
          auto& px = overlay.at<cv::Vec3b>(yy, xx);
          for (int k = 0; k < 3; ++k) px[k] = uint8_t((px[k] + palette[size_t(c)][size_t(k)] + 1) / 2);
        }
      data::writeRgbPng(overlayPath, overlay);
    });
    for (const auto& [kind, p] : {std::pair{"mask", maskPath}, {"probabilities", probsPath}, {"overlay", overlayPath}})
      ctx.events->artifact(kind, p.string());
    std::cout << "mask " << maskPath.string() << ", probabilities " << probsPath.string() << ", overlay "
              << overlayPath.string() << "\n";
    return 0;
  };
}

}  // namespace arml::cli
