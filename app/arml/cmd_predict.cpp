// `arml predict --model CKPT --input IMAGE|SLIDE --out PATH`: runs the stage-2 segmenter.
//  Image (.png .jpg .jpeg .bmp): the whole image in one pass (edges padded to a multiple of 8); writes the
//   class mask as a palette PNG, the softmax probabilities as float32 .npy (C×H×W) and a colour overlay.
//   --out FILE.png -> FILE.png, FILE.probs.npy, FILE.overlay.png; --out DIR -> DIR/<stem>.{png,probs.npy,overlay.png}.
//  Anything else is opened as a whole slide (OpenSlide) and tiled through slide::predictSlide; the class
//   mask goes to a pyramidal TIFF (--out FILE.tif[f], or DIR/<stem>.tiff) plus a PNG preview.
//  --input-list FILE: a batch of slides (slide/slide_batch.h), optionally one shard of it for a job array.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "cli_context.h"
#include "compute/compute.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "core/npy.h"
#include "core/out_of_memory.h"
#include "core/output_guard.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "data/white_background.h"
#include "slide/slide_batch.h"
#include "slide/slide_reader.h"
#include "slide_inference/slide_predictor.h"
#include "tensors/image_tensor.h"
#include "train/stage2_model.h"

namespace arml::cli {
namespace fs = std::filesystem;

namespace {

struct Args {
  std::string model, input, inputList, shard, out, precision = "fp32";
  int markWhite = -1;  // -1: the default for the input type (slides on, images off)
  int tileSize = 224, overlap = 0, batch = 8;
  int level = -1;
  double mpp = 0, downsample = 0, slideUmPerPx = 0;
};

bool isPlainImage(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
}

bool isTiffName(const fs::path& p) { return p.extension() == ".tif" || p.extension() == ".tiff"; }

// One slide through slide::predictSlide into `out` (a .tiff) and its PNG preview beside it.
slide::SlidePredictResult predictOneSlide(const Args& a, train::LoadedSegmenter& seg, const fs::path& input,
                                          const fs::path& out, OutputGuard& guard, Context& ctx) {
  slide::SlideReader reader(input);
  slide::SlidePredictOptions so;
  if (a.slideUmPerPx > 0) so.resolution.slideUmPerPx = a.slideUmPerPx;
  if (a.mpp > 0) so.resolution.targetUmPerPx = a.mpp;
  else if (a.downsample > 0) so.resolution.downsample = a.downsample;
  else if (a.level >= 0) so.resolution.level = a.level;
  // else: level 0 when the slide states its µm/px; a slide without it is refused with a message
  // asking for --level or --mpp (slide::resolveResolution), never guessed.
  so.tileSize = a.tileSize;
  so.overlap = a.overlap;
  so.batchSize = std::max(1, a.batch);
  so.classes = seg.scheme;
  so.markWhite = a.markWhite != 0;
  fs::path preview = out;
  preview.replace_extension(".png");
  for (const fs::path& p : {out, preview, fs::path(out.string() + ".partial"), fs::path(out.string() + ".resume.json")})
    guard.claimOutput(p, input.string());
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  so.outputTiff = out;
  so.previewPng = preview;
  so.modelTag = fs::absolute(a.model).string() + ":" + std::to_string(fs::file_size(a.model)) + ":" + a.precision;
  const std::string precision = a.precision;
  auto tileLogits = [&seg, precision](const at::Tensor& tiles) {
    return train::predictSegmenterLogits(seg.net, tiles, precision);
  };
  const auto r = slide::predictSlide(reader, so, tileLogits, CancelToken::global(), *ctx.events);
  std::cout << "slide: " << r.tilesInferred << " tiles (" << r.tilesPerSecond << " tiles/s), mask " << r.tiff.string()
            << ", preview " << r.png.string() << "\n";
  return r;
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// --input-list: every slide of this job's shard into OUT/<stem>.tiff. A slide that fails is recorded in
// the manifest and the batch goes on; slides the manifest shows done (and whose mask is complete) are
// not computed again.
int predictSlideBatch(const Args& a, train::LoadedSegmenter& seg, Context& ctx) {
  const std::vector<fs::path> listed = slide::readSlideList(a.inputList);
  const std::optional<slide::Shard> shard = a.shard.empty() ? slide::shardFromSlurm() : slide::parseShard(a.shard);
  const std::vector<fs::path> slides = shard ? slide::slidesOfShard(listed, *shard) : listed;
  const fs::path outDir = a.out;
  if (isTiffName(outDir)) throw InputError(a.out, "a batch writes one mask per slide: give a folder as --out");
  OutputGuard guard;  // no output may land on a listed slide, the list or the model
  std::vector<fs::path> inputs = listed;
  inputs.push_back(a.model);
  inputs.push_back(a.inputList);
  guard.addInputs(inputs);
  fs::create_directories(outDir);
  slide::BatchManifest manifest(slide::BatchManifest::pathFor(outDir, shard));
  guard.claimOutput(manifest.file(), a.inputList);

  int done = 0, earlier = 0, failed = 0;
  for (std::size_t i = 0; i < slides.size(); ++i) {
    ctx.events->progress("predict-batch", long(i), long(slides.size()));
    const fs::path& input = slides[i];
    const fs::path out = outDir / (input.stem().string() + ".tiff");
    const slide::ManifestRow* before = manifest.find(input.string());
    if (before && before->status != "failed" && fs::exists(out) && !fs::exists(out.string() + ".partial")) {
      manifest.record({input.string(), "done-earlier", before->seconds, before->tiles, ""});
      ++earlier;
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
      const auto r = predictOneSlide(a, seg, input, out, guard, ctx);
      manifest.record({input.string(), "done", r.seconds, r.tilesInferred, ""});
      ++done;
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      manifest.record({input.string(), "failed", seconds, 0, e.what()});
      ctx.events->warning(input.string() + ": " + firstLine(e.what()));
      std::cerr << "predict: " << input.string() << " failed: " << firstLine(e.what()) << "\n";
      ++failed;
    }
  }
  ctx.events->progress("predict-batch", long(slides.size()), long(slides.size()));
  ctx.events->artifact("manifest", manifest.file().string());
  std::cout << "batch: " << done << " done, " << earlier << " done earlier, " << failed << " failed of " << slides.size()
            << " slides";
  if (shard) std::cout << " (shard " << shard->index << "/" << shard->count << " of " << listed.size() << " listed)";
  std::cout << "; manifest " << manifest.file().string() << "\n";
  return failed > 0 ? slide::kExitSomeSlidesFailed : 0;
}

}  // namespace

Runner registerPredict(CLI::App& sub, Context&) {
  auto a = std::make_shared<Args>();
  sub.add_option("--model", a->model, "stage-2 checkpoint (ARML checkpoint or smp PSPNet .pth)")->required();
  sub.add_option("--input", a->input, "an image (.png/.jpg/.bmp) or a whole slide (.svs/.tif/.ndpi/.mrxs/...)");
  sub.add_option("--input-list", a->inputList,
                 "a text file naming one slide per line (# comments; paths relative to the file): each slide to "
                 "OUT/<stem>.tiff, a manifest of the batch in OUT, exit 4 when some slides failed");
  sub.add_option("--shard", a->shard,
                 "with --input-list: take every N-th slide starting at the K-th (K/N, K from 0); default from "
                 "SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT in a Slurm job array");
  sub.add_option("--out", a->out, "image: FILE.png or a folder; slide: FILE.tiff or a folder; list: a folder")->required();
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
    if (a->input.empty() == a->inputList.empty())
      throw InputError("--input", "give either --input (one image or slide) or --input-list (a file of slides)");
    if (!a->shard.empty() && a->inputList.empty()) throw InputError("--shard", "only goes with --input-list");
    train::LoadedSegmenter seg = train::loadSegmenter(a->model);
    seg.net->to(torch::Device(resolveDeviceName(ctx.common.device)));  // --device (auto: CUDA when present)
    if (!a->inputList.empty()) return predictSlideBatch(*a, seg, ctx);
    const int classes = seg.net->options().numClasses;
    const data::Palette palette = seg.scheme.palette();
    const fs::path input = a->input;
    if (!fs::exists(input)) throw InputError(a->input, "no such file (--input)");
    OutputGuard guard;  // no output may land on the image, the slide or the model
    guard.addInputs(std::vector<fs::path>{input, fs::path(a->model)});

    if (!isPlainImage(input)) {
      fs::path out = a->out;
      if (!isTiffName(out)) out = out / (input.stem().string() + ".tiff");
      predictOneSlide(*a, seg, input, out, guard, ctx);
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
      const at::Tensor x = data::rgbToTensor(rgb).unsqueeze(0);
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
