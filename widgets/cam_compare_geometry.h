#pragma once
// The CAM compare view's geometry, without a widget: the cells of the panels on the canvas (a grid
// that keeps them closest to square, or one comparison cell for the swipe and difference views),
// the image area of a cell under its title and above its legend, the linked view (one scale and
// image centre for every area) and the swipe divider.
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QVector>

namespace arml::widgets {

struct CamCompareGeometry {
  static constexpr double kTitleHeight = 20;
  static constexpr double kLegendHeight = 26;
  static constexpr double kGap = 6;

  QRectF canvas;           // the canvas' rectangle
  bool sideBySide = true;  // a cell per panel; otherwise the single comparison cell
  int panelCount = 0;
  double swipe = 0.5;  // the swipe divider, 0 (left) .. 1 (right)
  double scale = 1.0;  // canvas pixels per image pixel
  QPointF centre;      // the image point at the centre of every image area

  QVector<QRectF> cells() const;  // one per panel, or one for swipe/difference
  static QRectF areaOfCell(const QRectF& cell);
  // Where panel `index` draws the image; the comparison area, whatever the index, when not side by
  // side.
  QRectF imageArea(int index) const;
  int cellAt(QPointF canvasPoint) const;  // -1: none
  QPointF imageToCanvas(int index, QPointF imagePoint) const;
  QPointF canvasToImage(int index, QPointF canvasPoint) const;
  QRectF swipeDivider() const;  // a zero-width rectangle over the comparison area
  // The canvas rectangle an image of `imageSize` covers when drawn in `area`.
  QRectF imageTarget(const QRectF& area, QSize imageSize) const;
};

}  // namespace arml::widgets
