#include "widgets/slide_view.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QPainter>
#include <QRunnable>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "widgets/minimap.h"
#include "widgets/scale_bar.h"

namespace arml::widgets {

namespace {

constexpr double kMinScale = 1.0 / 16.0;  // at most 16 screen pixels per level-0 pixel
constexpr int kThumbnailSide = 512;
constexpr double kMaxVirtualRatio = 16.0;  // a virtual tile reads at most 4096 x 4096 source pixels
constexpr std::int64_t kMaxOverviewSide = 2048;  // coarsest display level for a whole-slide overview

// Default class names and colours (BCSS-WSSS, spec §1.2) for pyramids whose description has none.
const QVector<OverlayClass>& defaultClasses() {
  static const QVector<OverlayClass> classes = {{QStringLiteral("TUM"), QColor(255, 0, 0)},
                                                {QStringLiteral("STR"), QColor(0, 255, 0)},
                                                {QStringLiteral("LYM"), QColor(0, 0, 255)},
                                                {QStringLiteral("NEC"), QColor(153, 0, 255)}};
  return classes;
}

QImage rgbMatToImage(const cv::Mat& rgb) {
  const QImage view(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step), QImage::Format_RGB888);
  return view.convertToFormat(QImage::Format_RGB32);  // the fastest format to draw
}

// Reads one slide tile (display level `dl`, tile col/row), RGB32.
QImage readSlideTile(const slide::SlideReader& reader, const DisplayLevel& dl, int col, int row) {
  const int T = SlideView::kTileSize;
  const int w = static_cast<int>(std::min<std::int64_t>(T, dl.width - std::int64_t(col) * T));
  const int h = static_cast<int>(std::min<std::int64_t>(T, dl.height - std::int64_t(row) * T));
  const auto x0 = static_cast<std::int64_t>(std::llround(double(col) * T * dl.downsample));
  const auto y0 = static_cast<std::int64_t>(std::llround(double(row) * T * dl.downsample));
  if (!dl.isVirtual()) return rgbMatToImage(reader.readRegion(dl.sourceLevel, x0, y0, w, h));
  const auto& src = reader.level(dl.sourceLevel);
  const double r = dl.downsample / src.downsample;
  const int sw = std::max(1, static_cast<int>(std::ceil(w * r)));
  const int sh = std::max(1, static_cast<int>(std::ceil(h * r)));
  const cv::Mat big = reader.readRegion(dl.sourceLevel, x0, y0, sw, sh);
  cv::Mat small;
  cv::resize(big, small, cv::Size(w, h), 0, 0, cv::INTER_AREA);
  return rgbMatToImage(small);
}

// Reads the overlay tile that covers the same slide area as a slide tile: class values as
// Indexed8 (the colour table is applied when painting), sampled nearest-neighbour from the
// mask level just finer than the display level.
QImage readOverlayTile(const slide::MaskPyramidReader& mask, const DisplayLevel& dl, int col, int row) {
  const int T = SlideView::kTileSize;
  const int w = static_cast<int>(std::min<std::int64_t>(T, dl.width - std::int64_t(col) * T));
  const int h = static_cast<int>(std::min<std::int64_t>(T, dl.height - std::int64_t(row) * T));
  const double maskPerDisplay = dl.downsample / mask.metadata().slideDownsample;  // mask level-0 px per display px
  const auto& mlevels = mask.levels();
  int ml = 0;
  for (int i = 0; i < static_cast<int>(mlevels.size()); ++i)
    if (mlevels[i].downsample <= maskPerDisplay * (1 + 1e-6)) ml = i;
  const double f = maskPerDisplay / mlevels[ml].downsample;  // pixels of mask level ml per display px
  std::vector<int> xs(w), ys(h);
  for (int i = 0; i < w; ++i) xs[i] = static_cast<int>(std::floor((double(col) * T + i + 0.5) * f));
  for (int j = 0; j < h; ++j) ys[j] = static_cast<int>(std::floor((double(row) * T + j + 0.5) * f));
  const cv::Rect rect(xs.front(), ys.front(), xs.back() - xs.front() + 1, ys.back() - ys.front() + 1);
  const cv::Mat m = mask.readMaskRegion(ml, rect);
  QImage out(w, h, QImage::Format_Indexed8);
  for (int j = 0; j < h; ++j) {
    const std::uint8_t* src = m.ptr<std::uint8_t>(ys[j] - rect.y);
    uchar* dst = out.scanLine(j);
    for (int i = 0; i < w; ++i) dst[i] = src[xs[i] - rect.x];
  }
  return out;
}

}  // namespace

