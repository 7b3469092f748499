#include "widgets/cam_compare_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "widgets/cam_compare_painter.h"
#include "widgets/cam_compare_view.h"

namespace arml::widgets {

namespace {
constexpr double kDividerGrab = 8;  // canvas pixels either side of the swipe divider
}  // namespace

CamCompareCanvas::CamCompareCanvas(CamCompareView* view) : QWidget(view), view_(view) {
  setObjectName(QStringLiteral("camCompareCanvas"));
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setMinimumSize(320, 200);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void CamCompareCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  CamComparePainter(*view_, p).paint();
}

void CamCompareCanvas::resizeEvent(QResizeEvent*) {
  if (view_->fitted_) view_->fitToView();
}

void CamCompareCanvas::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps == 0) return;
  view_->zoomAt(e->position(), std::pow(1.25, steps));
  e->accept();
}

bool CamCompareCanvas::nearDivider(QPointF canvasPoint) const {
  return view_->canvasGeometry().swipeDivider().adjusted(-kDividerGrab, 0, kDividerGrab, 0).contains(canvasPoint);
}

void CamCompareCanvas::mousePressEvent(QMouseEvent* e) {
  setFocus(Qt::MouseFocusReason);
  if (e->button() != Qt::LeftButton && e->button() != Qt::MiddleButton) return;
  dragStart_ = e->position();
  centreAtStart_ = view_->centre_;
  draggingDivider_ =
      view_->layout_ == CamCompareView::Layout::Swipe && e->button() == Qt::LeftButton && nearDivider(e->position());
  panning_ = !draggingDivider_;
  if (panning_) setCursor(Qt::ClosedHandCursor);
}

void CamCompareCanvas::mouseMoveEvent(QMouseEvent* e) {
  if (draggingDivider_) {
    const QRectF area = view_->imageArea(0);
    view_->setSwipePosition((e->position().x() - area.left()) / std::max(1.0, area.width()));
  } else if (panning_) {
    const QPointF delta = (e->position() - dragStart_) / view_->scale_;
    view_->fitted_ = false;
    view_->setView(view_->scale_, centreAtStart_ - delta);
  } else if (view_->layout_ == CamCompareView::Layout::Swipe) {
    setCursor(nearDivider(e->position()) ? Qt::SplitHCursor : Qt::ArrowCursor);
  }
}

void CamCompareCanvas::mouseReleaseEvent(QMouseEvent*) {
  panning_ = draggingDivider_ = false;
  unsetCursor();
}

void CamCompareCanvas::mouseDoubleClickEvent(QMouseEvent* e) {
  if (e->button() == Qt::LeftButton) view_->fitToView();
}

void CamCompareCanvas::keyPressEvent(QKeyEvent* e) {
  if (e->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier) || !view_->handleKey(e->key()))
    QWidget::keyPressEvent(e);
}

}  // namespace arml::widgets
