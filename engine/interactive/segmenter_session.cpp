#include "interactive/segmenter_session.h"

#include <torch/torch.h>

#include <algorithm>

#include "interactive/engine_errors.h"
#include "interactive/image_input.h"
#include "slide/tile_grid.h"
#include "train/stage2_model.h"

namespace arml::interactive {

namespace {

// Tile origins along one side of `length` pixels: every `stride`, the last one flush with the end.
std::vector<int> tileStarts(int length, int tile, int stride) {
  if (length <= tile) return {0};
  std::vector<int> starts;
  for (int s = 0; s + tile < length; s += stride) starts.push_back(s);
  starts.push_back(length - tile);
  return starts;
}

class TorchSegmenterSession final : public SegmenterSession {
 public:
  TorchSegmenterSession(const std::string& weights, const std::string& device, const SegmenterTiling& tiling)
      : seg_(train::loadSegmenter(weights)), device_(device), tiling_(tiling) {
    seg_.net->to(torch::Device(device));
    seg_.net->eval();
    const int classes = seg_.net->options().numClasses;
    info_.path = weights;
    const int divisor = seg_.net->options().widthDivisor;
    info_.architecture =
        std::string(train::kSegmenterArch) + (divisor > 1 ? " (1/" + std::to_string(divisor) + " width)" : "");
    info_.device = device;
    info_.classes = classes;
    for (const auto& c : seg_.scheme.tissueClasses) info_.classNames.push_back(c.name);
    if (int(info_.classNames.size()) != classes) info_.classNames.clear();
    if (tiling_.tile <= 0) {
      const auto& meta = seg_.checkpoint.meta;
      const int trained =
          meta.contains("config") && meta["config"].is_object() ? meta["config"].value("patch_size", 0) : 0;
      tiling_.tile = trained > 0 ? trained : 224;
    }
    if (tiling_.overlap < 0) tiling_.overlap = tiling_.tile / 4;
    tiling_.overlap = std::clamp(tiling_.overlap, 0, tiling_.tile / 2);
    tiling_.batch = std::max(1, tiling_.batch);
  }

  const SessionInfo& info() const override { return info_; }

  FloatPlanes probabilities(const RgbImage& image, const std::atomic<bool>* cancel) override {
    return translateErrors(info_.path, [&] {
      throwIfCancelled(cancel);
      const at::Tensor input = imageInput(image, "cpu");  // tiles are cut on the CPU
      const int h = image.height, w = image.width;
      at::Tensor logits;
      if (h <= tiling_.tile && w <= tiling_.tile)
        logits = train::predictSegmenterLogits(seg_.net, input)[0];
      else
        logits = tiledLogits(input, cancel);
      throwIfCancelled(cancel);
      return toPlanes(torch::softmax(logits, 0));
    });
  }

 private:
  // Blended C×H×W logits of an image larger than one tile.
  at::Tensor tiledLogits(const at::Tensor& input, const std::atomic<bool>* cancel) {
    const int h = int(input.size(2)), w = int(input.size(3));
    const int th = std::min(h, tiling_.tile), tw = std::min(w, tiling_.tile);
    const int stride = tiling_.tile - tiling_.overlap;
    const std::vector<float> rampY = slide::tileBlendRamp(th, h > th ? tiling_.overlap : 0);
    const std::vector<float> rampX = slide::tileBlendRamp(tw, w > tw ? tiling_.overlap : 0);
    const at::Tensor weight = torch::from_blob(const_cast<float*>(rampY.data()), {th, 1}, torch::kFloat) *
                              torch::from_blob(const_cast<float*>(rampX.data()), {1, tw}, torch::kFloat);
    std::vector<std::pair<int, int>> origins;
    for (int y : tileStarts(h, th, stride))
      for (int x : tileStarts(w, tw, stride)) origins.emplace_back(y, x);

    at::Tensor sum, weights = torch::zeros({h, w});
    for (std::size_t first = 0; first < origins.size(); first += std::size_t(tiling_.batch)) {
      throwIfCancelled(cancel);
      const std::size_t end = std::min(origins.size(), first + std::size_t(tiling_.batch));
      std::vector<at::Tensor> tiles;
      for (std::size_t i = first; i < end; ++i)
        tiles.push_back(input[0]
                            .slice(1, origins[i].first, origins[i].first + th)
                            .slice(2, origins[i].second, origins[i].second + tw));
      const at::Tensor logits = train::predictSegmenterLogits(seg_.net, torch::stack(tiles));
      if (!sum.defined()) sum = torch::zeros({logits.size(1), h, w});
      for (std::size_t i = first; i < end; ++i) {
        const auto [y, x] = origins[i];
        sum.slice(1, y, y + th).slice(2, x, x + tw).add_(logits[int64_t(i - first)] * weight);
        weights.slice(0, y, y + th).slice(1, x, x + tw).add_(weight);
      }
    }
    return sum / weights;
  }

  train::LoadedSegmenter seg_;
  std::string device_;
  SegmenterTiling tiling_;
  SessionInfo info_;
};

}  // namespace

std::unique_ptr<SegmenterSession> openSegmenterSession(const std::string& weights, const std::string& device,
                                                       const SegmenterTiling& tiling) {
  return std::make_unique<TorchSegmenterSession>(weights, device, tiling);
}

}  // namespace arml::interactive