// One queued tile read. `cancelled` is set when the view no longer needs the tile before a
// worker has started it.
struct SlideView::Pending {
  std::atomic<bool> cancelled{false};
};

namespace {
class TileTask : public QRunnable {
public:
  std::function<void()> work;
  void run() override { work(); }
};
}  // namespace

SlideView::SlideView(QWidget* parent) : QWidget(parent), cache_(256ll << 20) {
  setObjectName(QStringLiteral("slideView"));
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(false);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(200, 150);
  pool_.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
  minimap_ = new Minimap(this);
  connect(minimap_, &Minimap::jumpRequested, this, [this](QPointF p) { centreOn(p); });
  placeholder_ = tr("No slide open.");
}

SlideView::~SlideView() {
  for (auto& p : pending_) p->cancelled = true;
  pool_.clear();
  pool_.waitForDone();
}

void SlideView::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  update();
}

// ---- opening ----------------------------------------------------------------------------------

void SlideView::openSlide(const QString& path) {
  const quint64 gen = ++openGeneration_;
  opening_ = true;
  using Result = std::pair<std::shared_ptr<const slide::SlideReader>, QString>;
  auto* watcher = new QFutureWatcher<Result>(this);
  connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, gen, path] {
    watcher->deleteLater();
    if (gen != openGeneration_) return;  // a later open superseded this one
    opening_ = false;
    const Result r = watcher->result();
    if (!r.first) {
      Q_EMIT openFailed(r.second);
      return;
    }
    slidePath_ = path;
    setSlide(r.first);
    Q_EMIT slideOpened();
  });
  watcher->setFuture(QtConcurrent::run([path]() -> Result {
    try {
      return {std::make_shared<const slide::SlideReader>(path.toStdString()), QString()};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromStdString(e.what())};
    }
  }));
}

void SlideView::setSlide(std::shared_ptr<const slide::SlideReader> reader) {
  for (auto& p : pending_) p->cancelled = true;
  pending_.clear();
  deliveredInView_.clear();
  cache_.clear();
  ++slideGeneration_;
  ++overlayGeneration_;
  slide_ = std::move(reader);
  overlay_.reset();  // an overlay belongs to the slide it was computed on
  liveKind_ = LiveKind::None;
  livePieces_.clear();
  region_ = QRectF();
  polygon_.clear();
  drawingRegion_ = false;
  buildClasses();
  if (slide_ && slidePath_.isEmpty()) slidePath_ = QString::fromStdString(slide_->path().string());
  thumbnail_ = QImage();
  failureReported_ = false;
  completeReported_ = false;
  buildLevels();
  minimap_->clear();
  if (slide_ && overviewLimited_) {
    fitToWindow();  // as far out as the levels allow; no thumbnail, no minimap
  } else if (slide_) {
    fitToWindow();
    // The thumbnail (minimap and the blurry first picture) is read on a worker thread too.
    const quint64 gen = slideGeneration_;
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, gen] {
      watcher->deleteLater();
      if (gen != slideGeneration_ || !slide_) return;
      thumbnail_ = watcher->result();
      minimap_->setSlide(thumbnail_, QSizeF(slide_->width(), slide_->height()));
      minimap_->setViewport(visibleRegion());
      layoutChildren();
      update();
    });
    auto reader = slide_;
    watcher->setFuture(QtConcurrent::run([reader]() -> QImage {
      try {
        return rgbMatToImage(reader->thumbnail(kThumbnailSide));
      } catch (const std::exception&) {
        return QImage();  // the tiles report the failure
      }
    }));
  } else {
    slidePath_.clear();
  }
  update();
}

void SlideView::closeSlide() {
  ++openGeneration_;
  opening_ = false;
  clearOverlay();
  slidePath_.clear();
  setSlide(nullptr);
}

void SlideView::openOverlay(const QString& path) {
  using Result = std::pair<std::shared_ptr<const slide::MaskPyramidReader>, QString>;
  auto* watcher = new QFutureWatcher<Result>(this);
  const quint64 gen = slideGeneration_;
  connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, gen] {
    watcher->deleteLater();
    if (gen != slideGeneration_) return;
    const Result r = watcher->result();
    if (!r.first) {
      Q_EMIT overlayFailed(r.second);
      return;
    }
    setOverlay(r.first);
    Q_EMIT overlayOpened();
  });
  watcher->setFuture(QtConcurrent::run([path]() -> Result {
    try {
      return {std::make_shared<const slide::MaskPyramidReader>(path.toStdString()), QString()};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromStdString(e.what())};
    }
  }));
}

