#include "widgets/slide_view.h"

#include <QKeyEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "widgets/minimap.h"
#include "widgets/scale_bar.h"
#include "widgets/slide_layer_painter.h"

namespace arml::widgets {

namespace {
constexpr int kThumbnailSide = 512;
}  // namespace

SlideView::SlideView(QWidget* parent) : QWidget(parent), tiles_(256ll << 20) {
  setObjectName(QStringLiteral("slideView"));
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(false);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(200, 150);
  minimap_ = new Minimap(this);
  connect(minimap_, &Minimap::jumpRequested, this, [this](QPointF p) { centreOn(p); });
  connect(&tiles_, &SlideTileScheduler::readFailed, this, &SlideView::tileReadFailed);
  connect(&tiles_, &SlideTileScheduler::tileStored, this, &SlideView::tileStored);
  connect(&opener_, &SlideOpener::slideOpened, this, &SlideView::slideArrived);
  connect(&opener_, &SlideOpener::slideFailed, this, &SlideView::openFailed);
  connect(&opener_, &SlideOpener::thumbnailRead, this, &SlideView::thumbnailRead);
  connect(&opener_, &SlideOpener::overlayOpened, this,
          [this](std::shared_ptr<const slide::MaskPyramidReader> overlay) {
            setOverlay(std::move(overlay));
            Q_EMIT overlayOpened();
          });
  connect(&opener_, &SlideOpener::overlayFailed, this, &SlideView::overlayFailed);
  placeholder_ = tr("No slide open.");
}

SlideView::~SlideView() = default;

const SlideViewport& SlideView::viewport() const {
  viewport_.setWidgetSize(size());
  return viewport_;
}

SlideViewport& SlideView::viewport() {
  viewport_.setWidgetSize(size());
  return viewport_;
}

void SlideView::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  update();
}

// ---- opening ----------------------------------------------------------------------------------

void SlideView::openSlide(const QString& path) { opener_.openSlide(path); }

void SlideView::slideArrived(std::shared_ptr<const slide::SlideReader> reader, const QString& path) {
  slidePath_ = path;
  setSlide(std::move(reader));
  Q_EMIT slideOpened();
}

void SlideView::setSlide(std::shared_ptr<const slide::SlideReader> reader) {
  opener_.slideChanged();
  slide_ = std::move(reader);
  overlay_.reset();  // an overlay belongs to the slide it was computed on
  live_.clear();
  regionTool_.clear();
  viewport_.setSlide(slide_ ? slide_->levels() : std::vector<slide::SlideLevel>());
  tiles_.setSlide(slide_, viewport_.levels());
  buildClasses();
  if (slide_ && slidePath_.isEmpty()) slidePath_ = QString::fromStdString(slide_->path().string());
  thumbnail_ = QImage();
  completeReported_ = false;
  minimap_->clear();
  if (slide_) {
    fitToWindow();
    // As far out as the levels allow; a slide too large to show whole has no thumbnail or minimap.
    if (!overviewLimited()) opener_.readThumbnail(slide_, kThumbnailSide);
  } else {
    slidePath_.clear();
  }
  update();
}

// The thumbnail (minimap and the blurry first picture), read on a worker thread too.
void SlideView::thumbnailRead(const QImage& thumbnail) {
  if (!slide_) return;
  thumbnail_ = thumbnail;
  minimap_->setSlide(thumbnail_, QSizeF(slide_->width(), slide_->height()));
  minimap_->setViewport(visibleRegion());
  layoutChildren();
  update();
}

void SlideView::closeSlide() {
  opener_.cancelSlide();
  clearOverlay();
  slidePath_.clear();
  setSlide(nullptr);
}

void SlideView::openOverlay(const QString& path) { opener_.openOverlay(path); }

void SlideView::setOverlay(std::shared_ptr<const slide::MaskPyramidReader> overlay) {
  tiles_.setOverlay(overlay);
  overlay_ = std::move(overlay);
  buildClasses();
  completeReported_ = false;
  requestTiles();
  update();
}

void SlideView::clearOverlay() { setOverlay(nullptr); }

// ---- live layer and region ----------------------------------------------------------------------

void SlideView::startLiveLayer(LiveKind kind) {
  live_.start(kind);
  update();
}

void SlideView::addLivePiece(const QRectF& level0Rect, const QImage& image) {
  if (live_.add(level0Rect, image)) update();
}

void SlideView::setLivePieces(const QVector<LivePiece>& pieces) {
  live_.setPieces(pieces);
  update();
}

void SlideView::clearLiveLayer() { startLiveLayer(LiveKind::None); }

void SlideView::setRegionTool(bool on) {
  if (on == regionTool_.isOn()) return;
  regionTool_.setOn(on);
  dragging_ = false;
  setMouseTracking(on && regionTool_.shape() == RegionShape::Polygon);
  if (on) setCursor(Qt::CrossCursor);
  else unsetCursor();
  update();
  Q_EMIT regionToolChanged(on);
}

