#pragma once
// A least-recently-used cache of decoded tiles with a ceiling in bytes. GUI thread only: the
// workers that decode tiles hand their images to the GUI thread, which inserts them here.
#include <QHash>
#include <QImage>
#include <cstdint>
#include <list>

namespace arml::widgets {

// Which tile: layer 0 = slide pixels, 1 = class-mask overlay; level = display level of the view;
// (col, row) in tiles of that level.
struct TileKey {
  int layer = 0;
  int level = 0;
  int col = 0;
  int row = 0;
  bool operator==(const TileKey& o) const {
    return layer == o.layer && level == o.level && col == o.col && row == o.row;
  }
};
inline size_t qHash(const TileKey& k, size_t seed = 0) {
  return ::qHash((quint64(quint32(k.layer)) << 56) ^ (quint64(quint32(k.level)) << 48) ^
                     (quint64(quint32(k.col)) << 24) ^ quint64(quint32(k.row)),
                 seed);
}

class TileCache {
public:
  explicit TileCache(std::int64_t ceilingBytes) : ceiling_(ceilingBytes) {}

  // The tile, marked as most recently used; nullptr when absent. The pointer stays valid until
  // the next insert/clear.
  const QImage* find(const TileKey& key);
  bool contains(const TileKey& key) const { return index_.contains(key); }
  // Inserts (or replaces) a tile, then evicts least recently used tiles until the total is at
  // most the ceiling. A tile larger than the ceiling on its own is not kept.
  void insert(const TileKey& key, QImage image);
  void clear();
  // Drops every tile of one layer (e.g. when the overlay file changes).
  void removeLayer(int layer);
  void setCeiling(std::int64_t bytes);

  std::int64_t ceilingBytes() const { return ceiling_; }
  std::int64_t bytes() const { return bytes_; }
  std::int64_t peakBytes() const { return peak_; }  // highest total since construction / resetPeak()
  void resetPeak() { peak_ = bytes_; }
  int count() const { return static_cast<int>(index_.size()); }
  std::int64_t evictions() const { return evictions_; }

  static std::int64_t imageBytes(const QImage& image) { return static_cast<std::int64_t>(image.sizeInBytes()); }

private:
  struct Entry {
    TileKey key;
    QImage image;
  };
  void evictToCeiling();

  std::int64_t ceiling_;
  std::int64_t bytes_ = 0;
  std::int64_t peak_ = 0;
  std::int64_t evictions_ = 0;
  std::list<Entry> lru_;  // front = most recently used
  QHash<TileKey, std::list<Entry>::iterator> index_;
};

}  // namespace arml::widgets
