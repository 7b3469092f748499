#include "widgets/slide_tile_scheduler.h"

#include <QPainter>
#include <QPointer>
#include <QRunnable>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>

#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "widgets/slide_tile_reader.h"

namespace arml::widgets {

// One queued tile read. `cancelled` is set when the view no longer needs the tile before a
// worker has started it.
struct SlideTileScheduler::Pending {
  std::atomic<bool> cancelled{false};
};

namespace {
class TileTask : public QRunnable {
public:
  std::function<void()> work;
  void run() override { work(); }
};
}  // namespace

SlideTileScheduler::SlideTileScheduler(std::int64_t cacheCeilingBytes, QObject* parent)
    : QObject(parent), cache_(cacheCeilingBytes) {
  pool_.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
}

SlideTileScheduler::~SlideTileScheduler() {
  for (auto& p : pending_) p->cancelled = true;
  pool_.clear();
  pool_.waitForDone();
}

void SlideTileScheduler::cancelPending(bool overlayOnly) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!overlayOnly || it.key().layer == OverlayLayer) {
      it.value()->cancelled = true;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

void SlideTileScheduler::setSlide(std::shared_ptr<const slide::SlideReader> reader,
                                  const QVector<DisplayLevel>& levels) {
  cancelPending(false);
  deliveredInView_.clear();
  cache_.clear();
  ++slideGeneration_;
  ++overlayGeneration_;
  slide_ = std::move(reader);
  overlay_.reset();
  levels_ = levels;
  failureReported_ = false;
}

void SlideTileScheduler::setOverlay(std::shared_ptr<const slide::MaskPyramidReader> overlay) {
  cancelPending(true);
  cache_.removeLayer(OverlayLayer);
  ++overlayGeneration_;
  overlay_ = std::move(overlay);
}

void SlideTileScheduler::request(const SlideViewport& viewport, bool withOverlay) {
  const int T = SlideViewport::kTileSize;
  const int level = viewport.currentLevel();
  const QRectF vis = viewport.visibleRegion();
  const TileRange v = viewport.tilesCovering(level, vis);
  const double span = T * viewport.levels()[level].downsample;
  // Prefetch the ring of tiles around the view, unless the cache cannot hold it together with
  // the visible tiles (then prefetched tiles would evict visible ones).
  TileRange ring = viewport.tilesCovering(level, vis.adjusted(-span, -span, span, span));
  const std::int64_t ringBytes = ring.count() * T * T * (withOverlay ? 5 : 4);
  if (ringBytes > cache_.ceilingBytes()) ring = v;
  const QPointF c = viewport.centre() / span;

  QSet<TileKey> wanted;
  for (int layer = SlideLayer; layer <= (withOverlay ? OverlayLayer : SlideLayer); ++layer)
    for (int row = ring.row0; row <= ring.row1; ++row)
      for (int col = ring.col0; col <= ring.col1; ++col) {
        const TileKey key{layer, level, col, row};
        wanted.insert(key);
        if (pending_.contains(key) || cache_.contains(key) || deliveredInView_.contains(key)) continue;
        const double dist = std::hypot(col + 0.5 - c.x(), row + 0.5 - c.y());
        // Visible tiles first (nearest the centre first), slide before overlay, then the ring.
        const int priority =
            (v.contains(col, row) ? 1000000 : 0) + (layer == SlideLayer ? 1000 : 0) - static_cast<int>(dist * 10);
        submit(key, priority);
      }
  // Queued reads the view has moved away from are dropped before they start.
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!wanted.contains(it.key())) {
      it.value()->cancelled = true;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

int SlideTileScheduler::missingVisible(const SlideViewport& viewport, bool withOverlay) const {
  const int level = viewport.currentLevel();
  const TileRange v = viewport.tilesCovering(level, viewport.visibleRegion());
  int missing = 0;
  for (int layer = SlideLayer; layer <= (withOverlay ? OverlayLayer : SlideLayer); ++layer)
    for (int row = v.row0; row <= v.row1; ++row)
      for (int col = v.col0; col <= v.col1; ++col)
        if (!cache_.contains(TileKey{layer, level, col, row})) ++missing;
  return missing;
}

void SlideTileScheduler::submit(const TileKey& key, int priority) {
  auto pending = std::make_shared<Pending>();
  pending_.insert(key, pending);
  const DisplayLevel level = levels_[key.level];
  const quint64 gen = key.layer == SlideLayer ? slideGeneration_ : overlayGeneration_;
  auto reader = slide_;
  auto overlay = overlay_;
  QPointer<SlideTileScheduler> self(this);
  auto* task = new TileTask;
  task->work = [self, key, pending, level, gen, reader, overlay] {
    if (pending->cancelled) return;
    QImage image;
    QString error;
    try {
      image = key.layer == SlideLayer ? readSlideTile(*reader, level, key.col, key.row)
                                      : readOverlayTile(*overlay, level, key.col, key.row);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    // Queued to the GUI thread; dropped by Qt if the scheduler is gone by then.
    if (self)
      QMetaObject::invokeMethod(
          self.data(), [self, key, gen, image, error] {
            if (self) self->arrived(key, gen, image, error);
          },
          Qt::QueuedConnection);
  };
  pool_.start(task, priority);
}

// A tile that cannot be decoded (truncated or damaged file): a grey hatched square, or background.
QImage SlideTileScheduler::placeholder(const TileKey& key) const {
  const QSize size = SlideViewport::tileSize(levels_[key.level], key.col, key.row);
  const int w = size.width(), h = size.height();
  if (key.layer == OverlayLayer) {
    QImage tile(w, h, QImage::Format_Indexed8);
    tile.fill(overlay_ ? overlay_->metadata().background : 4);
    return tile;
  }
  QImage tile(w, h, QImage::Format_RGB32);
  tile.fill(QColor(200, 200, 200));
  {
    QPainter p(&tile);
    p.setPen(QColor(150, 150, 150));
    for (int i = -h; i < w; i += 16) p.drawLine(i, 0, i + h, h);
  }
  return tile;
}

void SlideTileScheduler::arrived(const TileKey& key, quint64 generation, const QImage& image, const QString& error) {
  if (generation != (key.layer == SlideLayer ? slideGeneration_ : overlayGeneration_)) return;
  pending_.remove(key);
  ++tilesDecoded_;
  QImage tile = image;
  if (!error.isEmpty()) {
    // Shown as a placeholder so that the view completes, and reported once.
    tile = placeholder(key);
    if (!failureReported_) {
      failureReported_ = true;
      Q_EMIT readFailed(error);
    }
  }
  if (key.layer == OverlayLayer) tile.setColorTable(colourTable_);
  deliveredInView_.insert(key);
  cache_.insert(key, std::move(tile));
  Q_EMIT tileStored();
}

}  // namespace arml::widgets