void SlideView::setOverlay(std::shared_ptr<const slide::MaskPyramidReader> overlay) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it.key().layer == OverlayLayer) {
      it.value()->cancelled = true;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  cache_.removeLayer(OverlayLayer);
  ++overlayGeneration_;
  overlay_ = std::move(overlay);
  buildClasses();
  completeReported_ = false;
  requestTiles();
  update();
}

void SlideView::clearOverlay() { setOverlay(nullptr); }

// ---- live layer and region ----------------------------------------------------------------------

void SlideView::startLiveLayer(LiveKind kind) {
  liveKind_ = kind;
  livePieces_.clear();
  update();
}

void SlideView::addLivePiece(const QRectF& level0Rect, const QImage& image) {
  if (liveKind_ == LiveKind::None || image.isNull()) return;
  livePieces_.push_back(LivePiece{level0Rect, image});
  update();
}

void SlideView::setLivePieces(const QVector<LivePiece>& pieces) {
  livePieces_ = pieces;
  update();
}

void SlideView::clearLiveLayer() { startLiveLayer(LiveKind::None); }

void SlideView::setRegionTool(bool on) {
  if (on == regionTool_) return;
  regionTool_ = on;
  drawingRegion_ = false;
  dragging_ = false;
  if (!on && region_.isEmpty()) polygon_.clear();
  setMouseTracking(on && regionShape_ == RegionShape::Polygon);
  if (on) setCursor(Qt::CrossCursor);
  else unsetCursor();
  update();
  Q_EMIT regionToolChanged(on);
}

void SlideView::setRegionShape(RegionShape shape) {
  regionShape_ = shape;
  drawingRegion_ = false;
  setMouseTracking(regionTool_ && shape == RegionShape::Polygon);
  update();
}

void SlideView::clearRegion() {
  region_ = QRectF();
  polygon_.clear();
  drawingRegion_ = false;
  update();
}

void SlideView::finishPolygon() {
  drawingRegion_ = false;
  // The double-click's own press added its point a second time.
  while (polygon_.size() >= 2 &&
         QLineF(toWidget(polygon_.last()), toWidget(polygon_[polygon_.size() - 2])).length() < 3)
    polygon_.removeLast();
  const QRectF slideRect(0, 0, slide_->width(), slide_->height());
  region_ = polygon_.size() >= 3 ? polygon_.boundingRect().intersected(slideRect) : QRectF();
  if (region_.width() < 3 * scale_ || region_.height() < 3 * scale_) region_ = QRectF();
  if (region_.isEmpty()) polygon_.clear();
  else if (polygon_.first() != polygon_.last()) polygon_ << polygon_.first();
  update();
  if (!region_.isEmpty()) Q_EMIT regionDrawn(region_);
}

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
  if (classIndex < 0 || classIndex >= classes_.size()) return;
  classes_[classIndex].visible = visible;
  colourTable_[classIndex] = visible ? classes_[classIndex].colour.rgb() : qRgba(0, 0, 0, 0);
  update();
}

void SlideView::setOverlayClasses(const QVector<OverlayClass>& classes, int background) {
  fallbackClasses_ = classes;
  fallbackBackground_ = background;
  if (!overlay_) {
    buildClasses();
    update();
  }
}

void SlideView::buildClasses() {
  classes_.clear();
  colourTable_ = QVector<QRgb>(256, qRgba(0, 0, 0, 0));
  if (!overlay_) {
    classes_ = fallbackClasses_;
    for (int i = 0; i < classes_.size() && i < 256; ++i)
      if (i != fallbackBackground_ && classes_[i].visible) colourTable_[i] = classes_[i].colour.rgb();
    return;
  }
  const auto& meta = overlay_->metadata();
  const QJsonObject d = QJsonDocument::fromJson(QByteArray::fromStdString(meta.extraJson)).object();
  const QJsonArray names = d.value(QStringLiteral("class_names")).toArray();
  const QJsonArray colours = d.value(QStringLiteral("class_colours")).toArray();
  const int n = std::max(names.size(), colours.size());
  if (n == 0) {
    classes_ = defaultClasses();
  } else {
    for (int i = 0; i < n && i < 255; ++i) {
      OverlayClass c;
      c.name = i < names.size() ? names[i].toString() : tr("class %1").arg(i);
      const QJsonArray rgb = i < colours.size() ? colours[i].toArray() : QJsonArray();
      c.colour = rgb.size() >= 3 ? QColor(rgb[0].toInt(), rgb[1].toInt(), rgb[2].toInt())
                                 : QColor::fromHsv((i * 67) % 360, 220, 230);
      classes_.push_back(c);
    }
  }
  for (int i = 0; i < classes_.size(); ++i)
    if (i != meta.background) colourTable_[i] = classes_[i].colour.rgb();
}

