#include "widgets/slide_layer_painter.h"

#include <QPainter>

#include "widgets/slide_live_layer.h"
#include "widgets/slide_overlay_classes.h"
#include "widgets/slide_tile_scheduler.h"
#include "widgets/slide_viewport.h"
#include "widgets/tile_cache.h"

namespace arml::widgets {

SlideLayerPainter::SlideLayerPainter(QPainter& painter, const SlideViewport& viewport, TileCache& cache,
                                     const OverlayClassTable& classes)
    : p_(painter), viewport_(viewport), cache_(cache), classes_(classes) {}

QImage SlideLayerPainter::forPainting(int layer, const QImage& cached) const {
  return layer == SlideTileScheduler::SlideLayer ? cached : classes_.coloured(cached);
}

void SlideLayerPainter::drawPart(const QImage& image, const QRectF& covers, const QRectF& part) {
  const QRectF r = covers.intersected(part);
  if (r.isEmpty()) return;
  const double sx = image.width() / covers.width(), sy = image.height() / covers.height();
  const QRectF source((r.left() - covers.left()) * sx, (r.top() - covers.top()) * sy, r.width() * sx, r.height() * sy);
  p_.drawImage(QRectF(viewport_.toWidget(r.topLeft()), viewport_.toWidget(r.bottomRight())), image, source);
}

void SlideLayerPainter::drawTile(int layer, const QImage& tile, int level, int col, int row, const QRectF& clip) {
  const QRectF whole = viewport_.tileRectLevel0(level, col, row);
  if (clip.isNull()) {
    p_.drawImage(viewport_.screenRect(whole), forPainting(layer, tile));
    return;
  }
  drawPart(forPainting(layer, tile), whole, clip);
}

void SlideLayerPainter::drawLayer(int layer, int level, const QRectF& visible) {
  const TileRange v = viewport_.tilesCovering(level, visible);
  for (int row = v.row0; row <= v.row1; ++row)
    for (int col = v.col0; col <= v.col1; ++col) {
      if (const QImage* tile = cache_.find(TileKey{layer, level, col, row}))
        drawTile(layer, *tile, level, col, row, QRectF());
      else
        drawStandIns(layer, level, col, row);
    }
}

// The coarser levels with cached tiles over `area`, finest first, up to the first that covers it.
QVector<int> SlideLayerPainter::standInLevels(int layer, int level, const QRectF& area) const {
  QVector<int> levels;
  for (int l = level + 1; l < viewport_.levels().size(); ++l) {
    const TileRange c = viewport_.tilesCovering(l, area.adjusted(0, 0, -1e-6, -1e-6));
    bool any = false, all = true;
    for (int r = c.row0; r <= c.row1; ++r)
      for (int q = c.col0; q <= c.col1; ++q) {
        const bool has = cache_.contains(TileKey{layer, l, q, r});
        any |= has;
        all &= has;
      }
    if (any) levels.push_back(l);
    if (all) break;
  }
  return levels;
}

void SlideLayerPainter::drawStandIns(int layer, int level, int col, int row) {
  const QRectF area = viewport_.tileRectLevel0(level, col, row);
  const QVector<int> levels = standInLevels(layer, level, area);
  for (int i = levels.size() - 1; i >= 0; --i) {
    const int l = levels[i];
    const TileRange c = viewport_.tilesCovering(l, area.adjusted(0, 0, -1e-6, -1e-6));
    for (int r = c.row0; r <= c.row1; ++r)
      for (int q = c.col0; q <= c.col1; ++q)
        if (const QImage* t = cache_.find(TileKey{layer, l, q, r})) drawTile(layer, *t, l, q, r, area);
  }
}

void SlideLayerPainter::drawLiveLayer(const SlideLiveLayer& live, const QRectF& visible) {
  for (const LivePiece& piece : live.pieces()) {
    if (!piece.level0Rect.intersects(visible)) continue;
    drawPart(live.kind() == LiveLayerKind::ClassMask ? classes_.coloured(piece.image) : piece.image,
             piece.level0Rect, visible);
  }
}

}  // namespace arml::widgets
