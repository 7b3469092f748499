#include "widgets/tile_cache.h"

namespace arml::widgets {

const QImage* TileCache::find(const TileKey& key) {
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it.value());
  return &lru_.front().image;
}

void TileCache::insert(const TileKey& key, QImage image) {
  auto it = index_.find(key);
  if (it != index_.end()) {
    bytes_ -= imageBytes(it.value()->image);
    lru_.erase(it.value());
    index_.erase(it);
  }
  const std::int64_t size = imageBytes(image);
  if (size > ceiling_) return;
  // Make room first so that the total never exceeds the ceiling, not even for a moment.
  while (!lru_.empty() && bytes_ + size > ceiling_) {
    bytes_ -= imageBytes(lru_.back().image);
    index_.remove(lru_.back().key);
    lru_.pop_back();
    ++evictions_;
  }
  lru_.push_front(Entry{key, std::move(image)});
  index_.insert(key, lru_.begin());
  bytes_ += size;
  peak_ = std::max(peak_, bytes_);
}

void TileCache::clear() {
  lru_.clear();
  index_.clear();
  bytes_ = 0;
}

void TileCache::removeLayer(int layer) {
  for (auto it = lru_.begin(); it != lru_.end();) {
    if (it->key.layer == layer) {
      bytes_ -= imageBytes(it->image);
      index_.remove(it->key);
      it = lru_.erase(it);
    } else {
      ++it;
    }
  }
}

void TileCache::setCeiling(std::int64_t bytes) {
  ceiling_ = bytes;
  evictToCeiling();
}

void TileCache::evictToCeiling() {
  while (!lru_.empty() && bytes_ > ceiling_) {
    bytes_ -= imageBytes(lru_.back().image);
    index_.remove(lru_.back().key);
    lru_.pop_back();
    ++evictions_;
  }
}

}  // namespace arml::widgets
