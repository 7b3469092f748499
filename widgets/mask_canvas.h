#pragma once
// The mask correction canvas: the tissue image under a class-coloured mask overlay, zoom (wheel)
// and pan (middle or right drag, or Space + left drag), and the tools of mask_tools.h. Each edit
// goes to the model and one undo command per stroke goes on the MaskUndoStack.
//
// Keys: B brush, E eraser (paints the background class), P polygon (click vertices, double-click
// or Enter fills, Esc cancels), G bucket fill, R relabel region, I class picker (Alt+click picks
// too), [ and ] or Ctrl+wheel brush size, class hotkeys (default 1..9), O overlay on/off,
// Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo, F fit to view.
#include <QColor>
#include <QImage>
#include <QKeySequence>
#include <QPolygonF>
#include <QVector>
#include <QWidget>

#include "widgets/mask_tools.h"

namespace arml::widgets {

class MaskModel;
class MaskUndoStack;

class MaskCanvas : public QWidget {
  Q_OBJECT
public:
  explicit MaskCanvas(QWidget* parent = nullptr);

  // Not owned; both must outlive the canvas (or be replaced first).
  void setModel(MaskModel* model, MaskUndoStack* undo);
  MaskModel* model() const { return model_; }
  MaskUndoStack* undoStack() const { return undo_; }
  void setImage(const QImage& image);  // the tissue under the mask (any size; scaled to the mask)

  // Class colours (index = class value) and the background/exclude class used by the eraser.
  void setClassColours(const QVector<QColor>& colours);
  void setClassHotkeys(const QVector<QKeySequence>& keys);  // keys[i] selects class i
  void setBackgroundClass(int index) { background_ = index; }
  int backgroundClass() const { return background_; }

  MaskTool tool() const { return tool_; }
  int currentClass() const { return class_; }
  int brushSize() const { return brush_; }
  int onlyOver() const { return onlyOver_; }
  double overlayOpacity() const { return opacity_; }
  bool overlayVisible() const { return overlayVisible_; }
  double zoom() const { return scale_; }

  // View mapping (widget pixels <-> mask pixels, mask pixel centres at +0.5).
  QPointF widgetToMask(QPointF p) const;
  QPointF maskToWidget(QPointF p) const;
  QSize sizeHint() const override { return {640, 640}; }

public Q_SLOTS:
  void setTool(arml::widgets::MaskTool tool);
  void setCurrentClass(int index);
  void setBrushSize(int pixels);
  void setOnlyOver(int classIndex);  // -1: paint over everything
  void setOverlayOpacity(double opacity);
  void setOverlayVisible(bool visible);
  void setZoom(double scale, QPointF anchorWidget = {-1, -1});
  void fitToView();
  void undo();
  void redo();

Q_SIGNALS:
  void toolChanged(arml::widgets::MaskTool tool);
  void currentClassChanged(int index);
  void brushSizeChanged(int pixels);
  void overlayVisibleChanged(bool visible);
  void zoomChanged(double scale);
  void strokeFinished();
  void cursorMoved(QPoint maskPixel, int classIndex);

protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void focusInEvent(QFocusEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

private:
  void modelChanged(const QRect& region);
  void rebuildOverlay();
  void commitSegment(const QString& text);
  void endStroke();
  void finishPolygon();
  QRectF maskRectInWidget(const QRect& r) const;
  int paintValue() const;

  MaskModel* model_ = nullptr;
  MaskUndoStack* undo_ = nullptr;
  QImage image_;
  QImage overlay_;  // ARGB32 premultiplied, one pixel per mask pixel, class colours at full alpha
  QVector<QColor> colours_;
  QVector<QKeySequence> hotkeys_;
  int background_ = 4;
  MaskTool tool_ = MaskTool::Brush;
  int class_ = 0;
  int brush_ = 16;
  int onlyOver_ = -1;
  double opacity_ = 0.5;
  bool overlayVisible_ = true;
  double scale_ = 1.0;
  QPointF offset_;  // widget position of mask (0,0)
  bool fitted_ = false;

  bool painting_ = false;
  // The canvas got focus from the mouse press now arriving: that click only focuses, never paints.
  bool focusClick_ = false;
  int strokeId_ = 0;
  QPointF lastMask_;
  bool panning_ = false;
  bool spaceHeld_ = false;
  QPointF panStart_;
  QPointF offsetAtPanStart_;
  QPolygonF polygon_;
  QPointF hover_{-1, -1};
};

}  // namespace arml::widgets