// ---- geometry ---------------------------------------------------------------------------------

void SlideView::buildLevels() {
  levels_.clear();
  if (!slide_) return;
  const auto& sl = slide_->levels();
  const int n = static_cast<int>(sl.size());
  for (int i = 0; i < n; ++i) {
    DisplayLevel d;
    d.downsample = sl[i].downsample;
    d.sourceLevel = i;
    d.width = sl[i].width;
    d.height = sl[i].height;
    levels_.push_back(d);
    // Virtual levels, each half the previous, read from level i: in a gap of the pyramid (a
    // missing level), and below the coarsest level until the whole slide fits in one tile. A
    // virtual tile reads at most kMaxVirtualRatio^2 times its pixels from its source level.
    const double next = i + 1 < n ? sl[i + 1].downsample : std::numeric_limits<double>::infinity();
    for (;;) {
      const DisplayLevel& last = levels_.back();
      const double ds = last.downsample * 2.0;
      if (ds * (1 + 1e-3) >= next || ds / sl[i].downsample > kMaxVirtualRatio) break;
      if (i + 1 == n && std::max(last.width, last.height) <= kTileSize) break;
      DisplayLevel v;
      v.downsample = ds;
      v.sourceLevel = i;
      v.width = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(slide_->width() / ds)));
      v.height = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(slide_->height() / ds)));
      v.virtual_ = true;
      levels_.push_back(v);
    }
  }
  // Without an overview level (a huge image without a pyramid), the view cannot zoom out past the
  // coarsest display level and no thumbnail is read (it would read every pixel of the slide).
  overviewLimited_ = std::max(levels_.back().width, levels_.back().height) > kMaxOverviewSide;
}

double SlideView::maxScale() const {
  if (!slide_ || levels_.isEmpty()) return 1.0;
  if (overviewLimited_) return std::max(kMinScale, levels_.back().downsample);
  return std::max(kMinScale, fitScale() * 2.0);
}

int SlideView::currentLevel() const {
  if (levels_.isEmpty()) return -1;
  int best = 0;
  for (int i = 0; i < levels_.size(); ++i)
    if (levels_[i].downsample <= scale_ * (1 + 1e-6)) best = i;
  return best;
}

double SlideView::fitScale() const {
  if (!slide_) return 1.0;
  return std::max(double(slide_->width()) / std::max(1, width()), double(slide_->height()) / std::max(1, height()));
}

void SlideView::fitToWindow() {
  if (!slide_) return;
  setView(QPointF(slide_->width() / 2.0, slide_->height() / 2.0), fitScale());
}

void SlideView::setView(const QPointF& level0Centre, double scale) {
  centre_ = level0Centre;
  scale_ = scale;
  clampView();
  viewMoved();
}

void SlideView::clampView() {
  if (!slide_) return;
  scale_ = std::clamp(scale_, kMinScale, maxScale());
  centre_.setX(std::clamp(centre_.x(), 0.0, double(slide_->width())));
  centre_.setY(std::clamp(centre_.y(), 0.0, double(slide_->height())));
}

void SlideView::zoomBy(double factor, const QPointF& anchor) {
  if (!slide_ || !(factor > 0)) return;
  const QPointF fixed = toSlide(anchor);
  const double newScale = std::clamp(scale_ / factor, kMinScale, maxScale());
  // Keep `fixed` under `anchor`: centre = fixed - (anchor - widgetCentre) * newScale.
  const QPointF fromCentre = anchor - QPointF(width() / 2.0, height() / 2.0);
  setView(fixed - fromCentre * newScale, newScale);
}

void SlideView::panBy(const QPointF& d) { setView(centre_ - d * scale_, scale_); }

