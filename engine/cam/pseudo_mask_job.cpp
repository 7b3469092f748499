#include "cam/pseudo_mask_job.h"

#include <algorithm>
#include <chrono>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "cam/class_maps.h"
#include "cam/grad_cam.h"
#include "cam/precision_guard.h"
#include "cam/pseudo_mask.h"
#include "core/errors.h"
#include "core/folder_lock.h"
#include "core/output_guard.h"
#include "core/producer_record.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "data/white_background.h"
#include "tensors/image_tensor.h"

namespace arml::cam {

namespace fs = std::filesystem;

BackgroundRule parseBackgroundRule(const std::string& text) {
  if (text == "auto") return BackgroundRule::Auto;
  if (text == "white") return BackgroundRule::White;
  if (text == "none") return BackgroundRule::None;
  throw InputError("--background " + text, "unknown background rule (use auto, white or none)");
}

bool usesWhiteBackground(BackgroundRule rule, data::DatasetKind kind) {
  if (rule != BackgroundRule::Auto) return rule == BackgroundRule::White;
  return kind == data::DatasetKind::Luad || kind == data::DatasetKind::Wsss4luad;
}

nlohmann::json PseudoMaskJobSummary::toJson(const data::ClassScheme& scheme) const {
  nlohmann::json areasJson = nlohmann::json::object();
  for (const auto& [layer, counts] : areas) {
    long long total = 0;
    for (auto c : counts) total += c;
    nlohmann::json perClass = nlohmann::json::object();
    for (std::size_t c = 0; c < counts.size(); ++c) {
      const std::string name = c < scheme.tissueClasses.size() ? scheme.tissueClasses[c].abbreviation : "background";
      perClass[name] = total > 0 ? static_cast<double>(counts[c]) / total : 0.0;
    }
    areasJson[layerName(layer)] = perClass;
  }
  return {{"images", images},   {"written", written}, {"resumed", resumed}, {"skipped_no_label", skippedNoLabel},
          {"seconds", seconds}, {"areas", areasJson}};
}

fs::path pseudoMaskPath(const fs::path& outDir, CamLayer layer, const fs::path& image) {
  return outDir / layerName(layer) / (image.stem().string() + ".png");
}

namespace {

// The mask when it is complete and valid, else an empty Mat.
cv::Mat readCompleteMask(const fs::path& path, int width, int height, int maxIndex) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  try {
    cv::Mat m = data::readIndexMask(path);
    if (m.cols != width || m.rows != height || m.type() != CV_8UC1) return {};
    double mx = 0;
    cv::minMaxLoc(m, nullptr, &mx);
    return mx <= maxIndex ? m : cv::Mat();
  } catch (const InputError&) {
    return {};
  }
}

void addAreas(std::vector<long long>& total, const cv::Mat& mask, int classes) {
  const auto a = maskClassAreas(mask, classes);
  for (std::size_t i = 0; i < a.size(); ++i) total[i] += a[i];
}

bool hasPngFiles(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".png") return true;
  return false;
}

// Removes the masks (and leftover temporaries) of every layer folder; nothing else in outDir.
void removeLayerMasks(const fs::path& outDir) {
  for (CamLayer l : {CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7}) {
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto& e : fs::directory_iterator(outDir / layerName(l), ec)) {
      const std::string name = e.path().filename().string();
      if (e.path().extension() == ".png" || name.find(".tmp") != std::string::npos) doomed.push_back(e.path());
    }
    for (const auto& p : doomed) fs::remove(p, ec);
  }
}

struct Pending {
  const data::LabelledItem* item;
  cv::Mat image;
  std::vector<CamLayer> layers;  // layers still to write
};

// No mask path is one of the inputs, and no two images share one (InputError otherwise).
void checkOutputPaths(const CamModel& model, const std::vector<data::LabelledItem>& items, const fs::path& outDir,
                      const std::vector<CamLayer>& layers) {
  OutputGuard guard;
  guard.addInput(model.source);
  for (const auto& item : items) guard.addInput(item.image);
  for (const auto& item : items)
    for (CamLayer l : layers) guard.claimOutput(pseudoMaskPath(outDir, l, item.image), item.image.string());
}

// With a producer, the folder's record must name it (with the resolved background rule, precision
// and data set), or `replace` clears the masks another producer wrote.
void claimFolderProducer(const CamModel& model, const data::Dataset& dataset, const fs::path& outDir,
                         const PseudoMaskJobOptions& options, bool white) {
  if (options.producer.is_null()) return;
  nlohmann::json identity = options.producer;
  identity["background"] = white ? "white" : "none";
  identity["precision"] = options.precision;
  identity["dataset"] = canonicalPathKey(dataset.root());
  identity["dataset_kind"] = data::datasetKindName(dataset.kind());
  nlohmann::json layerNames = nlohmann::json::array();
  bool hasOutputs = false;
  for (CamLayer l : {CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7}) {
    if (std::find(options.layers.begin(), options.layers.end(), l) != options.layers.end() ||
        hasPngFiles(outDir / layerName(l)))
      layerNames.push_back(layerName(l));
    hasOutputs = hasOutputs || hasPngFiles(outDir / layerName(l));
  }
  claimProducer(outDir, identity, {{"layers", layerNames}, {"model", model.source}}, hasOutputs, options.replace,
                [&] { removeLayerMasks(outDir); });
}

