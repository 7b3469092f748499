#pragma once
// The slide view's region tool (a map tool in the QGIS sense): while on, the left button draws a
// region (level-0, clipped to the slide) instead of panning: a rectangle by dragging, or a polygon
// by clicking its corners and finishing it (double-click or Enter). The last region stays outlined
// until cleared. The view feeds it its input in widget coordinates and emits what it reports.
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <optional>

class QPainter;

namespace arml::widgets {

class SlideViewport;

enum class RegionToolShape { Rectangle, Polygon };

class SlideRegionTool {
public:
  void setOn(bool on);
  bool isOn() const { return on_; }
  void setShape(RegionToolShape shape);
  RegionToolShape shape() const { return shape_; }
  void clear();  // forgets the region and any region being drawn

  bool drawing() const { return drawing_; }
  bool drawingPolygon() const { return drawing_ && shape_ == RegionToolShape::Polygon; }
  QRectF region() const { return region_; }     // level 0; empty = none
  QPolygonF polygon() const { return polygon_; }  // the region's outline (closed)

  // Input in widget coordinates. A completed region comes back (its bounding rectangle); a click
  // without a drag (under 3 screen pixels either way) draws nothing.
  void press(const QPointF& widgetPos, const SlideViewport& viewport);
  void move(const QPointF& widgetPos, const SlideViewport& viewport);
  std::optional<QRectF> release(const QPointF& widgetPos, const SlideViewport& viewport);
  std::optional<QRectF> finishPolygon(const SlideViewport& viewport);

  // Outlines the region, or the polygon being drawn up to the cursor.
  void paint(QPainter& painter, const SlideViewport& viewport) const;

private:
  bool on_ = false;
  RegionToolShape shape_ = RegionToolShape::Rectangle;
  QPolygonF polygon_;  // level 0: the polygon being drawn, or the outline of the finished region
  QPointF hover_;      // widget position of the cursor while a polygon is drawn
  bool drawing_ = false;
  QPointF start_;  // level 0
  QRectF region_;  // level 0; empty = none
};

}  // namespace arml::widgets
