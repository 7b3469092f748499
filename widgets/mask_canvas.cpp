#include "widgets/mask_canvas.h"

#include <QFocusEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPaintEvent>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "widgets/mask_edit_commands.h"

namespace arml::widgets {

MaskCanvas::MaskCanvas(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(200, 200);
  for (int i = 0; i < 9; ++i) hotkeys_.append(QKeySequence(QString::number(i + 1)));
  colours_ = {QColor(205, 51, 51), QColor(0, 255, 0), QColor(65, 105, 225), QColor(255, 165, 0), QColor(255, 255, 255)};
}

void MaskCanvas::setModel(MaskModel* model, MaskUndoStack* undo) {
  if (model_) disconnect(model_, nullptr, this, nullptr);
  model_ = model;
  undo_ = undo;
  painting_ = false;
  polygon_.clear();
  if (model_) {
    connect(model_, &MaskModel::changed, this, &MaskCanvas::modelChanged);
    connect(model_, &MaskModel::resetDone, this, [this] {
      rebuildOverlay();
      fitted_ = false;
      fitToView();
    });
  }
  rebuildOverlay();
  fitted_ = false;
  fitToView();
}

void MaskCanvas::setImage(const QImage& image) {
  image_ = image.convertToFormat(QImage::Format_RGB32);
  update();
}

void MaskCanvas::setClassColours(const QVector<QColor>& colours) {
  colours_ = colours;
  rebuildOverlay();
}

void MaskCanvas::setClassHotkeys(const QVector<QKeySequence>& keys) { hotkeys_ = keys; }

void MaskCanvas::setTool(MaskTool tool) {
  if (tool_ == tool) return;
  tool_ = tool;
  polygon_.clear();
  update();
  Q_EMIT toolChanged(tool);
}

void MaskCanvas::setCurrentClass(int index) {
  if (index < 0 || index == class_) return;
  class_ = index;
  Q_EMIT currentClassChanged(index);
}

void MaskCanvas::setBrushSize(int pixels) {
  pixels = std::clamp(pixels, 1, 512);
  if (pixels == brush_) return;
  brush_ = pixels;
  update();
  Q_EMIT brushSizeChanged(pixels);
}

void MaskCanvas::setOnlyOver(int classIndex) { onlyOver_ = classIndex; }

void MaskCanvas::setOverlayOpacity(double opacity) {
  opacity_ = std::clamp(opacity, 0.0, 1.0);
  update();
}

void MaskCanvas::setOverlayVisible(bool visible) {
  if (visible == overlayVisible_) return;
  overlayVisible_ = visible;
  update();
  Q_EMIT overlayVisibleChanged(visible);
}

QPointF MaskCanvas::widgetToMask(QPointF p) const { return (p - offset_) / scale_; }
QPointF MaskCanvas::maskToWidget(QPointF p) const { return p * scale_ + offset_; }

QRectF MaskCanvas::maskRectInWidget(const QRect& r) const {
  return QRectF(maskToWidget(r.topLeft()), QSizeF(r.width() * scale_, r.height() * scale_));
}

void MaskCanvas::setZoom(double scale, QPointF anchor) {
  scale = std::clamp(scale, 1.0 / 64, 64.0);
  if (anchor.x() < 0) anchor = QPointF(width() / 2.0, height() / 2.0);
  const QPointF m = widgetToMask(anchor);
  scale_ = scale;
  offset_ = anchor - m * scale_;
  update();
  Q_EMIT zoomChanged(scale_);
}

void MaskCanvas::fitToView() {
  if (!model_ || model_->width() == 0) return;
  const double s = std::min(width() / double(model_->width()), height() / double(model_->height()));
  scale_ = std::clamp(s, 1.0 / 64, 64.0);
  offset_ = QPointF((width() - model_->width() * scale_) / 2, (height() - model_->height() * scale_) / 2);
  fitted_ = true;
  update();
  Q_EMIT zoomChanged(scale_);
}

void MaskCanvas::resizeEvent(QResizeEvent*) {
  if (fitted_ || scale_ == 1.0) fitToView();
}

void MaskCanvas::rebuildOverlay() {
  if (!model_ || model_->width() == 0) {
    overlay_ = QImage();
    update();
    return;
  }
  overlay_ = QImage(model_->size(), QImage::Format_ARGB32_Premultiplied);
  modelChanged(model_->rect());
}

void MaskCanvas::modelChanged(const QRect& region) {
  if (!model_ || overlay_.size() != model_->size()) {
    if (model_ && overlay_.size() != model_->size()) rebuildOverlay();
    return;
  }
  const QRect r = region.intersected(model_->rect());
  QRgb lut[256];
  for (int i = 0; i < 256; ++i) lut[i] = 0;  // unknown classes and the background stay clear
  for (int i = 0; i < colours_.size() && i < 256; ++i)
    if (i != background_) lut[i] = colours_[i].rgb() | 0xff000000u;
  const quint8* src = model_->constBits();
  for (int y = r.top(); y <= r.bottom(); ++y) {
    auto* dst = reinterpret_cast<QRgb*>(overlay_.scanLine(y));
    const quint8* row = src + static_cast<qsizetype>(y) * model_->width();
    for (int x = r.left(); x <= r.right(); ++x) dst[x] = lut[row[x]];
  }
  update(maskRectInWidget(r).toAlignedRect().adjusted(-2, -2, 2, 2));
}

void MaskCanvas::paintEvent(QPaintEvent* event) {
  QPainter p(this);
  p.fillRect(event->rect(), QColor(60, 60, 60));
  if (!model_ || model_->width() == 0) return;
  // Only the mask pixels under the dirty rectangle are drawn, so a brush dab costs little even on
  // a 4096² mask.
  const QRectF dirtyMask = QRectF(widgetToMask(event->rect().topLeft()), widgetToMask(event->rect().bottomRight() + QPoint(1, 1)));
  const QRect src = dirtyMask.toAlignedRect().adjusted(-1, -1, 1, 1).intersected(model_->rect());
  if (src.isEmpty()) return;
  const QRectF target = maskRectInWidget(src);
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  if (!image_.isNull()) {
    const double sx = image_.width() / double(model_->width()), sy = image_.height() / double(model_->height());
    p.drawImage(target, image_, QRectF(src.x() * sx, src.y() * sy, src.width() * sx, src.height() * sy));
  } else {
    p.fillRect(target, Qt::black);
  }
  if (overlayVisible_ && !overlay_.isNull()) {
    p.setOpacity(opacity_);
    p.drawImage(target, overlay_, src);
    p.setOpacity(1.0);
  }
  p.setRenderHint(QPainter::Antialiasing, true);
  if (!polygon_.isEmpty()) {
    QPolygonF w;
    for (const QPointF& q : polygon_) w << maskToWidget(q);
    if (hover_.x() >= 0) w << maskToWidget(hover_);
    p.setPen(QPen(Qt::yellow, 1.5, Qt::DashLine));
    p.drawPolyline(w);
  }
  if ((tool_ == MaskTool::Brush || tool_ == MaskTool::Eraser) && hover_.x() >= 0) {
    p.setPen(QPen(Qt::white, 1));
    p.setBrush(Qt::NoBrush);
    const double r = brush_ * scale_ / 2;
    p.drawEllipse(maskToWidget(hover_), r, r);
  }
}

int MaskCanvas::paintValue() const { return tool_ == MaskTool::Eraser ? background_ : class_; }

void MaskCanvas::commitSegment(const QString& text) {
  if (!model_ || !undo_) return;
  QVector<TileChange> changes = model_->takeDelta();
  if (changes.isEmpty()) return;
  undo_->push(std::make_unique<MaskStrokeCommand>(model_, strokeId_, std::move(changes), text));
}

void MaskCanvas::endStroke() {
  if (undo_) undo_->closeStroke();
  ++strokeId_;
  Q_EMIT strokeFinished();
}

void MaskCanvas::mousePressEvent(QMouseEvent* event) {
  const bool focusing = std::exchange(focusClick_, false);
  const QPointF m = widgetToMask(event->position());
  if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton ||
      (event->button() == Qt::LeftButton && spaceHeld_)) {
    panning_ = true;
    panStart_ = event->position();
    offsetAtPanStart_ = offset_;
    setCursor(Qt::ClosedHandCursor);
    return;
  }
  if (event->button() != Qt::LeftButton || !model_ || model_->width() == 0) return;  // no mask open: nothing to paint
  if (focusing) return;  // the click that moves the keyboard here (from the queue, a field) leaves the mask alone
  const QPoint px(static_cast<int>(std::floor(m.x())), static_cast<int>(std::floor(m.y())));
  if (tool_ == MaskTool::Picker || (event->modifiers() & Qt::AltModifier)) {
    if (model_->rect().contains(px)) setCurrentClass(model_->at(px.x(), px.y()));
    return;
  }
  switch (tool_) {
    case MaskTool::Brush:
    case MaskTool::Eraser:
      painting_ = true;
      lastMask_ = m;
      paintSegment(*model_, m, m, brush_, paintValue(), onlyOver_);
      commitSegment(tool_ == MaskTool::Eraser ? tr("Erase") : tr("Brush"));
      break;
    case MaskTool::Polygon:
      polygon_ << m;
      update();
      break;
    case MaskTool::Bucket:
      bucketFill(*model_, px, class_, onlyOver_);
      commitSegment(tr("Bucket fill"));
      endStroke();
      break;
    case MaskTool::Relabel:
      relabelRegion(*model_, px, class_, background_, onlyOver_);
      commitSegment(tr("Relabel region"));
      endStroke();
      break;
    case MaskTool::Picker:
      break;
  }
}

void MaskCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPointF m = widgetToMask(event->position());
  const QPointF oldHover = hover_;
  hover_ = m;
  if (panning_) {
    offset_ = offsetAtPanStart_ + (event->position() - panStart_);
    fitted_ = false;
    update();
    return;
  }
  if (painting_ && model_) {
    paintSegment(*model_, lastMask_, m, brush_, paintValue(), onlyOver_);
    lastMask_ = m;
    commitSegment(tool_ == MaskTool::Eraser ? tr("Erase") : tr("Brush"));
  }
  if (tool_ == MaskTool::Brush || tool_ == MaskTool::Eraser || !polygon_.isEmpty()) {
    const double r = brush_ * scale_ / 2 + 3;
    if (!polygon_.isEmpty()) {
      update();
    } else {
      for (QPointF c : {oldHover, hover_})
        if (c.x() >= 0) update(QRectF(maskToWidget(c) - QPointF(r, r), QSizeF(2 * r, 2 * r)).toAlignedRect());
    }
  }
  if (model_ && model_->rect().contains(m.toPoint())) {
    const QPoint px(static_cast<int>(std::floor(m.x())), static_cast<int>(std::floor(m.y())));
    if (model_->rect().contains(px)) Q_EMIT cursorMoved(px, model_->at(px.x(), px.y()));
  }
}

void MaskCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (panning_) {
    panning_ = false;
    unsetCursor();
    return;
  }
  if (event->button() == Qt::LeftButton && painting_) {
    painting_ = false;
    endStroke();
  }
}

void MaskCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
  if (tool_ == MaskTool::Polygon && event->button() == Qt::LeftButton) {
    finishPolygon();
    return;
  }
  mousePressEvent(event);
}

void MaskCanvas::finishPolygon() {
  if (model_ && polygon_.size() >= 3) {
    fillPolygon(*model_, polygon_, class_, onlyOver_);
    commitSegment(tr("Polygon fill"));
    endStroke();
  }
  polygon_.clear();
  update();
}

void MaskCanvas::wheelEvent(QWheelEvent* event) {
  const int steps = event->angleDelta().y() / 120;
  if (steps == 0) return;
  if (event->modifiers() & Qt::ControlModifier) {
    setBrushSize(static_cast<int>(std::lround(brush_ * std::pow(1.25, steps))) + (steps > 0 ? 1 : 0));
  } else {
    fitted_ = false;
    setZoom(scale_ * std::pow(1.25, steps), event->position());
  }
  event->accept();
}

void MaskCanvas::undo() {
  if (painting_) return;  // not in the middle of a stroke
  if (undo_) undo_->undo();
}

void MaskCanvas::redo() {
  if (painting_) return;
  if (undo_) undo_->redo();
}

void MaskCanvas::keyPressEvent(QKeyEvent* event) {
  if (event->matches(QKeySequence::Undo)) return undo();
  if (event->matches(QKeySequence::Redo) ||
      (event->key() == Qt::Key_Y && (event->modifiers() & Qt::ControlModifier)))
    return redo();
  const QKeySequence pressed(event->keyCombination());
  for (int i = 0; i < hotkeys_.size(); ++i)
    if (!hotkeys_[i].isEmpty() && hotkeys_[i] == pressed) return setCurrentClass(i);
  switch (event->key()) {
    case Qt::Key_BracketLeft: return setBrushSize(brush_ - std::max(1, brush_ / 8));
    case Qt::Key_BracketRight: return setBrushSize(brush_ + std::max(1, brush_ / 8));
    case Qt::Key_B: return setTool(MaskTool::Brush);
    case Qt::Key_E: return setTool(MaskTool::Eraser);
    case Qt::Key_P: return setTool(MaskTool::Polygon);
    case Qt::Key_G: return setTool(MaskTool::Bucket);
    case Qt::Key_R: return setTool(MaskTool::Relabel);
    case Qt::Key_I: return setTool(MaskTool::Picker);
    case Qt::Key_O: return setOverlayVisible(!overlayVisible_);
    case Qt::Key_F: return fitToView();
    case Qt::Key_Return:
    case Qt::Key_Enter: return finishPolygon();
    case Qt::Key_Escape:
      polygon_.clear();
      update();
      return;
    case Qt::Key_Space:
      if (!event->isAutoRepeat()) spaceHeld_ = true;
      return;
    default: QWidget::keyPressEvent(event);
  }
}

void MaskCanvas::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) spaceHeld_ = false;
  QWidget::keyReleaseEvent(event);
}

void MaskCanvas::focusInEvent(QFocusEvent* event) {
  focusClick_ = event->reason() == Qt::MouseFocusReason;
  QWidget::focusInEvent(event);
}

void MaskCanvas::focusOutEvent(QFocusEvent* event) {
  focusClick_ = false;
  QWidget::focusOutEvent(event);
}

void MaskCanvas::leaveEvent(QEvent*) {
  hover_ = QPointF(-1, -1);
  update();
}

}  // namespace arml::widgets
