#include "widgets/cam_compare_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSlider>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace arml::widgets {

namespace {
constexpr double kTitleHeight = 20;
constexpr double kLegendHeight = 26;
constexpr double kGap = 6;
constexpr double kMinScale = 0.02, kMaxScale = 64;
constexpr double kDividerGrab = 8;  // canvas pixels either side of the swipe divider

QString formatValue(float v) {
  return std::abs(v) >= 100 || (v != 0 && std::abs(v) < 0.01) ? QString::number(double(v), 'g', 3)
                                                              : QString::number(double(v), 'f', 2);
}
}  // namespace

// The painting surface; everything it does is the view's.
class CamCompareCanvas : public QWidget {
 public:
  explicit CamCompareCanvas(CamCompareView* view) : QWidget(view), view_(view) {
    setObjectName(QStringLiteral("camCompareCanvas"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(320, 200);
    setAttribute(Qt::WA_OpaquePaintEvent);
  }
  QSize sizeHint() const override { return {900, 520}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    view_->paintCanvas(p);
  }
  void resizeEvent(QResizeEvent*) override {
    if (view_->fitted_) view_->fitToView();
  }
  void wheelEvent(QWheelEvent* e) override {
    const double steps = e->angleDelta().y() / 120.0;
    if (steps == 0) return;
    view_->zoomAt(e->position(), std::pow(1.25, steps));
    e->accept();
  }
  void mousePressEvent(QMouseEvent* e) override {
    setFocus(Qt::MouseFocusReason);
    if (e->button() != Qt::LeftButton && e->button() != Qt::MiddleButton) return;
    dragStart_ = e->position();
    centreAtStart_ = view_->centre_;
    draggingDivider_ = view_->layout_ == CamCompareView::Layout::Swipe && e->button() == Qt::LeftButton &&
                       view_->swipeDivider().adjusted(-kDividerGrab, 0, kDividerGrab, 0).contains(e->position());
    panning_ = !draggingDivider_;
    if (panning_) setCursor(Qt::ClosedHandCursor);
  }
  void mouseMoveEvent(QMouseEvent* e) override {
    if (draggingDivider_) {
      const QRectF area = view_->imageArea(0);
      view_->setSwipePosition((e->position().x() - area.left()) / std::max(1.0, area.width()));
    } else if (panning_) {
      const QPointF delta = (e->position() - dragStart_) / view_->scale_;
      view_->fitted_ = false;
      view_->setView(view_->scale_, centreAtStart_ - delta);
    } else if (view_->layout_ == CamCompareView::Layout::Swipe) {
      const bool near = view_->swipeDivider().adjusted(-kDividerGrab, 0, kDividerGrab, 0).contains(e->position());
      setCursor(near ? Qt::SplitHCursor : Qt::ArrowCursor);
    }
  }
  void mouseReleaseEvent(QMouseEvent*) override {
    panning_ = draggingDivider_ = false;
    unsetCursor();
  }
  void mouseDoubleClickEvent(QMouseEvent* e) override {
    if (e->button() == Qt::LeftButton) view_->fitToView();
  }
  void keyPressEvent(QKeyEvent* e) override {
    if (e->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier) || !view_->handleKey(e->key()))
      QWidget::keyPressEvent(e);
  }

 private:
  CamCompareView* view_;
  QPointF dragStart_, centreAtStart_;
  bool panning_ = false, draggingDivider_ = false;
};

CamCompareView::CamCompareView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* bar = new QHBoxLayout;
  classCombo_ = new QComboBox;
  classCombo_->setObjectName(QStringLiteral("camClassCombo"));
  classCombo_->setToolTip(tr("Class whose activation map is shown (keys 1–9)"));
  colourMapCombo_ = new QComboBox;
  colourMapCombo_->addItems(widgets::colourMapNames());
  normalisationCombo_ = new QComboBox;
  normalisationCombo_->addItems({tr("Global"), tr("Per class")});
  normalisationCombo_->setToolTip(
      tr("Global: one range over all classes of a panel; per class: each class on its own (N)"));
  opacitySlider_ = new QSlider(Qt::Horizontal);
  opacitySlider_->setObjectName(QStringLiteral("camOpacity"));
  opacitySlider_->setRange(0, 100);
  opacitySlider_->setValue(int(std::lround(opacity_ * 100)));
  opacitySlider_->setMinimumWidth(80);
  opacitySlider_->setMaximumWidth(120);
  opacitySlider_->setToolTip(tr("Overlay opacity"));
  overlayCheck_ = new QCheckBox(tr("Overlay (H)"));
  overlayCheck_->setChecked(true);
  layoutCombo_ = new QComboBox;
  layoutCombo_->addItems({tr("Side by side"), tr("Swipe"), tr("Difference")});
  aCombo_ = new QComboBox;
  bCombo_ = new QComboBox;
  bar->addWidget(new QLabel(tr("Class")));
  bar->addWidget(classCombo_);
  bar->addWidget(new QLabel(tr("Colours")));
  bar->addWidget(colourMapCombo_);
  bar->addWidget(new QLabel(tr("Scale")));
  bar->addWidget(normalisationCombo_);
  bar->addWidget(overlayCheck_);
  bar->addWidget(new QLabel(tr("Opacity")));
  bar->addWidget(opacitySlider_);
  bar->addSpacing(12);
  bar->addWidget(layoutCombo_);
  bar->addWidget(aCombo_);
  bar->addWidget(new QLabel(tr("vs")));
  bar->addWidget(bCombo_);
  bar->addStretch(1);
  layout->addLayout(bar);
  canvas_ = new CamCompareCanvas(this);
  layout->addWidget(canvas_, 1);

