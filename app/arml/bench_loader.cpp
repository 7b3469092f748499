// `arml bench --what loader`: patches per second decoded, resized and stage-1 augmented by the
// threaded batch loader, with 1 and 2 worker threads. Uses --data's training split, else a
// synthetic set written to a temporary folder (its generation is not timed).
#include <chrono>
#include <filesystem>

#include <unistd.h>

#include "bench.h"
#include "core/cancel_token.h"
#include "core/resources.h"
#include "data/dataset.h"
#include "data/synthetic_dataset.h"
#include "tensors/batch_loader.h"

namespace arml::cli {

std::vector<nlohmann::json> benchLoader(const BenchOptions& opts, Context& ctx) {
  namespace fs = std::filesystem;
  fs::path root = opts.data;
  fs::path temp;
  if (root.empty()) {
    temp = fs::temp_directory_path() / ("arml-bench-loader-" + std::to_string(::getpid()));
    data::SyntheticOptions so;
    so.train = 120;
    so.val = so.test = 0;
    data::writeSyntheticDataset(temp, so, CancelToken::global());
    root = temp;
  }
  std::vector<nlohmann::json> out;
  try {
    const data::Dataset d = data::Dataset::open(root, ctx.common.dataset);
    const auto items = data::loaderItems(d.train());
    for (int workers : {1, 2}) {
      data::BatchLoaderOptions lo;
      lo.batchSize = std::max(1, opts.batch);
      lo.workers = workers;
      lo.augmentation = data::Augmentation::Stage1;
      lo.seed = std::uint64_t(ctx.common.seed);
      data::BatchLoader loader(items, lo);
      const int epochs = std::max(1, opts.iterations);
      long patches = 0;
      loader.startEpoch(0);
      loader.next(CancelToken::global());  // warm-up
      const auto t0 = std::chrono::steady_clock::now();
      for (int e = 1; e <= epochs; ++e) {
        loader.startEpoch(e);
        while (auto b = loader.next(CancelToken::global())) patches += b->images.size(0);
      }
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      out.push_back({{"what", "loader"},
                     {"source", temp.empty() ? root.string() : "synthetic"},
                     {"workers", workers},
                     {"batch", lo.batchSize},
                     {"augmentation", "stage1"},
                     {"patch", lo.patchSize},
                     {"patches", patches},
                     {"patches_per_s", double(patches) / s},
                     {"peak_rss_mb", peakRssMb()}});
    }
  } catch (...) {
    if (!temp.empty()) fs::remove_all(temp);
    throw;
  }
  if (!temp.empty()) fs::remove_all(temp);
  return out;
}

}  // namespace arml::cli