QRectF SlideView::visibleRegion() const {
  const double w = width() * scale_, h = height() * scale_;
  return {centre_.x() - w / 2, centre_.y() - h / 2, w, h};
}

QPointF SlideView::toSlide(const QPointF& p) const {
  return centre_ + (p - QPointF(width() / 2.0, height() / 2.0)) * scale_;
}

QPointF SlideView::toWidget(const QPointF& q) const {
  return (q - centre_) / scale_ + QPointF(width() / 2.0, height() / 2.0);
}

std::optional<double> SlideView::umPerScreenPixel() const {
  if (!slide_) return std::nullopt;
  const auto um = slide_->umPerPx();
  if (!um) return std::nullopt;
  return *um * scale_;
}

SlideView::TileRange SlideView::tilesCovering(int level, const QRectF& r) const {
  TileRange t;
  const DisplayLevel& d = levels_[level];
  const double span = kTileSize * d.downsample;
  const int cols = static_cast<int>((d.width + kTileSize - 1) / kTileSize);
  const int rows = static_cast<int>((d.height + kTileSize - 1) / kTileSize);
  t.col0 = std::max(0, static_cast<int>(std::floor(r.left() / span)));
  t.row0 = std::max(0, static_cast<int>(std::floor(r.top() / span)));
  t.col1 = std::min(cols - 1, static_cast<int>(std::floor(r.right() / span)));
  t.row1 = std::min(rows - 1, static_cast<int>(std::floor(r.bottom() / span)));
  return t;
}

QRectF SlideView::tileRectLevel0(int level, int col, int row) const {
  const DisplayLevel& d = levels_[level];
  const double x = double(col) * kTileSize, y = double(row) * kTileSize;
  const double w = std::min<double>(kTileSize, d.width - x), h = std::min<double>(kTileSize, d.height - y);
  // The last column/row ends at the slide's edge, whatever the rounding of the level's size.
  const double right = (x + w >= d.width) ? double(slide_->width()) : (x + w) * d.downsample;
  const double bottom = (y + h >= d.height) ? double(slide_->height()) : (y + h) * d.downsample;
  return QRectF(QPointF(x * d.downsample, y * d.downsample), QPointF(right, bottom));
}