std::vector<long long>& areasOf(PseudoMaskJobSummary& summary, CamLayer l) {
  for (auto& [layer, a] : summary.areas)
    if (layer == l) return a;
  throw RuntimeFailure("unknown layer");
}

// What writing a batch of masks needs besides the batch.
struct MaskWriter {
  CamModel& model;
  const PseudoMaskJobOptions& options;
  const fs::path& outDir;
  const data::Palette& palette;
  bool white;
  int k;  // tissue classes
  const torch::Device& device;
};

// Computes the Grad-CAMs of a batch of equal-sized images in one pass and writes each image's
// masks of the layers it still needs, counting their areas.
void writeBatch(const MaskWriter& w, const std::vector<Pending>& batch, PseudoMaskJobSummary& summary) {
  std::vector<CamLayer> layers;  // union of the layers the batch needs, in the requested order
  for (CamLayer l : w.options.layers)
    for (const auto& p : batch)
      if (std::find(p.layers.begin(), p.layers.end(), l) != p.layers.end()) {
        layers.push_back(l);
        break;
      }
  std::vector<cv::Mat> images;
  for (const auto& p : batch) images.push_back(p.image);
  const at::Tensor input = data::rgbBatchToTensor(images).to(w.device);
  GradCamMaps cams;
  {
    PrecisionGuard precision(w.options.precision, w.model.device);
    cams = computeGradCam(*w.model.net, input, layers);
  }
  torch::NoGradGuard noGrad;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Pending& p = batch[i];
    const cv::Mat whiteMask = w.white ? data::whiteBackgroundMask(p.image) : cv::Mat();
    for (CamLayer l : p.layers) {
      const at::Tensor up =
          upsampleMaps(cams.map(l).narrow(0, static_cast<int64_t>(i), 1), p.image.rows, p.image.cols)[0];
      const cv::Mat mask = pseudoMaskFromGradCam(up, p.item->label, whiteMask);
      data::writePalettePng(pseudoMaskPath(w.outDir, l, p.item->image), mask, w.palette);
      addAreas(areasOf(summary, l), mask, w.k);
    }
    ++summary.written;
  }
}

}  // namespace

bool isCompleteMask(const fs::path& path, int width, int height, int maxIndex) {
  return !readCompleteMask(path, width, height, maxIndex).empty();
}

PseudoMaskJobSummary generatePseudoMasks(CamModel& model, const data::Dataset& dataset, const fs::path& outDir,
                                         const PseudoMaskJobOptions& options, EventSink& events,
                                         const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  const data::ClassScheme& scheme = dataset.scheme();
  const int k = scheme.tissueCount();
  if (scheme.backgroundIndex != k) throw RuntimeFailure("pseudo masks need the background index right after the classes");
  if (model.classes != k)
    throw InputError(model.source, "the model has " + std::to_string(model.classes) + " classes, the dataset " +
                                       std::to_string(k));
  if (options.layers.empty()) throw InputError("--layers", "no layer given");
  const bool white = usesWhiteBackground(options.background, dataset.kind());
  const data::Palette palette = scheme.palette();
  const auto& items = dataset.train();
  const int batchSize = std::max(1, options.batch);
  const torch::Device device(model.device);

  // Nothing is written before every check has passed: inputs, name collisions, lock, producer.
  checkOutputPaths(model, items, outDir, options.layers);
  const FolderLock lock(outDir, "pseudo-masks");
  claimFolderProducer(model, dataset, outDir, options, white);

  PseudoMaskJobSummary summary;
  summary.images = static_cast<int>(items.size());
  for (CamLayer l : options.layers) {
    summary.areas.emplace_back(l, std::vector<long long>(static_cast<std::size_t>(k) + 1, 0));
    fs::create_directories(outDir / layerName(l));
  }

  const MaskWriter writer{model, options, outDir, palette, white, k, device};
  long done = 0;
  const long total = static_cast<long>(items.size());
  std::vector<Pending> batch;
  auto flush = [&]() {
    if (batch.empty()) return;
    cancel.throwIfCancelled();
    writeBatch(writer, batch, summary);
    done += static_cast<long>(batch.size());
    batch.clear();
    events.progress("pseudo-masks", done, total);
  };

  for (const auto& item : items) {
    if (std::none_of(item.label.begin(), item.label.end(), [](int v) { return v != 0; })) {
      events.emit("warning", {{"message", "no positive label in the file name; image skipped"},
                              {"file", item.image.string()}});
      ++summary.skippedNoLabel;
      ++done;
      continue;
    }
    const cv::Size size = data::readImageSize(item.image);
    Pending p{&item, {}, {}};
    for (CamLayer l : options.layers) {
      const cv::Mat existing = readCompleteMask(pseudoMaskPath(outDir, l, item.image), size.width, size.height, k);
      if (existing.empty())
        p.layers.push_back(l);
      else
        addAreas(areasOf(summary, l), existing, k);
    }
    if (p.layers.empty()) {
      ++summary.resumed;
      ++done;
      continue;
    }
    p.image = data::readRgbImage(item.image);
    if (!p.image.isContinuous()) p.image = p.image.clone();
    if (!batch.empty() && (batch.front().image.size() != p.image.size() || batch.front().layers != p.layers)) flush();
    batch.push_back(std::move(p));
    if (static_cast<int>(batch.size()) >= batchSize) flush();
  }
  flush();
  events.progress("pseudo-masks", total, total);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace arml::cam
