#include "tensors/batch_loader.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "data/augmentation.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "tensors/image_tensor.h"

namespace arml::data {

namespace {

std::string sizeText(const cv::Mat& m) { return std::to_string(m.cols) + "x" + std::to_string(m.rows); }

}  // namespace

std::vector<LoaderItem> loaderItems(const std::vector<LabelledItem>& items) {
  std::vector<LoaderItem> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back({i.image, std::vector<float>(i.label.begin(), i.label.end()), {}});
  return out;
}

std::vector<LoaderItem> loaderItems(const std::vector<MaskedItem>& items) {
  std::vector<LoaderItem> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back({i.image, {}, i.mask});
  return out;
}

void loadLoaderSample(const LoaderItem& item, const BatchLoaderOptions& options, int epoch, std::int64_t index,
                      cv::Mat& image, cv::Mat& mask) {
  image = readRgbImage(item.image);
  mask = cv::Mat();
  if (!item.mask.empty()) {
    mask = readIndexMask(item.mask);
    if (mask.size() != image.size())
      throw InputError(item.mask.string(), "mask is " + sizeText(mask) + " but its image " + item.image.string() +
                                               " is " + sizeText(image));
  }
  const int p = options.patchSize;
  if (p > 0 && (image.cols != p || image.rows != p)) {
    const bool shrink = image.cols >= p && image.rows >= p;
    cv::resize(image, image, cv::Size(p, p), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
    if (!mask.empty()) cv::resize(mask, mask, cv::Size(p, p), 0, 0, cv::INTER_NEAREST);
  }
  if (options.augmentation == Augmentation::None) return;
  AugmentRng rng(sampleSeed(options.seed, std::uint64_t(epoch), std::uint64_t(index)));
  if (options.augmentation == Augmentation::Stage1)
    augmentStage1(image, rng);
  else
    augmentStage2(image, {&mask}, rng);
}

BatchLoader::BatchLoader(std::vector<LoaderItem> items, BatchLoaderOptions options)
    : items_(std::move(items)), options_(options) {
  if (options_.batchSize < 1) throw InputError("--batch " + std::to_string(options_.batchSize), "must be at least 1");
  if (options_.prefetch < 1) options_.prefetch = 1;
  for (const auto& item : items_)
    if (item.label.size() != items_.front().label.size())
      throw InputError(item.image.string(), "label length differs from the other items");
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { workerLoop(); });
}

BatchLoader::~BatchLoader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& t : workers_) t.join();
}

std::int64_t BatchLoader::batchesPerEpoch() const {
  const std::int64_t n = size(), b = options_.batchSize;
  return options_.dropLast ? n / b : (n + b - 1) / b;
}

std::vector<std::int64_t> BatchLoader::epochOrder(int epoch) const {
  std::vector<std::int64_t> order(items_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = std::int64_t(i);
  if (!options_.shuffle) return order;
  AugmentRng rng(sampleSeed(options_.seed ^ 0x5eed5eed5eed5eedull, std::uint64_t(epoch), ~0ull));
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[std::size_t(rng() % i)]);
  return order;
}

void BatchLoader::startEpoch(int epoch) {
  const std::vector<std::int64_t> order = epochOrder(epoch);
  std::vector<std::vector<std::int64_t>> batches;
  const std::int64_t n = std::int64_t(order.size()), b = options_.batchSize;
  for (std::int64_t start = 0; start < n; start += b) {
    const std::int64_t end = std::min(n, start + b);
    if (end - start < b && options_.dropLast) break;
    batches.emplace_back(order.begin() + start, order.begin() + end);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
    epoch_ = epoch;
    batches_ = std::move(batches);
    nextToBuild_ = 0;
    nextToYield_ = 0;
    ready_.clear();
  }
  changed_.notify_all();
}

std::optional<Batch> BatchLoader::next(const CancelToken& cancel) {
  cancel.throwIfCancelled();
  std::unique_lock<std::mutex> lock(mutex_);
  if (epoch_ < 0) throw RuntimeFailure("BatchLoader::next called before startEpoch");
  if (nextToYield_ >= std::int64_t(batches_.size())) return std::nullopt;
  const std::int64_t want = nextToYield_;
  Slot slot;
  if (workers_.empty()) {
    const std::vector<std::int64_t> indices = batches_[std::size_t(want)];
    const int epoch = epoch_;
    lock.unlock();
    cancel.throwIfCancelled();
    try {
      slot.batch = buildBatch(epoch, indices);
    } catch (...) {
      slot.error = std::current_exception();
    }
    lock.lock();
  } else {
    while (!ready_.count(want)) {
      if (cancel.isCancelled()) throw Cancelled();
      changed_.wait_for(lock, std::chrono::milliseconds(50));
    }
    slot = std::move(ready_[want]);
    ready_.erase(want);
  }
  ++nextToYield_;
  lock.unlock();
  changed_.notify_all();
  if (slot.error) std::rethrow_exception(slot.error);
  return std::move(slot.batch);
}

