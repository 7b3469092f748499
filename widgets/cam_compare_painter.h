#pragma once
// Paints the CAM compare view's canvas for one paint event: side by side (each panel with its
// title and legend), the swipe view (two panels either side of the divider) or the difference
// view (A − B of the current class over the grey image), or the view's message.
#include <QRectF>
#include <QVector>

#include "widgets/cam_compare_geometry.h"

class QPainter;

namespace arml::widgets {

class CamCompareView;
struct CamPanel;

class CamComparePainter {
 public:
  CamComparePainter(CamCompareView& view, QPainter& painter);
  void paint();

 private:
  void paintSideBySide(const QVector<QRectF>& cells);
  void paintSwipe(const QRectF& cell);
  void paintDifference(const QRectF& cell);
  void paintPanel(int index, const QRectF& area, const QRectF& clip);
  void paintLegend(int index, const QRectF& rect);
  void paintCamLegend(int index, const QRectF& rect);
  void paintMaskLegend(const CamPanel& panel, const QRectF& rect);
  void paintDifferenceLegend(const QRectF& rect);

  CamCompareView& view_;
  QPainter& p_;
  CamCompareGeometry geometry_;
};

}  // namespace arml::widgets
