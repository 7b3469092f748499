#pragma once
// The slide view's tile reads: which tiles of the current view (and a prefetch ring around it) to
// read, in which order, on a thread pool; late results of a replaced slide or overlay are dropped;
// arrived tiles go to the TileCache. A tile that cannot be decoded is stored as a placeholder
// (grey hatched slide tile, background overlay tile) so that the view completes, and the first
// failure since the slide was set is reported.
//
// Threads: this object, its cache and its signals live on the GUI thread; the reads run on the
// pool and hand their result back through a queued call.
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QVector>
#include <memory>

#include "widgets/slide_viewport.h"
#include "widgets/tile_cache.h"

namespace arml::slide {
class SlideReader;
class MaskPyramidReader;
}  // namespace arml::slide

namespace arml::widgets {

class SlideTileScheduler : public QObject {
  Q_OBJECT
public:
  enum Layer { SlideLayer = 0, OverlayLayer = 1 };

  explicit SlideTileScheduler(std::int64_t cacheCeilingBytes, QObject* parent = nullptr);
  ~SlideTileScheduler() override;  // drops the queued reads and waits for the running ones

  // A new slide (or none) with its display levels: drops every queued read, the cache and the
  // overlay.
  void setSlide(std::shared_ptr<const slide::SlideReader> reader, const QVector<DisplayLevel>& levels);
  // A new overlay (or none): drops its queued reads and cached tiles.
  void setOverlay(std::shared_ptr<const slide::MaskPyramidReader> overlay);
  // The colour table overlay tiles are stored with (they are drawn with the current one anyway).
  void setOverlayColourTable(const QVector<QRgb>& table) { colourTable_ = table; }
  // The view moved: tiles delivered for the previous view may be requested again.
  void viewMoved() { deliveredInView_.clear(); }
  // Queues the reads of the current level's tiles in the view and a ring around it (visible tiles
  // first, nearest the centre first, slide before overlay) and drops the queued reads no longer
  // needed.
  void request(const SlideViewport& viewport, bool withOverlay);
  // Visible tiles of the current level not yet cached.
  int missingVisible(const SlideViewport& viewport, bool withOverlay) const;

  TileCache& cache() { return cache_; }
  const TileCache& cache() const { return cache_; }
  int pendingCount() const { return pending_.size(); }
  std::int64_t tilesDecoded() const { return tilesDecoded_; }

Q_SIGNALS:
  void tileStored();                         // a tile went into the cache
  void readFailed(const QString& message);  // the first failure since the slide was set

private:
  struct Pending;
  void submit(const TileKey& key, int priority);
  void arrived(const TileKey& key, quint64 generation, const QImage& image, const QString& error);
  QImage placeholder(const TileKey& key) const;
  void cancelPending(bool overlayOnly);

  std::shared_ptr<const slide::SlideReader> slide_;
  std::shared_ptr<const slide::MaskPyramidReader> overlay_;
  QVector<DisplayLevel> levels_;
  QVector<QRgb> colourTable_;
  quint64 slideGeneration_ = 0;    // changes with the slide: late tiles of another slide are dropped
  quint64 overlayGeneration_ = 0;  // same for the overlay
  bool failureReported_ = false;
  TileCache cache_;
  QHash<TileKey, std::shared_ptr<Pending>> pending_;
  QSet<TileKey> deliveredInView_;  // not requested again until the view moves (if evicted at once)
  std::int64_t tilesDecoded_ = 0;
  QThreadPool pool_;  // declared last: destroyed (and waited for) first
};

}  // namespace arml::widgets
