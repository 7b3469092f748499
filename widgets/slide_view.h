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

#include "widgets/tile_cache.h"

namespace arml::slide {
class SlideReader;
class MaskPyramidReader;
}  // namespace arml::slide

namespace arml::widgets {

class Minimap;

struct DisplayLevel {
  double downsample = 1.0;    // level-0 pixels per pixel of this level
  int sourceLevel = 0;        // slide level that is read
  std::int64_t width = 0;     // size in pixels of this level
  std::int64_t height = 0;
  bool isVirtual() const { return virtual_; }
  bool virtual_ = false;
};

struct OverlayClass {
  QString name;
  QColor colour;
  bool visible = true;
};

// One piece of a live layer: an image covering a level-0 rectangle of the slide.
struct LivePiece {
  QRectF level0Rect;
  QImage image;
};

class SlideView : public QWidget {
  Q_OBJECT
public:
  static constexpr int kTileSize = 256;
  enum Layer { SlideLayer = 0, OverlayLayer = 1 };
  // A live layer is computed in-process for part of the slide ("predict this view", a CAM heat
  // map) and handed over piece by piece. Class masks are Indexed8 class values drawn with the
  // overlay's class colours and visibility; heat maps are ARGB32 images drawn as they are. Both
  // follow the overlay's opacity and visibility (`O`).
  enum class LiveKind { None, ClassMask, HeatMap };

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
  bool isOpening() const { return opening_; }

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
  const QVector<OverlayClass>& overlayClasses() const { return classes_; }
  void setClassVisible(int classIndex, bool visible);
  // Classes for a live class-mask layer while no pyramid overlay is open (a pyramid's own classes
  // replace them when it opens). `background` is drawn transparent.
  void setOverlayClasses(const QVector<OverlayClass>& classes, int background);

  // Live layer (see LiveKind). startLiveLayer drops the previous pieces.
  void startLiveLayer(LiveKind kind);
  void addLivePiece(const QRectF& level0Rect, const QImage& image);
  void setLivePieces(const QVector<LivePiece>& pieces);  // replaces them all (e.g. recoloured)
  void clearLiveLayer();
  LiveKind liveKind() const { return liveKind_; }
  const QVector<LivePiece>& livePieces() const { return livePieces_; }
  bool hasAnyOverlay() const { return overlay_ != nullptr || liveKind_ != LiveKind::None; }

  // Region tool: while on, the left button draws a region (level-0, clipped to the slide) instead
  // of panning: a rectangle by dragging, or a polygon by clicking its corners and double-clicking
  // (or Enter) to close it. regionDrawn(bounding rectangle) is emitted when it is complete. The last
  // region stays outlined until cleared; Esc cancels.
  enum class RegionShape { Rectangle, Polygon };
  void setRegionTool(bool on);
  bool regionTool() const { return regionTool_; }
  void setRegionShape(RegionShape shape);
  RegionShape regionShape() const { return regionShape_; }
  QRectF selectedRegion() const { return region_; }
  QPolygonF selectedPolygon() const { return polygon_; }  // the region's outline (closed)
  void clearRegion();

  // The view.
  double scale() const { return scale_; }  // level-0 pixels per screen pixel
  QPointF centre() const { return centre_; }
  void setView(const QPointF& level0Centre, double scale);
  void centreOn(const QPointF& level0Point) { setView(level0Point, scale_); }
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

  const QVector<DisplayLevel>& displayLevels() const { return levels_; }
  int currentLevel() const;  // display level drawn at the current scale (-1: no slide)
  // True for a slide too large to show whole (a huge image without a pyramid): the view then stops
  // zooming out at maxScale() and shows no thumbnail or minimap.
  bool overviewLimited() const { return overviewLimited_; }
  double maxScale() const;  // the coarsest scale the view allows

  // Tiles.
  TileCache& cache() { return cache_; }
  const TileCache& cache() const { return cache_; }
  void setCacheCeiling(std::int64_t bytes) { cache_.setCeiling(bytes); }
  int missingVisibleTiles() const;  // visible tiles of the current level not yet cached (both layers)
  bool isViewComplete() const { return slide_ && missingVisibleTiles() == 0; }
  int pendingTiles() const { return pending_.size(); }
  std::int64_t tilesDecoded() const { return tilesDecoded_; }
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
  struct TileRange {
    int col0 = 0, row0 = 0, col1 = -1, row1 = -1;  // inclusive
  };
  struct Pending;
  void buildLevels();
  void buildClasses();
  void viewMoved();
  void requestTiles();
  void submit(const TileKey& key, int priority);
  void tileArrived(const TileKey& key, quint64 generation, const QImage& image, const QString& error);
  void checkComplete();
  TileRange tilesCovering(int level, const QRectF& level0Rect) const;
  QRectF tileRectLevel0(int level, int col, int row) const;
  QRect screenRect(const QRectF& level0Rect) const;
  void drawLayer(QPainter& p, int layer, int level, const QRectF& visible);
  void drawTile(QPainter& p, int layer, const QImage& tile, int level, int col, int row, const QRectF& clip);
  void drawPart(QPainter& p, const QImage& image, const QRectF& covers, const QRectF& part);
  void drawLiveLayer(QPainter& p, const QRectF& visible);
  void drawRegion(QPainter& p);
  void layoutChildren();
  QImage tileForPainting(int layer, const QImage& cached) const;
  void clampView();

  std::shared_ptr<const slide::SlideReader> slide_;
  std::shared_ptr<const slide::MaskPyramidReader> overlay_;
  QString slidePath_;
  QImage thumbnail_;
  QVector<DisplayLevel> levels_;
  QVector<OverlayClass> classes_;
  QVector<QRgb> colourTable_;
  bool overlayVisible_ = true;
  double overlayOpacity_ = 0.5;
  QVector<OverlayClass> fallbackClasses_;  // setOverlayClasses(), used without a pyramid
  int fallbackBackground_ = 4;
  LiveKind liveKind_ = LiveKind::None;
  QVector<LivePiece> livePieces_;
  bool regionTool_ = false;
  RegionShape regionShape_ = RegionShape::Rectangle;
  QPolygonF polygon_;    // level 0: the polygon being drawn, or the outline of the finished region
  QPointF hover_;        // widget position of the cursor while a polygon is drawn
  void finishPolygon();
  bool drawingRegion_ = false;
  QPointF regionStart_;  // level 0
  QRectF region_;        // level 0; empty = none

  QPointF centre_;
  double scale_ = 1.0;
  bool opening_ = false;
  bool overviewLimited_ = false;
  quint64 openGeneration_ = 0;
  quint64 slideGeneration_ = 0;    // changes with the slide: late tiles of another slide are dropped
  quint64 overlayGeneration_ = 0;  // same for the overlay
  bool failureReported_ = false;
  bool completeReported_ = false;
  QPoint dragLast_;
  bool dragging_ = false;
  QString placeholder_;

  TileCache cache_;
  QHash<TileKey, std::shared_ptr<Pending>> pending_;
  QSet<TileKey> deliveredInView_;  // not requested again until the view moves (if evicted at once)
  std::int64_t tilesDecoded_ = 0;
  Minimap* minimap_;
  QThreadPool pool_;  // declared last: destroyed (and waited for) first
};

}  // namespace arml::widgets