void BatchLoader::workerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] {
      return stopping_ || (nextToBuild_ < std::int64_t(batches_.size()) && nextToBuild_ < nextToYield_ + options_.prefetch);
    });
    if (stopping_) return;
    const std::int64_t b = nextToBuild_++;
    const std::uint64_t generation = generation_;
    const int epoch = epoch_;
    const std::vector<std::int64_t> indices = batches_[std::size_t(b)];
    lock.unlock();
    Slot slot;
    try {
      slot.batch = buildBatch(epoch, indices);
    } catch (...) {
      slot.error = std::current_exception();
    }
    lock.lock();
    if (generation == generation_) {
      ready_[b] = std::move(slot);
      changed_.notify_all();
    }
  }
}

Batch BatchLoader::buildBatch(int epoch, const std::vector<std::int64_t>& globalIndices) const {
  const std::int64_t globalSize = std::int64_t(globalIndices.size());
  const BatchRows rows = options_.rowsOfRank ? options_.rowsOfRank(globalSize) : BatchRows{0, globalSize};
  if (rows.begin < 0 || rows.size < 0 || rows.begin + rows.size > globalSize)
    throw RuntimeFailure("BatchLoader: rows " + std::to_string(rows.begin) + "+" + std::to_string(rows.size) +
                         " outside a batch of " + std::to_string(globalSize));
  Batch batch;
  if (rows.size > 0) {
    batch = buildRows(epoch, {globalIndices.begin() + rows.begin, globalIndices.begin() + rows.begin + rows.size});
  } else {  // an empty slice: zero rows shaped like the batch's first item (decoded for its size only)
    batch = buildRows(epoch, {globalIndices.front()});
    batch.images = batch.images.narrow(0, 0, 0);
    if (batch.labels.defined()) batch.labels = batch.labels.narrow(0, 0, 0);
    if (batch.masks.defined()) batch.masks = batch.masks.narrow(0, 0, 0);
    batch.indices.clear();
    batch.paths.clear();
  }
  batch.globalSize = globalSize;
  batch.sliceBegin = rows.begin;
  return batch;
}

Batch BatchLoader::buildRows(int epoch, const std::vector<std::int64_t>& indices) const {
  const std::int64_t n = std::int64_t(indices.size());
  Batch batch;
  std::vector<cv::Mat> images(indices.size()), masks(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const LoaderItem& item = items_[std::size_t(indices[i])];
    loadLoaderSample(item, options_, epoch, indices[i], images[i], masks[i]);
    if (images[i].size() != images[0].size())
      throw InputError(item.image.string(), "image is " + sizeText(images[i]) + " but " +
                                                items_[std::size_t(indices[0])].image.string() + " in the same batch is " +
                                                sizeText(images[0]) + " (give a patch size or use batch size 1)");
    if (masks[i].empty() != masks[0].empty())
      throw InputError(item.image.string(), "some items of the batch have masks and others do not");
    batch.indices.push_back(indices[i]);
    batch.paths.push_back(item.image.string());
  }
  const int h = images[0].rows, w = images[0].cols;
  batch.images = rgbBatchToTensor(images);
  const std::size_t k = items_[std::size_t(indices[0])].label.size();
  if (k > 0) {
    batch.labels = at::empty({n, std::int64_t(k)}, at::kFloat);
    float* l = batch.labels.data_ptr<float>();
    for (std::size_t i = 0; i < indices.size(); ++i)
      std::memcpy(l + i * k, items_[std::size_t(indices[i])].label.data(), k * sizeof(float));
  }
  if (!masks[0].empty()) {
    batch.masks = at::empty({n, h, w}, at::kLong);
    std::int64_t* m = batch.masks.data_ptr<std::int64_t>();
    const std::size_t plane = std::size_t(h) * std::size_t(w);
    for (std::size_t i = 0; i < masks.size(); ++i)
      for (int y = 0; y < h; ++y) {
        const unsigned char* p = masks[i].ptr<unsigned char>(y);
        for (int x = 0; x < w; ++x) m[i * plane + std::size_t(y) * std::size_t(w) + std::size_t(x)] = p[x];
      }
  }
  return batch;
}

}  // namespace arml::data