  connect(classCombo_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) setCurrentClass(i);
  });
  connect(colourMapCombo_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setColourMap(static_cast<widgets::ColourMap>(std::max(0, i))); });
  connect(normalisationCombo_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setNormalisation(i == 1 ? CamNormalisation::PerClass : CamNormalisation::Global); });
  connect(opacitySlider_, &QSlider::valueChanged, this, [this](int v) { setOverlayOpacity(v / 100.0); });
  connect(overlayCheck_, &QCheckBox::toggled, this, &CamCompareView::setOverlayVisible);
  connect(layoutCombo_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setLayoutMode(static_cast<Layout>(std::max(0, i))); });
  connect(aCombo_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) setComparedPanels(i, compareB_);
  });
  connect(bCombo_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) setComparedPanels(compareA_, i);
  });
  refreshControls();
}

QWidget* CamCompareView::canvas() const { return canvas_; }

void CamCompareView::setImage(const QImage& image) {
  const bool newSize = image.size() != image_.size();
  image_ = image;
  greyImage_ = QImage();
  if (newSize || fitted_) fitToView();
  canvas_->update();
}

void CamCompareView::setClasses(const QStringList& camClasses, const QVector<QColor>& maskColours,
                                int transparentMaskValue) {
  classes_ = camClasses;
  maskColours_ = maskColours;
  transparentMask_ = transparentMaskValue;
  class_ = std::clamp(class_, 0, std::max(0, int(classes_.size()) - 1));
  invalidateOverlays();
  refreshControls();
}

void CamCompareView::setPanels(const QVector<CamPanel>& panels) {
  panels_ = panels;
  compareA_ = std::clamp(compareA_, 0, std::max(0, int(panels_.size()) - 1));
  compareB_ = std::clamp(compareB_, 0, std::max(0, int(panels_.size()) - 1));
  invalidateOverlays();
  refreshControls();
  if (fitted_) fitToView();
}

void CamCompareView::setPanel(int index, const CamPanel& panel) {
  if (index < 0 || index >= panels_.size()) return;
  const bool titleChanged = panels_[index].title != panel.title;
  panels_[index] = panel;
  overlays_[index] = QImage();
  difference_ = QImage();
  if (titleChanged) refreshControls();
  canvas_->update();
}

void CamCompareView::setViewMessage(const QString& message) {
  viewMessage_ = message;
  canvas_->update();
}

void CamCompareView::invalidateOverlays() {
  overlays_ = QVector<QImage>(panels_.size());
  difference_ = QImage();
  canvas_->update();
}

