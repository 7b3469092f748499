#include "widgets/minimap.h"

#include <QMouseEvent>
#include <QPainter>
#include <cmath>

namespace arml::widgets {

Minimap::Minimap(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("minimap"));
  setCursor(Qt::PointingHandCursor);
  hide();
}

void Minimap::setSlide(const QImage& thumbnail, const QSizeF& slideSize, int maxSide) {
  thumbnail_ = thumbnail;
  slideSize_ = slideSize;
  if (slideSize.isEmpty()) return clear();
  const double s = maxSide / std::max(slideSize.width(), slideSize.height());
  setFixedSize(std::max(8, int(std::lround(slideSize.width() * s))) + 2,
               std::max(8, int(std::lround(slideSize.height() * s))) + 2);
  show();
  update();
}

void Minimap::clear() {
  thumbnail_ = QImage();
  slideSize_ = QSizeF();
  hide();
}

void Minimap::setViewport(const QRectF& level0Rect) {
  viewport_ = level0Rect;
  update();
}

QPointF Minimap::toSlide(const QPointF& p) const {
  if (slideSize_.isEmpty()) return {};
  return {(p.x() - 1) * slideSize_.width() / (width() - 2), (p.y() - 1) * slideSize_.height() / (height() - 2)};
}

void Minimap::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(60, 60, 60));
  const QRectF inner(1, 1, width() - 2, height() - 2);
  if (!thumbnail_.isNull()) {
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(inner, thumbnail_);
  } else {
    p.fillRect(inner, Qt::white);
  }
  if (slideSize_.isEmpty() || viewport_.isEmpty()) return;
  const double sx = inner.width() / slideSize_.width(), sy = inner.height() / slideSize_.height();
  QRectF r(inner.left() + viewport_.left() * sx, inner.top() + viewport_.top() * sy, viewport_.width() * sx,
           viewport_.height() * sy);
  r = r.intersected(inner.adjusted(0, 0, -1, -1));
  p.setPen(QPen(QColor(0, 120, 255), 2));
  p.setBrush(QColor(0, 120, 255, 40));
  p.drawRect(r.isEmpty() ? QRectF(r.topLeft(), QSizeF(2, 2)) : r);
}

void Minimap::mousePressEvent(QMouseEvent* e) {
  if (e->button() == Qt::LeftButton) Q_EMIT jumpRequested(toSlide(e->position()));
  e->accept();
}

void Minimap::mouseMoveEvent(QMouseEvent* e) {
  if (e->buttons() & Qt::LeftButton) Q_EMIT jumpRequested(toSlide(e->position()));
  e->accept();
}

}  // namespace arml::widgets
