#pragma once
// Paints the slide view's layers for one paint event (a render job in the QGIS sense): the tiles
// of a display level from the cache, standing in for missing ones with the cached tiles of coarser
// levels scaled up, and the live layer's pieces, each clipped to what is visible.
#include <QImage>
#include <QRectF>
#include <QVector>

class QPainter;

namespace arml::widgets {

class OverlayClassTable;
class SlideLiveLayer;
class SlideViewport;
class TileCache;

class SlideLayerPainter {
public:
  SlideLayerPainter(QPainter& painter, const SlideViewport& viewport, TileCache& cache,
                    const OverlayClassTable& classes);

  // Draws the part of `image` (which covers level-0 rectangle `covers`) that lies in `part`, so
  // that a small image scaled up far beyond the screen costs only what is visible.
  void drawPart(const QImage& image, const QRectF& covers, const QRectF& part);
  // Draws the visible tiles of `level` of a layer (SlideTileScheduler::Layer); where one is
  // missing, the cached tiles of the nearest coarser levels that cover it (scaled up), coarsest
  // first.
  void drawLayer(int layer, int level, const QRectF& visible);
  void drawLiveLayer(const SlideLiveLayer& live, const QRectF& visible);

private:
  QImage forPainting(int layer, const QImage& cached) const;
  void drawTile(int layer, const QImage& tile, int level, int col, int row, const QRectF& clip);
  void drawStandIns(int layer, int level, int col, int row);
  QVector<int> standInLevels(int layer, int level, const QRectF& area) const;

  QPainter& p_;
  const SlideViewport& viewport_;
  TileCache& cache_;  // find() marks a tile recently used
  const OverlayClassTable& classes_;
};

}  // namespace arml::widgets
