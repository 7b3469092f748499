#include "widgets/cam_compare_geometry.h"

#include <algorithm>

namespace arml::widgets {

QVector<QRectF> CamCompareGeometry::cells() const {
  const QRectF all = canvas.adjusted(kGap, kGap, -kGap, -kGap);
  if (!sideBySide || panelCount == 0) return {all};
  const int n = panelCount;
  // Columns that keep the panels closest to square for the canvas' aspect ratio.
  int bestColumns = 1;
  double bestSide = 0;
  for (int columns = 1; columns <= n; ++columns) {
    const int rows = (n + columns - 1) / columns;
    const double w = (all.width() - (columns - 1) * kGap) / columns;
    const double h = (all.height() - (rows - 1) * kGap) / rows - kTitleHeight - kLegendHeight;
    const double side = std::min(w, h);
    if (side > bestSide) {
      bestSide = side;
      bestColumns = columns;
    }
  }
  const int rows = (n + bestColumns - 1) / bestColumns;
  const double w = (all.width() - (bestColumns - 1) * kGap) / bestColumns;
  const double h = (all.height() - (rows - 1) * kGap) / rows;
  QVector<QRectF> out;
  for (int i = 0; i < n; ++i)
    out << QRectF(all.left() + (i % bestColumns) * (w + kGap), all.top() + (i / bestColumns) * (h + kGap), w, h);
  return out;
}

QRectF CamCompareGeometry::areaOfCell(const QRectF& cell) { return cell.adjusted(0, kTitleHeight, 0, -kLegendHeight); }

QRectF CamCompareGeometry::imageArea(int index) const {
  const QVector<QRectF> c = cells();
  if (!sideBySide || c.size() == 1) return areaOfCell(c.front());
  return areaOfCell(c.value(std::clamp(index, 0, int(c.size()) - 1)));
}

int CamCompareGeometry::cellAt(QPointF canvasPoint) const {
  const QVector<QRectF> c = cells();
  for (int i = 0; i < c.size(); ++i)
    if (c[i].contains(canvasPoint)) return i;
  return -1;
}

QPointF CamCompareGeometry::imageToCanvas(int index, QPointF imagePoint) const {
  return imageArea(index).center() + (imagePoint - centre) * scale;
}

QPointF CamCompareGeometry::canvasToImage(int index, QPointF canvasPoint) const {
  return centre + (canvasPoint - imageArea(index).center()) / scale;
}

QRectF CamCompareGeometry::swipeDivider() const {
  const QRectF area = imageArea(0);
  const double x = area.left() + swipe * area.width();
  return {x, area.top(), 0.0, area.height()};
}

QRectF CamCompareGeometry::imageTarget(const QRectF& area, QSize imageSize) const {
  return QRectF(area.center() + (QPointF(0, 0) - centre) * scale,
                area.center() + (QPointF(imageSize.width(), imageSize.height()) - centre) * scale);
}

}  // namespace arml::widgets
