#include "widgets/cam_compare_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QSlider>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/cam_compare_canvas.h"

namespace arml::widgets {

namespace {
constexpr double kMinScale = 0.02, kMaxScale = 64;
}  // namespace

CamCompareView::CamCompareView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(controls_.build(opacity_));
  canvas_ = new CamCompareCanvas(this);
  layout->addWidget(canvas_, 1);
  connectControls();
  refreshControls();
}

void CamCompareView::connectControls() {
  connect(controls_.classCombo, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) setCurrentClass(i);
  });
  connect(controls_.colourMapCombo, &QComboBox::currentIndexChanged, this,
          [this](int i) { setColourMap(static_cast<widgets::ColourMap>(std::max(0, i))); });
  connect(controls_.normalisationCombo, &QComboBox::currentIndexChanged, this,
          [this](int i) { setNormalisation(i == 1 ? CamNormalisation::PerClass : CamNormalisation::Global); });
  connect(controls_.opacitySlider, &QSlider::valueChanged, this, [this](int v) { setOverlayOpacity(v / 100.0); });
  connect(controls_.overlayCheck, &QCheckBox::toggled, this, &CamCompareView::setOverlayVisible);
  connect(controls_.layoutCombo, &QComboBox::currentIndexChanged, this,
          [this](int i) { setLayoutMode(static_cast<Layout>(std::max(0, i))); });
  connect(controls_.aCombo, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) setComparedPanels(i, compareB_);
  });
  connect(controls_.bCombo, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) setComparedPanels(compareA_, i);
  });
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

void CamCompareView::refreshControls() { controls_.refresh(*this); }

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
  const CamCompareGeometry g = canvasGeometry();
  const int cell = g.cellAt(canvasPoint);
  if (cell < 0) return;
  const QPointF anchor = g.canvasToImage(cell, canvasPoint);
  const double s = std::clamp(scale_ * factor, kMinScale, kMaxScale);
  const QPointF areaCentre = g.imageArea(cell).center();
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
    case Qt::Key_O:
      setOverlayVisible(!overlayVisible_);
      return true;
    case Qt::Key_L:
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

CamCompareGeometry CamCompareView::canvasGeometry() const {
  CamCompareGeometry g;
  g.canvas = QRectF(canvas_->rect());
  g.sideBySide = layout_ == Layout::SideBySide;
  g.panelCount = int(panels_.size());
  g.swipe = swipe_;
  g.scale = scale_;
  g.centre = centre_;
  return g;
}

QRectF CamCompareView::imageArea(int index) const { return canvasGeometry().imageArea(index); }

QPointF CamCompareView::imageToCanvas(int index, QPointF imagePoint) const {
  return canvasGeometry().imageToCanvas(index, imagePoint);
}

QPointF CamCompareView::canvasToImage(int index, QPointF canvasPoint) const {
  return canvasGeometry().canvasToImage(index, canvasPoint);
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

}  // namespace arml::widgets
