#pragma once
// The CAM compare view's painting surface: it takes the mouse and keys (wheel zooms about the
// cursor, a drag pans or, in the swipe view, moves the divider, a double-click fits) and leaves
// the painting and every decision to its CamCompareView.
#include <QPointF>
#include <QWidget>

namespace arml::widgets {

class CamCompareView;

class CamCompareCanvas : public QWidget {
 public:
  explicit CamCompareCanvas(CamCompareView* view);
  QSize sizeHint() const override { return {900, 520}; }

 protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void wheelEvent(QWheelEvent* e) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent* e) override;
  void keyPressEvent(QKeyEvent* e) override;

 private:
  bool nearDivider(QPointF canvasPoint) const;

  CamCompareView* view_;
  QPointF dragStart_, centreAtStart_;
  bool panning_ = false, draggingDivider_ = false;
};

}  // namespace arml::widgets
