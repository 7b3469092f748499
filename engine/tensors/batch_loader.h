#pragma once
// Threaded, prefetching batch loader for training and evaluation.
//
// Each epoch the item order is shuffled with the seed (or kept), cut into batches (the last partial
// batch dropped with dropLast), and `workers` threads build whole batches ahead of the consumer,
// at most `prefetch` batches ahead. Batches come out in order. Every sample's augmentation draws
// from an RNG seeded by (seed, epoch, dataset index), so the batches are identical for any number
// of workers and any scheduling.
//
// Sizes: with patchSize > 0 (default 224) an image whose size differs is resized to
// patchSize × patchSize — INTER_AREA when it shrinks in both directions, else bilinear — and its
// mask with nearest neighbour (class indices are never blended). With patchSize = 0 images keep their
// size, and a batch whose images differ in size is an InputError (use batch size 1).
// Values: RGB / 255 in [0, 1], no ImageNet normalisation (spec §1.4).
//
// Data parallel: with rowsOfRank set, a batch is cut from the same global order on every rank and
// each rank decodes only its rows of it, so a step costs a rank its share of the images, not all.
//
// Thread affinity: construct, startEpoch() and next() from one thread; the workers are internal.
#include <ATen/core/Tensor.h>

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel_token.h"
#include "data/dataset.h"

namespace arml::data {

enum class Augmentation { None, Stage1, Stage2 };

struct LoaderItem {
  std::filesystem::path image;
  std::vector<float> label;    // empty when the items carry no image-level label
  std::filesystem::path mask;  // empty when there is no mask (palette or gray index PNG)
};

// Rows [begin, begin + size) of a global batch; size may be 0 (a tail batch smaller than the ranks).
struct BatchRows {
  std::int64_t begin = 0;
  std::int64_t size = 0;
};
using RowsOfBatch = std::function<BatchRows(std::int64_t globalSize)>;

struct BatchLoaderOptions {
  int batchSize = 20;
  bool shuffle = true;
  bool dropLast = true;
  int workers = 2;   // 0 = build batches in the calling thread
  int prefetch = 4;  // batches built ahead of the consumer
  std::uint64_t seed = 0;
  Augmentation augmentation = Augmentation::None;
  int patchSize = 224;  // 0 = native size
  RowsOfBatch rowsOfRank;  // the rows this process builds; empty: every row
};

// The built rows of one global batch: all of it, or this rank's slice (zero rows when it is empty).
struct Batch {
  std::int64_t globalSize = 0;  // rows of the global batch
  std::int64_t sliceBegin = 0;  // its first row here
  at::Tensor images;  // N×3×H×W float32 in [0, 1]
  at::Tensor labels;  // N×K float32; undefined when the items have no labels
  at::Tensor masks;   // N×H×W int64 class indices; undefined when the items have no masks
  std::vector<std::int64_t> indices;  // positions in the item list, of the rows built
  std::vector<std::string> paths;     // image paths, of the rows built
};

std::vector<LoaderItem> loaderItems(const std::vector<LabelledItem>& items);
std::vector<LoaderItem> loaderItems(const std::vector<MaskedItem>& items);

// Reads one item as the loader does (decode, resize, augment) — exposed for tests and previews.
// image: RGB CV_8UC3; mask: CV_8UC1 or empty.
void loadLoaderSample(const LoaderItem& item, const BatchLoaderOptions& options, int epoch, std::int64_t index,
                      cv::Mat& image, cv::Mat& mask);

class BatchLoader {
public:
  BatchLoader(std::vector<LoaderItem> items, BatchLoaderOptions options);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  std::int64_t size() const { return std::int64_t(items_.size()); }
  std::int64_t batchesPerEpoch() const;
  // Item order of an epoch (shuffled with the seed when options.shuffle).
  std::vector<std::int64_t> epochOrder(int epoch) const;

  // Starts (or restarts) an epoch; batches of a previous epoch still in flight are discarded.
  void startEpoch(int epoch);
  // The next batch of the current epoch, or nullopt after the last one. Blocks until it is ready.
  // Throws Cancelled when `cancel` is set, InputError (naming the file) when an item cannot be read.
  std::optional<Batch> next(const CancelToken& cancel);

private:
  struct Slot {
    std::optional<Batch> batch;
    std::exception_ptr error;
  };
  Batch buildBatch(int epoch, const std::vector<std::int64_t>& globalIndices) const;
  Batch buildRows(int epoch, const std::vector<std::int64_t>& indices) const;
  void workerLoop();

  std::vector<LoaderItem> items_;
  BatchLoaderOptions options_;

  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::uint64_t generation_ = 0;
  int epoch_ = -1;
  std::vector<std::vector<std::int64_t>> batches_;  // item indices of each batch of the epoch
  std::int64_t nextToBuild_ = 0;
  std::int64_t nextToYield_ = 0;
  std::map<std::int64_t, Slot> ready_;
  std::vector<std::thread> workers_;
};

}  // namespace arml::data
