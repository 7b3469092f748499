#pragma once
// A whole-slide viewer: tiled, zoomable, with a class-mask overlay layer.
//
// Coordinates: "level-0" points are pixels of the slide's level 0; the view is a centre (level 0)
// and a scale (level-0 pixels per screen pixel). Tiles are 256x256 pixels of a *display level*:
// the slide's own levels plus, below the coarsest one, virtual levels (each half the previous)
// read from the coarsest real level and shrunk, so that a single-level slide zoomed out does not
// read hundreds of full-resolution tiles. The view draws the coarsest display level whose
// downsample is not above the screen scale; while its tiles load it shows the cached coarser ones
// (and the thumbnail) scaled.
//
// The view composes, in the QGIS style (canvas + render jobs + map tools): SlideViewport (the
// geometry), SlideOpener (opening on worker threads), SlideTileScheduler (tile reads and the
// cache), SlideLayerPainter (painting the layers), OverlayClassTable (class colours),
// SlideLiveLayer and SlideRegionTool.
//
// Threads: slides and overlays are opened and tiles decoded on worker threads (a QThreadPool of the
// view, QtConcurrent for opening); this object and its TileCache live on the GUI thread only.
#include <QImage>
#include <QPointer>
#include <QPolygonF>
#include <QThreadPool>
#include <QVector>
#include <QWidget>
#include <memory>
#include <optional>

#include "widgets/slide_live_layer.h"
#include "widgets/slide_opener.h"
#include "widgets/slide_overlay_classes.h"
#include "widgets/slide_region_tool.h"
#include "widgets/slide_tile_scheduler.h"
#include "widgets/slide_viewport.h"
#include "widgets/tile_cache.h"

namespace arml::slide {
class SlideReader;
class MaskPyramidReader;
}  // namespace arml::slide

namespace arml::widgets {

class Minimap;

class SlideView : public QWidget {
  Q_OBJECT
public:
  static constexpr int kTileSize = SlideViewport::kTileSize;
  enum Layer { SlideLayer = SlideTileScheduler::SlideLayer, OverlayLayer = SlideTileScheduler::OverlayLayer };
  // A live layer is computed in-process for part of the slide ("predict this view", a CAM heat
  // map) and handed over piece by piece. Class masks are Indexed8 class values drawn with the
  // overlay's class colours and visibility; heat maps are ARGB32 images drawn as they are. Both
  // follow the overlay's opacity and visibility (`O`).
  using LiveKind = LiveLayerKind;

  explicit SlideView(QWidget* parent = nullptr);
  ~SlideView() override;

  // Opens a slide on a worker thread; emits slideOpened() or openFailed(message).
  void openSlide(const QString& path);
  // Shows a slide opened elsewhere (its thumbnail is read on a worker thread).
  void setSlide(std::shared_ptr<const slide::SlideReader> reader);
  void closeSlide();
  const slide::SlideReader* slide() const { return slide_.get(); }
  std::shared_ptr<const slide::SlideReader> sharedSlide() const { return slide_; }
  QString slidePath() const { return slidePath_; }
  bool isOpening() const { return opener_.isOpening(); }

  // Class-mask pyramid overlay (written by slide inference). Opened on a worker thread; emits
  // overlayOpened() or overlayFailed(message).
  void openOverlay(const QString& path);
  void setOverlay(std::shared_ptr<const slide::MaskPyramidReader> overlay);
  void clearOverlay();
  bool hasOverlay() const { return overlay_ != nullptr; }
  std::shared_ptr<const slide::MaskPyramidReader> sharedOverlay() const { return overlay_; }
  bool overlayVisible() const { return overlayVisible_; }
  void setOverlayVisible(bool visible);
  double overlayOpacity() const { return overlayOpacity_; }
  void setOverlayOpacity(double opacity);  // 0..1
  const QVector<OverlayClass>& overlayClasses() const { return classes_.classes(); }
  void setClassVisible(int classIndex, bool visible);
  // Classes for a live class-mask layer while no pyramid overlay is open (a pyramid's own classes
  // replace them when it opens). `background` is drawn transparent.
  void setOverlayClasses(const QVector<OverlayClass>& classes, int background);

  // Live layer (see LiveKind). startLiveLayer drops the previous pieces.
  void startLiveLayer(LiveKind kind);
  void addLivePiece(const QRectF& level0Rect, const QImage& image);
  void setLivePieces(const QVector<LivePiece>& pieces);  // replaces them all (e.g. recoloured)
  void clearLiveLayer();
  LiveKind liveKind() const { return live_.kind(); }
  const QVector<LivePiece>& livePieces() const { return live_.pieces(); }
  bool hasAnyOverlay() const { return overlay_ != nullptr || live_.isOn(); }

