#include "widgets/slide_region_tool.h"

#include <QLineF>
#include <QPainter>
#include <algorithm>

#include "widgets/slide_viewport.h"

namespace arml::widgets {

void SlideRegionTool::setOn(bool on) {
  on_ = on;
  drawing_ = false;
  if (!on && region_.isEmpty()) polygon_.clear();
}

void SlideRegionTool::setShape(RegionToolShape shape) {
  shape_ = shape;
  drawing_ = false;
}

void SlideRegionTool::clear() {
  region_ = QRectF();
  polygon_.clear();
  drawing_ = false;
}

void SlideRegionTool::press(const QPointF& widgetPos, const SlideViewport& vp) {
  const QRectF slideRect = vp.slideRect();
  const QPointF at = vp.toSlide(widgetPos);
  if (shape_ == RegionToolShape::Polygon) {
    if (!drawing_) polygon_.clear();
    drawing_ = true;
    region_ = QRectF();
    polygon_ << QPointF(std::clamp(at.x(), 0.0, slideRect.right()), std::clamp(at.y(), 0.0, slideRect.bottom()));
    hover_ = widgetPos;
  } else {
    drawing_ = true;
    start_ = at;
    region_ = QRectF();
    polygon_.clear();
  }
}

void SlideRegionTool::move(const QPointF& widgetPos, const SlideViewport& vp) {
  if (shape_ == RegionToolShape::Polygon) hover_ = widgetPos;
  else region_ = QRectF(start_, vp.toSlide(widgetPos)).normalized().intersected(vp.slideRect());
}

std::optional<QRectF> SlideRegionTool::release(const QPointF& widgetPos, const SlideViewport& vp) {
  drawing_ = false;
  region_ = QRectF(start_, vp.toSlide(widgetPos)).normalized().intersected(vp.slideRect());
  if (region_.width() < 3 * vp.scale() || region_.height() < 3 * vp.scale()) region_ = QRectF();
  polygon_.clear();
  if (region_.isEmpty()) return std::nullopt;
  polygon_ = QPolygonF(region_);
  return region_;
}

std::optional<QRectF> SlideRegionTool::finishPolygon(const SlideViewport& vp) {
  drawing_ = false;
  // The double-click's own press added its point a second time.
  while (polygon_.size() >= 2 &&
         QLineF(vp.toWidget(polygon_.last()), vp.toWidget(polygon_[polygon_.size() - 2])).length() < 3)
    polygon_.removeLast();
  region_ = polygon_.size() >= 3 ? polygon_.boundingRect().intersected(vp.slideRect()) : QRectF();
  if (region_.width() < 3 * vp.scale() || region_.height() < 3 * vp.scale()) region_ = QRectF();
  if (region_.isEmpty()) {
    polygon_.clear();
    return std::nullopt;
  }
  if (polygon_.first() != polygon_.last()) polygon_ << polygon_.first();
  return region_;
}

void SlideRegionTool::paint(QPainter& p, const SlideViewport& vp) const {
  const bool polygonInProgress = drawingPolygon() && !polygon_.isEmpty();
  if (region_.isEmpty() && !polygonInProgress) return;
  QPolygonF outline;
  for (const QPointF& q : polygon_) outline << vp.toWidget(q);
  if (polygonInProgress) outline << hover_;
  p.setBrush(Qt::NoBrush);
  p.setRenderHint(QPainter::Antialiasing, true);
  for (int pass = 0; pass < 2; ++pass) {
    p.setPen(pass == 0 ? QPen(QColor(0, 0, 0, 200), 3) : QPen(QColor(255, 220, 0), 1.5, Qt::DashLine));
    if (polygonInProgress) p.drawPolyline(outline);
    else if (outline.size() >= 3) p.drawPolygon(outline);
    else p.drawRect(QRectF(vp.toWidget(region_.topLeft()), vp.toWidget(region_.bottomRight())));
  }
  p.setRenderHint(QPainter::Antialiasing, false);
}

}  // namespace arml::widgets