void SlideView::setRegionShape(RegionShape shape) {
  regionTool_.setShape(shape);
  setMouseTracking(regionTool_.isOn() && shape == RegionShape::Polygon);
  update();
}

void SlideView::clearRegion() {
  regionTool_.clear();
  update();
}

void SlideView::finishRegionPolygon() {
  const std::optional<QRectF> region = regionTool_.finishPolygon(viewport());
  update();
  if (region) Q_EMIT regionDrawn(*region);
}

// ---- overlay ----------------------------------------------------------------------------------

void SlideView::setOverlayVisible(bool visible) {
  if (visible == overlayVisible_) return;
  overlayVisible_ = visible;
  completeReported_ = false;
  requestTiles();
  update();
  Q_EMIT overlayVisibilityChanged(visible);
}

void SlideView::setOverlayOpacity(double opacity) {
  overlayOpacity_ = std::clamp(opacity, 0.0, 1.0);
  update();
}

void SlideView::setClassVisible(int classIndex, bool visible) {
  if (!classes_.setVisible(classIndex, visible)) return;
  tiles_.setOverlayColourTable(classes_.colourTable());
  update();
}

void SlideView::setOverlayClasses(const QVector<OverlayClass>& classes, int background) {
  classes_.setFallback(classes, background);
  if (!overlay_) {
    buildClasses();
    update();
  }
}

void SlideView::buildClasses() {
  classes_.build(overlay_.get());
  tiles_.setOverlayColourTable(classes_.colourTable());
}

// ---- geometry ---------------------------------------------------------------------------------

double SlideView::maxScale() const { return viewport().maxScale(); }
int SlideView::currentLevel() const { return viewport().currentLevel(); }
double SlideView::fitScale() const { return viewport().fitScale(); }
QRectF SlideView::visibleRegion() const { return viewport().visibleRegion(); }
QPointF SlideView::toSlide(const QPointF& p) const { return viewport().toSlide(p); }
QPointF SlideView::toWidget(const QPointF& q) const { return viewport().toWidget(q); }

void SlideView::fitToWindow() {
  if (!slide_) return;
  viewport().fit();
  viewMoved();
}

void SlideView::setView(const QPointF& level0Centre, double scale) {
  viewport().setView(level0Centre, scale);
  viewMoved();
}

void SlideView::zoomBy(double factor, const QPointF& anchor) {
  if (viewport().zoomBy(factor, anchor)) viewMoved();
}

void SlideView::panBy(const QPointF& d) {
  viewport().panBy(d);
  viewMoved();
}

std::optional<double> SlideView::umPerScreenPixel() const {
  if (!slide_) return std::nullopt;
  const auto um = slide_->umPerPx();
  if (!um) return std::nullopt;
  return *um * scale();
}

// ---- tiles ------------------------------------------------------------------------------------

void SlideView::viewMoved() {
  tiles_.viewMoved();
  completeReported_ = false;
  minimap_->setViewport(visibleRegion());
  requestTiles();
  update();
  Q_EMIT viewChanged();
}

void SlideView::requestTiles() {
  if (!slide_ || viewport_.levels().isEmpty() || width() <= 0) return;
  tiles_.request(viewport(), overlayTilesShown());
  checkComplete();
}

void SlideView::tileStored() {
  update();
  if (tiles_.pendingCount() == 0) requestTiles();  // e.g. tiles evicted before they were drawn
  checkComplete();
}

int SlideView::missingVisibleTiles() const {
  if (!slide_ || viewport_.levels().isEmpty()) return 0;
  return tiles_.missingVisible(viewport(), overlayTilesShown());
}

void SlideView::checkComplete() {
  if (completeReported_ || !slide_ || missingVisibleTiles() > 0) return;
  completeReported_ = true;
  Q_EMIT viewComplete();
}

// ---- painting ---------------------------------------------------------------------------------

void SlideView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(48, 48, 48));
  if (!slide_) {
    p.setPen(QColor(200, 200, 200));
    p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
               opener_.isOpening() ? tr("Opening the slide…") : placeholder_);
    return;
  }
  paintSlide(p);
  regionTool_.paint(p, viewport());
  paintScaleBar(p, scaleBarFor(umPerScreenPixel()), QPoint(10, height() - 10));
  paintZoomReadout(p);
}