// Integer screen rectangle of a level-0 rectangle; neighbours share their edges exactly.
QRect SlideView::screenRect(const QRectF& r) const {
  const QPointF a = toWidget(r.topLeft()), b = toWidget(r.bottomRight());
  const int x0 = static_cast<int>(std::lround(a.x())), y0 = static_cast<int>(std::lround(a.y()));
  const int x1 = static_cast<int>(std::lround(b.x())), y1 = static_cast<int>(std::lround(b.y()));
  return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

// ---- tiles ------------------------------------------------------------------------------------

void SlideView::viewMoved() {
  deliveredInView_.clear();
  completeReported_ = false;
  minimap_->setViewport(visibleRegion());
  requestTiles();
  update();
  Q_EMIT viewChanged();
}

void SlideView::requestTiles() {
  if (!slide_ || levels_.isEmpty() || width() <= 0) return;
  const int level = currentLevel();
  const QRectF vis = visibleRegion();
  const TileRange v = tilesCovering(level, vis);
  const double span = kTileSize * levels_[level].downsample;
  const bool overlayOn = overlay_ && overlayVisible_;
  // Prefetch the ring of tiles around the view, unless the cache cannot hold it together with
  // the visible tiles (then prefetched tiles would evict visible ones).
  TileRange ring = tilesCovering(level, vis.adjusted(-span, -span, span, span));
  const std::int64_t ringTiles = std::int64_t(ring.col1 - ring.col0 + 1) * (ring.row1 - ring.row0 + 1);
  const std::int64_t ringBytes = ringTiles * kTileSize * kTileSize * (overlayOn ? 5 : 4);
  if (ringBytes > cache_.ceilingBytes()) ring = v;
  const QPointF c = centre_ / span;

  QSet<TileKey> wanted;
  for (int layer = SlideLayer; layer <= (overlayOn ? OverlayLayer : SlideLayer); ++layer)
    for (int row = ring.row0; row <= ring.row1; ++row)
      for (int col = ring.col0; col <= ring.col1; ++col) {
        const TileKey key{layer, level, col, row};
        wanted.insert(key);
        if (pending_.contains(key) || cache_.contains(key) || deliveredInView_.contains(key)) continue;
        const bool visible = col >= v.col0 && col <= v.col1 && row >= v.row0 && row <= v.row1;
        const double dist = std::hypot(col + 0.5 - c.x(), row + 0.5 - c.y());
        // Visible tiles first (nearest the centre first), slide before overlay, then the ring.
        const int priority = (visible ? 1000000 : 0) + (layer == SlideLayer ? 1000 : 0) - static_cast<int>(dist * 10);
        submit(key, priority);
      }
  // Queued reads the view has moved away from are dropped before they start.
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!wanted.contains(it.key())) {
      it.value()->cancelled = true;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  checkComplete();
}

void SlideView::submit(const TileKey& key, int priority) {
  auto pending = std::make_shared<Pending>();
  pending_.insert(key, pending);
  const DisplayLevel level = levels_[key.level];
  const quint64 gen = key.layer == SlideLayer ? slideGeneration_ : overlayGeneration_;
  auto reader = slide_;
  auto overlay = overlay_;
  QPointer<SlideView> self(this);
  auto* task = new TileTask;
  task->work = [self, key, pending, level, gen, reader, overlay] {
    if (pending->cancelled) return;
    QImage image;
    QString error;
    try {
      image = key.layer == SlideLayer ? readSlideTile(*reader, level, key.col, key.row)
                                      : readOverlayTile(*overlay, level, key.col, key.row);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    // Queued to the GUI thread; dropped by Qt if the view is gone by then.
    if (self)
      QMetaObject::invokeMethod(
          self.data(), [self, key, gen, image, error] {
            if (self) self->tileArrived(key, gen, image, error);
          },
          Qt::QueuedConnection);
  };
  pool_.start(task, priority);
}

void SlideView::tileArrived(const TileKey& key, quint64 generation, const QImage& image, const QString& error) {
  if (generation != (key.layer == SlideLayer ? slideGeneration_ : overlayGeneration_)) return;
  pending_.remove(key);
  ++tilesDecoded_;
  QImage tile = image;
  if (!error.isEmpty()) {
    // A tile that cannot be decoded (truncated or damaged file) is shown as a grey hatched square
    // so that the view completes, and reported once.
    const DisplayLevel& d = levels_[key.level];
    const int w = static_cast<int>(std::min<std::int64_t>(kTileSize, d.width - std::int64_t(key.col) * kTileSize));
    const int h = static_cast<int>(std::min<std::int64_t>(kTileSize, d.height - std::int64_t(key.row) * kTileSize));
    if (key.layer == SlideLayer) {
      tile = QImage(w, h, QImage::Format_RGB32);
      tile.fill(QColor(200, 200, 200));
      QPainter p(&tile);
      p.setPen(QColor(150, 150, 150));
      for (int i = -h; i < w; i += 16) p.drawLine(i, 0, i + h, h);
    } else {
      tile = QImage(w, h, QImage::Format_Indexed8);
      tile.fill(overlay_ ? overlay_->metadata().background : 4);
    }
    if (!failureReported_) {
      failureReported_ = true;
      Q_EMIT tileReadFailed(error);
    }
  }
  if (key.layer == OverlayLayer) tile.setColorTable(colourTable_);
  deliveredInView_.insert(key);
  cache_.insert(key, std::move(tile));
  update();
  if (pending_.isEmpty()) requestTiles();  // e.g. tiles evicted before they were drawn
  checkComplete();
}

int SlideView::missingVisibleTiles() const {
  if (!slide_ || levels_.isEmpty()) return 0;
  const int level = currentLevel();
  const TileRange v = tilesCovering(level, visibleRegion());
  const bool overlayOn = overlay_ && overlayVisible_;
  int missing = 0;
  for (int layer = SlideLayer; layer <= (overlayOn ? OverlayLayer : SlideLayer); ++layer)
    for (int row = v.row0; row <= v.row1; ++row)
      for (int col = v.col0; col <= v.col1; ++col)
        if (!cache_.contains(TileKey{layer, level, col, row})) ++missing;
  return missing;
}

void SlideView::checkComplete() {
  if (completeReported_ || !slide_ || missingVisibleTiles() > 0) return;
  completeReported_ = true;
  Q_EMIT viewComplete();
}

// ---- painting ---------------------------------------------------------------------------------

QImage SlideView::tileForPainting(int layer, const QImage& cached) const {
  if (layer == SlideLayer || cached.colorTable() == colourTable_) return cached;
  QImage img = cached;  // shares the pixels; only the colour table differs
  img.setColorTable(colourTable_);
  return img;
}

void SlideView::drawTile(QPainter& p, int layer, const QImage& tile, int level, int col, int row, const QRectF& clip) {
  const QRectF whole = tileRectLevel0(level, col, row);
  if (clip.isNull()) {
    p.drawImage(screenRect(whole), tileForPainting(layer, tile));
    return;
  }
  drawPart(p, tileForPainting(layer, tile), whole, clip);
}

// Draws the part of `image` (which covers level-0 rectangle `covers`) that lies in `part`, so that
// a small image scaled up far beyond the screen costs only what is visible.
void SlideView::drawPart(QPainter& p, const QImage& image, const QRectF& covers, const QRectF& part) {
  const QRectF r = covers.intersected(part);
  if (r.isEmpty()) return;
  const double sx = image.width() / covers.width(), sy = image.height() / covers.height();
  const QRectF source((r.left() - covers.left()) * sx, (r.top() - covers.top()) * sy, r.width() * sx, r.height() * sy);
  p.drawImage(QRectF(toWidget(r.topLeft()), toWidget(r.bottomRight())), image, source);
}

// Draws the visible tiles of `level`; where one is missing, the cached tiles of the nearest
// coarser levels that cover it (scaled up), coarsest first.
void SlideView::drawLayer(QPainter& p, int layer, int level, const QRectF& visible) {
  const TileRange v = tilesCovering(level, visible);
  for (int row = v.row0; row <= v.row1; ++row)
    for (int col = v.col0; col <= v.col1; ++col) {
      if (const QImage* tile = cache_.find(TileKey{layer, level, col, row})) {
        drawTile(p, layer, *tile, level, col, row, QRectF());
        continue;
      }
      const QRectF area = tileRectLevel0(level, col, row);
      QVector<int> fallbacks;
      for (int l = level + 1; l < levels_.size(); ++l) {
        const TileRange c = tilesCovering(l, area.adjusted(0, 0, -1e-6, -1e-6));
        bool any = false, all = true;
        for (int r = c.row0; r <= c.row1; ++r)
          for (int q = c.col0; q <= c.col1; ++q) {
            const bool has = cache_.contains(TileKey{layer, l, q, r});
            any |= has;
            all &= has;
          }
        if (any) fallbacks.push_back(l);
        if (all) break;
      }
      for (int i = fallbacks.size() - 1; i >= 0; --i) {
        const int l = fallbacks[i];
        const TileRange c = tilesCovering(l, area.adjusted(0, 0, -1e-6, -1e-6));
        for (int r = c.row0; r <= c.row1; ++r)
          for (int q = c.col0; q <= c.col1; ++q)
            if (const QImage* t = cache_.find(TileKey{layer, l, q, r})) drawTile(p, layer, *t, l, q, r, area);
      }
    }
}

void SlideView::drawLiveLayer(QPainter& p, const QRectF& visible) {
  for (const LivePiece& piece : livePieces_) {
    if (!piece.level0Rect.intersects(visible)) continue;
    drawPart(p, liveKind_ == LiveKind::ClassMask ? tileForPainting(OverlayLayer, piece.image) : piece.image,
             piece.level0Rect, visible);
  }
}

void SlideView::drawRegion(QPainter& p) {
  const bool polygonInProgress = drawingRegion_ && regionShape_ == RegionShape::Polygon && !polygon_.isEmpty();
  if (region_.isEmpty() && !polygonInProgress) return;
  QPolygonF outline;
  for (const QPointF& q : polygon_) outline << toWidget(q);
  if (polygonInProgress) outline << hover_;
  p.setBrush(Qt::NoBrush);
  p.setRenderHint(QPainter::Antialiasing, true);
  for (int pass = 0; pass < 2; ++pass) {
    p.setPen(pass == 0 ? QPen(QColor(0, 0, 0, 200), 3) : QPen(QColor(255, 220, 0), 1.5, Qt::DashLine));
    if (polygonInProgress) p.drawPolyline(outline);
    else if (outline.size() >= 3) p.drawPolygon(outline);
    else p.drawRect(QRectF(toWidget(region_.topLeft()), toWidget(region_.bottomRight())));
  }
  p.setRenderHint(QPainter::Antialiasing, false);
}

void SlideView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(48, 48, 48));
  if (!slide_) {
    p.setPen(QColor(200, 200, 200));
    p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
               opening_ ? tr("Opening the slide…") : placeholder_);
    return;
  }
  const QRectF slideRect(0, 0, slide_->width(), slide_->height());
  const QRectF vis = visibleRegion().intersected(slideRect);
  const QRect slideOnScreen = screenRect(slideRect);
  p.fillRect(slideOnScreen, Qt::white);
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  if (!thumbnail_.isNull()) drawPart(p, thumbnail_, slideRect, vis);
  const int level = currentLevel();
  drawLayer(p, SlideLayer, level, vis);
  if (overlay_ && overlayVisible_ && overlayOpacity_ > 0) {
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // class borders stay crisp
    p.setOpacity(overlayOpacity_);
    drawLayer(p, OverlayLayer, level, vis);
    p.setOpacity(1.0);
  }
  if (liveKind_ != LiveKind::None && overlayVisible_ && overlayOpacity_ > 0) {
    p.setRenderHint(QPainter::SmoothPixmapTransform, liveKind_ == LiveKind::HeatMap);
    p.setOpacity(overlayOpacity_);
    drawLiveLayer(p, vis);
    p.setOpacity(1.0);
  }
  drawRegion(p);
  paintScaleBar(p, scaleBarFor(umPerScreenPixel()), QPoint(10, height() - 10));
  // Zoom read-out, bottom right.
  const DisplayLevel& d = levels_[level];
  QString info = tr("level %1 · %2 %").arg(d.sourceLevel).arg(100.0 / scale_, 0, 'f', scale_ > 10 ? 1 : 0);
  if (const auto op = slide_->objectivePower()) info += tr(" · %1×").arg(*op / scale_, 0, 'g', 3);
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
    clampView();
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
  if (regionTool_ && slide_ && e->button() == Qt::LeftButton) {
    const QRectF slideRect(0, 0, slide_->width(), slide_->height());
    const QPointF at = toSlide(e->position());
    if (regionShape_ == RegionShape::Polygon) {
      if (!drawingRegion_) polygon_.clear();
      drawingRegion_ = true;
      region_ = QRectF();
      polygon_ << QPointF(std::clamp(at.x(), 0.0, slideRect.right()), std::clamp(at.y(), 0.0, slideRect.bottom()));
      hover_ = e->position();
    } else {
      drawingRegion_ = true;
      regionStart_ = at;
      region_ = QRectF();
      polygon_.clear();
    }
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
  if (drawingRegion_ && regionShape_ == RegionShape::Polygon) {
    hover_ = e->position();
    update();
    return;
  }
  if (drawingRegion_) {
    const QRectF slideRect(0, 0, slide_->width(), slide_->height());
    region_ = QRectF(regionStart_, toSlide(e->position())).normalized().intersected(slideRect);
    update();
    return;
  }
  if (!dragging_) return;
  const QPoint pos = e->position().toPoint();
  panBy(pos - dragLast_);
  dragLast_ = pos;
}