void CamCompareView::refreshControls() {
  const QSignalBlocker b1(classCombo_), b2(aCombo_), b3(bCombo_), b4(colourMapCombo_), b5(normalisationCombo_),
      b6(layoutCombo_), b7(overlayCheck_), b8(opacitySlider_);
  classCombo_->clear();
  for (int i = 0; i < classes_.size(); ++i)
    classCombo_->addItem(i < 9 ? QStringLiteral("%1 (%2)").arg(classes_[i]).arg(i + 1) : classes_[i]);
  classCombo_->setCurrentIndex(class_);
  aCombo_->clear();
  bCombo_->clear();
  for (const CamPanel& p : panels_) {
    aCombo_->addItem(p.title);
    bCombo_->addItem(p.title);
  }
  aCombo_->setCurrentIndex(compareA_);
  bCombo_->setCurrentIndex(compareB_);
  aCombo_->setEnabled(layout_ != Layout::SideBySide);
  bCombo_->setEnabled(layout_ != Layout::SideBySide);
  colourMapCombo_->setCurrentIndex(int(colourMap_));
  normalisationCombo_->setCurrentIndex(normalisation_ == CamNormalisation::PerClass ? 1 : 0);
  layoutCombo_->setCurrentIndex(int(layout_));
  overlayCheck_->setChecked(overlayVisible_);
  opacitySlider_->setValue(int(std::lround(opacity_ * 100)));
}

void CamCompareView::setCurrentClass(int index) {
  if (index < 0 || index >= classes_.size() || index == class_) return;
  class_ = index;
  invalidateOverlays();
  refreshControls();
  Q_EMIT currentClassChanged(index);
}

void CamCompareView::setOverlayVisible(bool visible) {
  if (visible == overlayVisible_) return;
  overlayVisible_ = visible;
  refreshControls();
  canvas_->update();
  Q_EMIT overlayVisibleChanged(visible);
}

void CamCompareView::setOverlayOpacity(double opacity) {
  opacity_ = std::clamp(opacity, 0.0, 1.0);
  refreshControls();
  canvas_->update();
}

void CamCompareView::setColourMap(widgets::ColourMap map) {
  if (map == colourMap_) return;
  colourMap_ = map;
  invalidateOverlays();
  refreshControls();
}

void CamCompareView::setNormalisation(CamNormalisation normalisation) {
  if (normalisation == normalisation_) return;
  normalisation_ = normalisation;
  invalidateOverlays();
  refreshControls();
}

void CamCompareView::setLayoutMode(Layout layout) {
  if (layout == layout_) return;
  layout_ = layout;
  refreshControls();
  if (fitted_) fitToView();
  canvas_->update();
}

void CamCompareView::setComparedPanels(int a, int b) {
  compareA_ = std::clamp(a, 0, std::max(0, int(panels_.size()) - 1));
  compareB_ = std::clamp(b, 0, std::max(0, int(panels_.size()) - 1));
  difference_ = QImage();
  refreshControls();
  canvas_->update();
}

void CamCompareView::setSwipePosition(double position) {
  swipe_ = std::clamp(position, 0.0, 1.0);
  canvas_->update();
}

void CamCompareView::setView(double scale, QPointF centre) {
  scale_ = std::clamp(scale, kMinScale, kMaxScale);
  centre_ = centre;
  canvas_->update();
  Q_EMIT viewChanged(scale_, centre_);
}

void CamCompareView::fitToView() {
  fitted_ = true;
  if (image_.isNull()) return;
  const QRectF area = imageArea(0);
  const double s = std::min(area.width() / image_.width(), area.height() / image_.height());
  setView(s > 0 ? s : 1.0, QPointF(image_.width() / 2.0, image_.height() / 2.0));
}

void CamCompareView::zoomAt(QPointF canvasPoint, double factor) {
  const int cell = cellAt(canvasPoint);
  if (cell < 0) return;
  const QPointF anchor = canvasToImage(cell, canvasPoint);
  const double s = std::clamp(scale_ * factor, kMinScale, kMaxScale);
  const QPointF areaCentre = imageArea(cell).center();
  fitted_ = false;
  setView(s, anchor - (canvasPoint - areaCentre) / s);  // the image point under the cursor stays put
}

bool CamCompareView::handleKey(int key) {
  if (key >= Qt::Key_1 && key <= Qt::Key_9) {
    const int index = key - Qt::Key_1;
    if (index >= classes_.size()) return false;
    setCurrentClass(index);
    return true;
  }
  switch (key) {
    case Qt::Key_H:
      setOverlayVisible(!overlayVisible_);
      return true;
    case Qt::Key_N:
      setNormalisation(normalisation_ == CamNormalisation::Global ? CamNormalisation::PerClass
                                                                  : CamNormalisation::Global);
      return true;
    case Qt::Key_F:
      fitToView();
      return true;
    default:
      return false;
  }
}

