// `arml bench --what slide`: tiles per second of whole-slide tiled inference (OpenSlide reads,
// tissue detection, tiling, logit blending, argmax, mask pyramid + preview writing) with a cheap
// stand-in for the network, on each slide of --data (a slide file or a folder of slides; default
// ../shared/data/wsi), at level 0 without and with 32 px overlap. The network's cost is measured
// by the stage-2 benchmarks and adds to this.
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include <torch/torch.h>

#include "bench.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "core/resources.h"
#include "slide_inference/slide_predictor.h"

namespace arml::cli {

namespace {
namespace fs = std::filesystem;

std::vector<fs::path> benchSlides(const std::string& data) {
  fs::path root = data;
  if (root.empty()) {
    const char* shared = std::getenv("ARML_SHARED_DIR");
    root = fs::path(shared ? shared : "../shared") / "data" / "wsi";
  }
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) return {root};
  if (!fs::is_directory(root, ec)) throw InputError(root.string(), "no slide or folder of slides here; pass --data");
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(root)) {
    const std::string ext = e.path().extension().string();
    if (ext == ".svs" || ext == ".tif" || ext == ".tiff" || ext == ".ndpi" || ext == ".mrxs" || ext == ".scn")
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) throw InputError(root.string(), "folder holds no slides (.svs, .tif, .tiff, .ndpi, .mrxs, .scn)");
  return out;
}
}  // namespace

std::vector<nlohmann::json> benchSlide(const BenchOptions& opts, Context& ctx) {
  const fs::path temp = fs::temp_directory_path() / ("arml-bench-slide-" + std::to_string(::getpid()));
  std::vector<nlohmann::json> out;
  // Stand-in network: 4 logits per pixel from the colour channels, in a plain loop (no LibTorch
  // parallel region, whose OpenMP spin-waiting would be charged to slide I/O on a busy machine).
  const slide::TileLogitsFn cheap = [](const at::Tensor& t) {
    const long n = t.size(0), plane = t.size(2) * t.size(3);
    at::Tensor out = torch::empty({n, 4, t.size(2), t.size(3)}, torch::kFloat32);
    const float* in = t.data_ptr<float>();
    float* o = out.data_ptr<float>();
    for (long i = 0; i < n; ++i) {
      const float* r = in + (i * 3) * plane;
      const float* g = r + plane;
      const float* b = g + plane;
      float* d = o + i * 4 * plane;
      for (long p = 0; p < plane; ++p) {
        d[p] = r[p];
        d[plane + p] = g[p];
        d[2 * plane + p] = b[p];
        d[3 * plane + p] = r[p] - b[p];
      }
    }
    return out;
  };
  try {
    for (const auto& path : benchSlides(opts.data)) {
      slide::SlideReader reader(path);
      for (int overlap : {0, 32}) {
        slide::SlidePredictOptions so;
        so.resolution.level = 0;
        so.overlap = overlap;
        so.batchSize = std::max(1, opts.batch);
        so.outputTiff = temp / (path.stem().string() + "-o" + std::to_string(overlap) + ".tiff");
        so.resume = false;
        resetPeakRss();
        const auto r = slide::predictSlide(reader, so, cheap, CancelToken::global(), *ctx.events);
        out.push_back({{"what", "slide"},
                       {"slide", path.filename().string()},
                       {"level", r.resolution.level},
                       {"size", {r.grid.width, r.grid.height}},
                       {"tile", r.grid.tile},
                       {"overlap", overlap},
                       {"batch", so.batchSize},
                       {"grid_tiles", r.grid.count()},
                       {"tissue_tiles", r.tissueTiles},
                       {"seconds", r.seconds},
                       {"tiles_per_s", r.tilesPerSecond},
                       {"grid_tiles_per_s", r.seconds > 0 ? r.grid.count() / r.seconds : 0.0},
                       {"network", "stand-in (colour channels)"},
                       {"peak_rss_mb", peakRssMb()}});
      }
    }
  } catch (...) {
    std::error_code ec;
    fs::remove_all(temp, ec);
    throw;
  }
  std::error_code ec;
  fs::remove_all(temp, ec);
  return out;
}

}  // namespace arml::cli
