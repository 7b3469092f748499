#pragma once
// The slide view's geometry, without a widget: the display levels of a slide, the view (a centre
// in level-0 pixels and a scale in level-0 pixels per screen pixel) over a widget of a given size,
// the level drawn at that scale, the conversions between widget and level-0 coordinates, and the
// tiles covering a level-0 rectangle.
//
// Display levels are the slide's own levels plus virtual ones (each half the previous) read from a
// real level and shrunk: in a gap of the pyramid, and below the coarsest level until the whole
// slide fits in one tile, so that a single-level slide zoomed out does not read hundreds of
// full-resolution tiles. Tiles are kTileSize x kTileSize pixels of a display level.
#include <QPointF>
#include <QRect>
#include <QRectF>
#include <QSize>
#include <QVector>
#include <cstdint>
#include <vector>

namespace arml::slide {
struct SlideLevel;
}  // namespace arml::slide

namespace arml::widgets {

struct DisplayLevel {
  double downsample = 1.0;    // level-0 pixels per pixel of this level
  int sourceLevel = 0;        // slide level that is read
  std::int64_t width = 0;     // size in pixels of this level
  std::int64_t height = 0;
  bool isVirtual() const { return virtual_; }
  bool virtual_ = false;
};

// Inclusive range of tile columns and rows of one display level (empty when col1 < col0).
struct TileRange {
  int col0 = 0, row0 = 0, col1 = -1, row1 = -1;
  bool contains(int col, int row) const { return col >= col0 && col <= col1 && row >= row0 && row <= row1; }
  std::int64_t count() const { return std::int64_t(col1 - col0 + 1) * (row1 - row0 + 1); }
};

class SlideViewport {
public:
  static constexpr int kTileSize = 256;
  static constexpr double kMinScale = 1.0 / 16.0;  // at most 16 screen pixels per level-0 pixel
  static constexpr double kMaxVirtualRatio = 16.0;  // a virtual tile reads at most 4096 x 4096 source pixels
  static constexpr std::int64_t kMaxOverviewSide = 2048;  // coarsest display level for a whole-slide overview

  // The slide's levels (level 0 first); empty: no slide. Builds the display levels.
  void setSlide(const std::vector<slide::SlideLevel>& levels);
  bool hasSlide() const { return !levels_.isEmpty(); }
  std::int64_t slideWidth() const { return slideWidth_; }
  std::int64_t slideHeight() const { return slideHeight_; }
  QRectF slideRect() const { return QRectF(0, 0, double(slideWidth_), double(slideHeight_)); }
  const QVector<DisplayLevel>& levels() const { return levels_; }
  // True for a slide too large to show whole (a huge image without a pyramid): the view then stops
  // zooming out at maxScale().
  bool overviewLimited() const { return overviewLimited_; }

  // The widget's size in screen pixels.
  void setWidgetSize(QSize size) { widgetSize_ = size; }
  QSize widgetSize() const { return widgetSize_; }

  double scale() const { return scale_; }
  QPointF centre() const { return centre_; }
  // Sets the view, clamped to the slide and the allowed scales when a slide is set.
  void setView(const QPointF& level0Centre, double scale);
  void clamp();
  // The view after zooming by `factor` (> 1 = magnify) keeping the slide point under `anchor`
  // (widget pixels) fixed; false (and nothing changes) without a slide or for a factor <= 0.
  bool zoomBy(double factor, const QPointF& anchor);
  void panBy(const QPointF& screenDelta) { setView(centre_ - screenDelta * scale_, scale_); }
  void fit();
  double fitScale() const;  // the whole slide in the widget
  double maxScale() const;  // the coarsest scale the view allows

  int currentLevel() const;      // display level drawn at the current scale (-1: no slide)
  QRectF visibleRegion() const;  // level-0 rectangle shown (may extend past the slide)
  QPointF toSlide(const QPointF& widgetPos) const;
  QPointF toWidget(const QPointF& level0Point) const;
  // Integer screen rectangle of a level-0 rectangle; neighbours share their edges exactly.
  QRect screenRect(const QRectF& level0Rect) const;

  TileRange tilesCovering(int level, const QRectF& level0Rect) const;
  QRectF tileRectLevel0(int level, int col, int row) const;
  // Pixel size of a tile of `level` (the last column and row are cut at the level's edge).
  static QSize tileSize(const DisplayLevel& level, int col, int row);

private:
  QVector<DisplayLevel> levels_;
  std::int64_t slideWidth_ = 0, slideHeight_ = 0;
  bool overviewLimited_ = false;
  QSize widgetSize_;
  QPointF centre_;
  double scale_ = 1.0;
};

}  // namespace arml::widgets