// The slide (thumbnail under the tiles), the overlay and the live layer.
void SlideView::paintSlide(QPainter& p) {
  const SlideViewport& vp = viewport();
  const QRectF slideRect = vp.slideRect();
  const QRectF vis = vp.visibleRegion().intersected(slideRect);
  p.fillRect(vp.screenRect(slideRect), Qt::white);
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  SlideLayerPainter layers(p, vp, tiles_.cache(), classes_);
  if (!thumbnail_.isNull()) layers.drawPart(thumbnail_, slideRect, vis);
  const int level = vp.currentLevel();
  layers.drawLayer(SlideLayer, level, vis);
  if (overlay_ && overlayVisible_ && overlayOpacity_ > 0) {
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // class borders stay crisp
    p.setOpacity(overlayOpacity_);
    layers.drawLayer(OverlayLayer, level, vis);
    p.setOpacity(1.0);
  }
  if (live_.isOn() && overlayVisible_ && overlayOpacity_ > 0) {
    p.setRenderHint(QPainter::SmoothPixmapTransform, live_.kind() == LiveKind::HeatMap);
    p.setOpacity(overlayOpacity_);
    layers.drawLiveLayer(live_, vis);
    p.setOpacity(1.0);
  }
}

// Zoom read-out, bottom right.
void SlideView::paintZoomReadout(QPainter& p) {
  const double scale = viewport_.scale();
  const DisplayLevel& d = viewport_.levels()[currentLevel()];
  QString info = tr("level %1 · %2 %").arg(d.sourceLevel).arg(100.0 / scale, 0, 'f', scale > 10 ? 1 : 0);
  if (const auto op = slide_->objectivePower()) info += tr(" · %1×").arg(*op / scale, 0, 'g', 3);
  const QFontMetrics fm(p.font());
  const QRect box(width() - fm.horizontalAdvance(info) - 22, height() - fm.height() - 18,
                  fm.horizontalAdvance(info) + 12, fm.height() + 8);
  p.fillRect(box, QColor(255, 255, 255, 200));
  p.setPen(Qt::black);
  p.drawText(box, Qt::AlignCenter, info);
}

void SlideView::layoutChildren() { minimap_->move(width() - minimap_->width() - 10, 10); }

void SlideView::resizeEvent(QResizeEvent*) {
  layoutChildren();
  if (slide_) {
    viewport().clamp();
    viewMoved();
  }
}

// ---- input ------------------------------------------------------------------------------------

void SlideView::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps != 0) zoomBy(std::pow(1.25, steps), e->position());
  e->accept();
}

void SlideView::mousePressEvent(QMouseEvent* e) {
  if (regionTool_.isOn() && slide_ && e->button() == Qt::LeftButton) {
    regionTool_.press(e->position(), viewport());
    setFocus();
    update();
    return;
  }
  if (e->button() == Qt::LeftButton) {
    dragging_ = true;
    dragLast_ = e->position().toPoint();
    setCursor(Qt::ClosedHandCursor);
  }
  setFocus();
}

void SlideView::mouseMoveEvent(QMouseEvent* e) {
  if (regionTool_.drawing()) {
    regionTool_.move(e->position(), viewport());
    update();
    return;
  }
  if (!dragging_) return;
  const QPoint pos = e->position().toPoint();
  panBy(pos - dragLast_);
  dragLast_ = pos;
}

void SlideView::mouseReleaseEvent(QMouseEvent* e) {
  if (regionTool_.drawingPolygon()) return;  // corners are added on press
  if (regionTool_.drawing() && e->button() == Qt::LeftButton) {
    const std::optional<QRectF> region = regionTool_.release(e->position(), viewport());
    update();
    if (region) Q_EMIT regionDrawn(*region);
    return;
  }
  if (e->button() == Qt::LeftButton) {
    dragging_ = false;
    unsetCursor();
  }
}

void SlideView::mouseDoubleClickEvent(QMouseEvent* e) {
  if (regionTool_.isOn() && regionTool_.drawingPolygon()) finishRegionPolygon();
  else if (!regionTool_.isOn()) zoomBy(2.0, e->position());
}

void SlideView::keyPressEvent(QKeyEvent* e) {
  const double step = std::min(width(), height()) / 8.0;
  switch (e->key()) {
    case Qt::Key_Left: panBy(QPointF(step, 0)); break;
    case Qt::Key_Right: panBy(QPointF(-step, 0)); break;
    case Qt::Key_Up: panBy(QPointF(0, step)); break;
    case Qt::Key_Down: panBy(QPointF(0, -step)); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(1.5); break;
    case Qt::Key_Minus: zoomBy(1.0 / 1.5); break;
    case Qt::Key_0:
    case Qt::Key_Home: fitToWindow(); break;
    case Qt::Key_O:
      if (hasAnyOverlay()) setOverlayVisible(!overlayVisible_);
      break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (!regionTool_.drawingPolygon()) {
        QWidget::keyPressEvent(e);
        return;
      }
      finishRegionPolygon();
      break;
    case Qt::Key_Escape:
      if (!regionTool_.isOn() && regionTool_.region().isEmpty()) {
        QWidget::keyPressEvent(e);
        return;
      }
      clearRegion();
      setRegionTool(false);
      break;
    default: QWidget::keyPressEvent(e); return;
  }
  e->accept();
}

}  // namespace arml::widgets