void SlideView::mouseReleaseEvent(QMouseEvent* e) {
  if (drawingRegion_ && regionShape_ == RegionShape::Polygon) return;  // corners are added on press
  if (drawingRegion_ && e->button() == Qt::LeftButton) {
    drawingRegion_ = false;
    const QRectF slideRect(0, 0, slide_->width(), slide_->height());
    region_ = QRectF(regionStart_, toSlide(e->position())).normalized().intersected(slideRect);
    // A click without a drag (under 3 screen pixels either way) draws nothing.
    if (region_.width() < 3 * scale_ || region_.height() < 3 * scale_) region_ = QRectF();
    polygon_.clear();
    if (!region_.isEmpty()) polygon_ = QPolygonF(region_);
    update();
    if (!region_.isEmpty()) Q_EMIT regionDrawn(region_);
    return;
  }
  if (e->button() == Qt::LeftButton) {
    dragging_ = false;
    unsetCursor();
  }
}

void SlideView::mouseDoubleClickEvent(QMouseEvent* e) {
  if (regionTool_ && drawingRegion_ && regionShape_ == RegionShape::Polygon) finishPolygon();
  else if (!regionTool_) zoomBy(2.0, e->position());
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
      if (!(drawingRegion_ && regionShape_ == RegionShape::Polygon)) {
        QWidget::keyPressEvent(e);
        return;
      }
      finishPolygon();
      break;
    case Qt::Key_Escape:
      if (!regionTool_ && region_.isEmpty()) {
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