  // Region tool: while on, the left button draws a region (level-0, clipped to the slide) instead
  // of panning: a rectangle by dragging, or a polygon by clicking its corners and double-clicking
  // (or Enter) to close it. regionDrawn(bounding rectangle) is emitted when it is complete. The last
  // region stays outlined until cleared; Esc cancels.
  using RegionShape = RegionToolShape;
  void setRegionTool(bool on);
  bool regionTool() const { return regionTool_.isOn(); }
  void setRegionShape(RegionShape shape);
  RegionShape regionShape() const { return regionTool_.shape(); }
  QRectF selectedRegion() const { return regionTool_.region(); }
  QPolygonF selectedPolygon() const { return regionTool_.polygon(); }  // the region's outline (closed)
  void clearRegion();

  // The view.
  double scale() const { return viewport_.scale(); }  // level-0 pixels per screen pixel
  QPointF centre() const { return viewport_.centre(); }
  void setView(const QPointF& level0Centre, double scale);
  void centreOn(const QPointF& level0Point) { setView(level0Point, scale()); }
  // Zooms by `factor` (> 1 = magnify) keeping the slide point under `anchor` (widget pixels) fixed.
  void zoomBy(double factor, const QPointF& anchor);
  void zoomBy(double factor) { zoomBy(factor, QPointF(width() / 2.0, height() / 2.0)); }
  void panBy(const QPointF& screenDelta);  // moves the content by this many screen pixels
  void fitToWindow();
  double fitScale() const;
  QRectF visibleRegion() const;  // level-0 rectangle shown (may extend past the slide)
  QPointF toSlide(const QPointF& widgetPos) const;
  QPointF toWidget(const QPointF& level0Point) const;
  std::optional<double> umPerScreenPixel() const;

  const QVector<DisplayLevel>& displayLevels() const { return viewport_.levels(); }
  int currentLevel() const;  // display level drawn at the current scale (-1: no slide)
  // True for a slide too large to show whole (a huge image without a pyramid): the view then stops
  // zooming out at maxScale() and shows no thumbnail or minimap.
  bool overviewLimited() const { return viewport_.overviewLimited(); }
  double maxScale() const;  // the coarsest scale the view allows

  // Tiles.
  TileCache& cache() { return tiles_.cache(); }
  const TileCache& cache() const { return tiles_.cache(); }
  void setCacheCeiling(std::int64_t bytes) { tiles_.cache().setCeiling(bytes); }
  int missingVisibleTiles() const;  // visible tiles of the current level not yet cached (both layers)
  bool isViewComplete() const { return slide_ && missingVisibleTiles() == 0; }
  int pendingTiles() const { return tiles_.pendingCount(); }
  std::int64_t tilesDecoded() const { return tiles_.tilesDecoded(); }
  Minimap* minimap() const { return minimap_; }
  void setPlaceholderText(const QString& text);

Q_SIGNALS:
  void slideOpened();
  void openFailed(const QString& message);
  void overlayOpened();
  void overlayFailed(const QString& message);
  void tileReadFailed(const QString& message);  // the first failure since the slide was opened
  void overlayVisibilityChanged(bool visible);
  void viewChanged();
  void viewComplete();  // every visible tile of the current view has arrived
  void regionDrawn(const QRectF& level0Rect);
  void regionToolChanged(bool on);

protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

private:
  // The geometry at the widget's current size (QWidget::size() changes before resizeEvent()).
  const SlideViewport& viewport() const;
  SlideViewport& viewport();
  void buildClasses();
  void viewMoved();
  void requestTiles();
  void tileStored();
  void checkComplete();
  bool overlayTilesShown() const { return overlay_ && overlayVisible_; }
  void thumbnailRead(const QImage& thumbnail);
  void slideArrived(std::shared_ptr<const slide::SlideReader> reader, const QString& path);
  void finishRegionPolygon();
  void paintSlide(QPainter& p);
  void paintZoomReadout(QPainter& p);
  void layoutChildren();

  std::shared_ptr<const slide::SlideReader> slide_;
  std::shared_ptr<const slide::MaskPyramidReader> overlay_;
  QString slidePath_;
  QImage thumbnail_;
  OverlayClassTable classes_;
  bool overlayVisible_ = true;
  double overlayOpacity_ = 0.5;
  SlideLiveLayer live_;
  SlideRegionTool regionTool_;

  mutable SlideViewport viewport_;
  SlideOpener opener_;
  bool completeReported_ = false;
  QPoint dragLast_;
  bool dragging_ = false;
  QString placeholder_;

  Minimap* minimap_;
  SlideTileScheduler tiles_;  // declared last: destroyed (and its reads waited for) first
};

}  // namespace arml::widgets