QVector<QRectF> CamCompareView::cells() const {
  const QRectF all = QRectF(canvas_->rect()).adjusted(kGap, kGap, -kGap, -kGap);
  if (layout_ != Layout::SideBySide || panels_.isEmpty()) return {all};
  const int n = int(panels_.size());
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

QRectF CamCompareView::areaOfCell(const QRectF& cell) const {
  return cell.adjusted(0, kTitleHeight, 0, -kLegendHeight);
}

QRectF CamCompareView::imageArea(int index) const {
  const QVector<QRectF> c = cells();
  if (layout_ != Layout::SideBySide || c.size() == 1) return areaOfCell(c.front());
  return areaOfCell(c.value(std::clamp(index, 0, int(c.size()) - 1)));
}

int CamCompareView::cellAt(QPointF canvasPoint) const {
  const QVector<QRectF> c = cells();
  for (int i = 0; i < c.size(); ++i)
    if (c[i].contains(canvasPoint)) return i;
  return -1;
}

QPointF CamCompareView::imageToCanvas(int index, QPointF imagePoint) const {
  return imageArea(index).center() + (imagePoint - centre_) * scale_;
}

QPointF CamCompareView::canvasToImage(int index, QPointF canvasPoint) const {
  return centre_ + (canvasPoint - imageArea(index).center()) / scale_;
}

QRectF CamCompareView::swipeDivider() const {
  const QRectF area = imageArea(0);
  const double x = area.left() + swipe_ * area.width();
  return {x, area.top(), 0.0, area.height()};
}

QImage CamCompareView::overlayImage(int index) {
  if (index == -1) {
    if (difference_.isNull() && !image_.isNull()) {
      const QVector<float> a = comparisonPlane(compareA_), b = comparisonPlane(compareB_);
      if (!a.isEmpty() && !b.isEmpty()) difference_ = differenceImage(a, b, image_.width(), image_.height());
    }
    return difference_;
  }
  if (index < 0 || index >= panels_.size()) return {};
  const CamPanel& p = panels_[index];
  if (!p.message.isEmpty()) return {};
  if (overlays_[index].isNull()) {
    if (p.kind == CamPanel::Kind::Cam && class_ < p.cams.planes)
      overlays_[index] =
          colourised(normalisedPlane(p.cams, class_, normalisation_), p.cams.width, p.cams.height, colourMap_);
    else if (p.kind == CamPanel::Kind::ClassMask)
      overlays_[index] = classMaskImage(p.mask, p.maskWidth, p.maskHeight, maskColours_, transparentMask_);
  }
  return overlays_[index];
}

// A panel as a [0, 1] plane of the current class, for the difference view: a CAM normalised as
// shown, a class mask as 1 where it holds the class.
QVector<float> CamCompareView::comparisonPlane(int index) const {
  if (index < 0 || index >= panels_.size()) return {};
  const CamPanel& p = panels_[index];
  if (!p.message.isEmpty()) return {};
  const qsizetype n = qsizetype(image_.width()) * image_.height();
  if (p.kind == CamPanel::Kind::Cam && p.cams.width == image_.width() && p.cams.height == image_.height())
    return normalisedPlane(p.cams, class_, normalisation_);
  if (p.kind == CamPanel::Kind::ClassMask && p.mask.size() == n) return maskIndicator(p.mask, class_);
  return {};
}

ValueRange CamCompareView::legendRange(int index) const {
  if (index < 0 || index >= panels_.size() || panels_[index].kind != CamPanel::Kind::Cam) return {};
  return camRange(panels_[index].cams, class_, normalisation_);
}

QString CamCompareView::panelTitle(int index) const {
  const CamPanel& p = panels_[index];
  if (p.kind == CamPanel::Kind::Cam && class_ < p.probabilities.size() && p.message.isEmpty())
    return tr("%1 · p(%2) = %3").arg(p.title, classes_.value(class_)).arg(double(p.probabilities[class_]), 0, 'f', 2);
  return p.title;
}

void CamCompareView::paintCanvas(QPainter& painter) {
  painter.fillRect(canvas_->rect(), palette().window());
  if (!viewMessage_.isEmpty() || image_.isNull() || panels_.isEmpty()) {
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRectF(canvas_->rect()).adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                     viewMessage_.isEmpty() ? tr("Open a patch to compare its CAMs.") : viewMessage_);
    return;
  }
  const QVector<QRectF> c = cells();
  const QFontMetricsF fm(painter.font());
  if (layout_ == Layout::SideBySide) {
    for (int i = 0; i < c.size(); ++i) {
      const QRectF area = areaOfCell(c[i]);
      painter.setPen(palette().color(QPalette::WindowText));
      painter.drawText(QRectF(c[i].left(), c[i].top(), c[i].width(), kTitleHeight), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(panelTitle(i), Qt::ElideRight, c[i].width()));
      paintPanel(painter, i, area, area);
      paintLegend(painter, i, QRectF(c[i].left(), area.bottom() + 2, c[i].width(), kLegendHeight - 2));
    }
    return;
  }
  const QRectF cell = c.front();
  const QRectF area = areaOfCell(cell);
  const QRectF titleRect(cell.left(), cell.top(), cell.width(), kTitleHeight);
  painter.setPen(palette().color(QPalette::WindowText));
  if (layout_ == Layout::Swipe) {
    const double x = swipeDivider().left();
    paintPanel(painter, compareA_, area, QRectF(area.left(), area.top(), x - area.left(), area.height()));
    paintPanel(painter, compareB_, area, QRectF(x, area.top(), area.right() - x, area.height()));
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, tr("◀ %1").arg(panelTitle(compareA_)));
    painter.drawText(titleRect, Qt::AlignRight | Qt::AlignVCenter, tr("%1 ▶").arg(panelTitle(compareB_)));
    painter.save();
    painter.setPen(QPen(Qt::white, 2));
    painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    painter.setBrush(Qt::white);
    painter.setPen(QPen(Qt::black, 1));
    painter.drawEllipse(QPointF(x, area.center().y()), 7, 7);
    painter.restore();
    const double half = cell.width() / 2;
    paintLegend(painter, compareA_, QRectF(cell.left(), area.bottom() + 2, half - kGap, kLegendHeight - 2));
    paintLegend(painter, compareB_, QRectF(cell.left() + half, area.bottom() + 2, half, kLegendHeight - 2));
    return;
  }
  // Difference: the image under A − B of the current class.
  painter.drawText(
      titleRect, Qt::AlignLeft | Qt::AlignVCenter,
      tr("%1 − %2 (%3)").arg(panels_.value(compareA_).title, panels_.value(compareB_).title, classes_.value(class_)));
  painter.save();
  painter.setClipRect(area);
  painter.fillRect(area, QColor(40, 40, 40));
  const QRectF target(imageToCanvas(0, {0, 0}), imageToCanvas(0, QPointF(image_.width(), image_.height())));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, scale_ < 1);
  // Grey under the signed colours, so that H&E's pinks and purples are not read as differences.
  if (greyImage_.isNull()) greyImage_ = image_.convertToFormat(QImage::Format_Grayscale8);
  painter.drawImage(target, overlayVisible_ ? greyImage_ : image_);
  const QImage diff = overlayImage(-1);
  if (diff.isNull()) {
    painter.fillRect(area, QColor(0, 0, 0, 120));
    painter.setPen(Qt::white);
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, tr("Both panels need a map of this image to compare."));
  } else if (overlayVisible_) {
    painter.setOpacity(std::max(opacity_, 0.05));
    painter.drawImage(target, diff);
  }
  painter.restore();
  paintDifferenceLegend(painter, QRectF(cell.left(), area.bottom() + 2, cell.width(), kLegendHeight - 2));
}

