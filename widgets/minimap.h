#pragma once
// The slide's thumbnail with the view's visible region as a rectangle; a click (or drag) asks the
// view to centre on that point. Shown in a corner of SlideView. GUI thread only.
#include <QImage>
#include <QRectF>
#include <QSizeF>
#include <QWidget>

namespace arml::widgets {

class Minimap : public QWidget {
  Q_OBJECT
public:
  explicit Minimap(QWidget* parent = nullptr);

  // slideSize: level-0 pixels. The widget resizes itself to the thumbnail's aspect ratio, with
  // its longer side maxSide pixels.
  void setSlide(const QImage& thumbnail, const QSizeF& slideSize, int maxSide = 180);
  void clear();
  void setViewport(const QRectF& level0Rect);
  const QRectF& viewport() const { return viewport_; }

  // Level-0 coordinates of a point of this widget.
  QPointF toSlide(const QPointF& widgetPos) const;

Q_SIGNALS:
  void jumpRequested(QPointF level0Centre);

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

private:
  QImage thumbnail_;
  QSizeF slideSize_;
  QRectF viewport_;
};

}  // namespace arml::widgets