void CamCompareView::paintPanel(QPainter& painter, int index, const QRectF& area, const QRectF& clip) {
  if (index < 0 || index >= panels_.size()) return;
  const CamPanel& p = panels_[index];
  painter.save();
  painter.setClipRect(clip);
  painter.fillRect(area, QColor(40, 40, 40));
  const QRectF target(area.center() + (QPointF(0, 0) - centre_) * scale_,
                      area.center() + (QPointF(image_.width(), image_.height()) - centre_) * scale_);
  painter.setRenderHint(QPainter::SmoothPixmapTransform, scale_ < 1);
  painter.drawImage(target, image_);
  if (!p.message.isEmpty()) {
    painter.fillRect(area, QColor(0, 0, 0, 140));
    painter.setPen(Qt::white);
    painter.drawText(area.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, p.message);
  } else if (overlayVisible_ && p.kind != CamPanel::Kind::Image) {
    const QImage overlay = overlayImage(index);
    if (!overlay.isNull()) {
      painter.setOpacity(opacity_);
      painter.drawImage(target, overlay);
    }
  }
  painter.restore();
}

void CamCompareView::paintLegend(QPainter& painter, int index, const QRectF& rect) {
  if (index < 0 || index >= panels_.size() || !panels_[index].message.isEmpty()) return;
  const CamPanel& p = panels_[index];
  const QFontMetricsF fm(painter.font());
  painter.save();
  painter.setPen(palette().color(QPalette::WindowText));
  if (p.kind == CamPanel::Kind::Cam) {
    if (class_ >= p.cams.planes) {
      painter.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, tr("no map for this class"));
      painter.restore();
      return;
    }
    const ValueRange r = legendRange(index);
    const QString name = classes_.value(class_);
    const QString lo = formatValue(r.min), hi = formatValue(r.max);
    const double nameWidth = std::min(fm.horizontalAdvance(name) + 8, rect.width() * 0.35);
    painter.drawText(QRectF(rect.left(), rect.top(), nameWidth, rect.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     fm.elidedText(name, Qt::ElideRight, nameWidth - 4));
    const double loWidth = fm.horizontalAdvance(lo) + 6, hiWidth = fm.horizontalAdvance(hi) + 6;
    const QRectF bar(rect.left() + nameWidth + loWidth, rect.center().y() - 5,
                     std::max(10.0, rect.width() - nameWidth - loWidth - hiWidth), 10);
    painter.drawText(QRectF(rect.left() + nameWidth, rect.top(), loWidth - 3, rect.height()),
                     Qt::AlignRight | Qt::AlignVCenter, lo);
    painter.drawText(QRectF(bar.right() + 3, rect.top(), hiWidth, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, hi);
    QLinearGradient g(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 16; ++i)
      g.setColorAt(i / 16.0, QColor::fromRgb(widgets::colourMapValue(colourMap_, i / 16.0)));
    painter.fillRect(bar, g);
    painter.setPen(palette().color(QPalette::Mid));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
  } else if (p.kind == CamPanel::Kind::ClassMask) {
    // The classes present, largest first, with their share of the patch.
    QVector<qint64> counts(256, 0);
    for (char v : p.mask) ++counts[static_cast<unsigned char>(v)];
    QVector<int> present;
    for (int c = 0; c < 256; ++c)
      if (counts[c] > 0 && c != transparentMask_) present << c;
    std::sort(present.begin(), present.end(), [&](int a, int b) { return counts[a] > counts[b]; });
    double x = rect.left();
    for (int c : present) {
      const QString share =
          QStringLiteral(" %1%").arg(std::lround(100.0 * counts[c] / std::max<qsizetype>(1, p.mask.size())));
      QString name = classes_.value(c, tr("class %1").arg(c));
      const double room = rect.right() - x - 16 - fm.horizontalAdvance(share) - 8;
      if (room < fm.horizontalAdvance(QStringLiteral("W…"))) break;
      name = fm.elidedText(name, Qt::ElideRight, room);
      const double w = 16 + fm.horizontalAdvance(name + share) + 10;
      painter.fillRect(QRectF(x, rect.center().y() - 6, 12, 12), maskColours_.value(c, Qt::gray));
      painter.drawText(QRectF(x + 16, rect.top(), w - 16, rect.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       name + share);
      x += w;
    }
  }
  painter.restore();
}

void CamCompareView::paintDifferenceLegend(QPainter& painter, const QRectF& rect) {
  const QFontMetricsF fm(painter.font());
  const QString lo = tr("−1 (%1 higher)").arg(panels_.value(compareB_).title);
  const QString hi = tr("+1 (%1 higher)").arg(panels_.value(compareA_).title);
  const double loWidth = fm.horizontalAdvance(lo) + 8, hiWidth = fm.horizontalAdvance(hi) + 8;
  const QRectF bar(rect.left() + loWidth, rect.center().y() - 5, std::max(10.0, rect.width() - loWidth - hiWidth), 10);
  painter.save();
  painter.setPen(palette().color(QPalette::WindowText));
  painter.drawText(QRectF(rect.left(), rect.top(), loWidth - 4, rect.height()), Qt::AlignRight | Qt::AlignVCenter, lo);
  painter.drawText(QRectF(bar.right() + 4, rect.top(), hiWidth, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, hi);
  QLinearGradient g(bar.topLeft(), bar.topRight());
  for (int i = 0; i <= 16; ++i) g.setColorAt(i / 16.0, QColor::fromRgb(divergingColour(i / 8.0 - 1.0)));
  painter.fillRect(bar, g);
  painter.setPen(palette().color(QPalette::Mid));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(bar);
  painter.restore();
}

}  // namespace arml::widgets
