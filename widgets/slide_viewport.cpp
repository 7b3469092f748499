#include "widgets/slide_viewport.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "slide/slide_reader.h"

namespace arml::widgets {

void SlideViewport::setSlide(const std::vector<slide::SlideLevel>& sl) {
  levels_.clear();
  slideWidth_ = sl.empty() ? 0 : sl.front().width;
  slideHeight_ = sl.empty() ? 0 : sl.front().height;
  if (sl.empty()) return;
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
      v.width = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(slideWidth_ / ds)));
      v.height = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(slideHeight_ / ds)));
      v.virtual_ = true;
      levels_.push_back(v);
    }
  }
  // Without an overview level (a huge image without a pyramid), the view cannot zoom out past the
  // coarsest display level.
  overviewLimited_ = std::max(levels_.back().width, levels_.back().height) > kMaxOverviewSide;
}

double SlideViewport::maxScale() const {
  if (!hasSlide()) return 1.0;
  if (overviewLimited_) return std::max(kMinScale, levels_.back().downsample);
  return std::max(kMinScale, fitScale() * 2.0);
}

int SlideViewport::currentLevel() const {
  if (levels_.isEmpty()) return -1;
  int best = 0;
  for (int i = 0; i < levels_.size(); ++i)
    if (levels_[i].downsample <= scale_ * (1 + 1e-6)) best = i;
  return best;
}

double SlideViewport::fitScale() const {
  if (!hasSlide()) return 1.0;
  return std::max(double(slideWidth_) / std::max(1, widgetSize_.width()),
                  double(slideHeight_) / std::max(1, widgetSize_.height()));
}

void SlideViewport::fit() {
  if (!hasSlide()) return;
  setView(QPointF(slideWidth_ / 2.0, slideHeight_ / 2.0), fitScale());
}

void SlideViewport::setView(const QPointF& level0Centre, double scale) {
  centre_ = level0Centre;
  scale_ = scale;
  clamp();
}

void SlideViewport::clamp() {
  if (!hasSlide()) return;
  scale_ = std::clamp(scale_, kMinScale, maxScale());
  centre_.setX(std::clamp(centre_.x(), 0.0, double(slideWidth_)));
  centre_.setY(std::clamp(centre_.y(), 0.0, double(slideHeight_)));
}

bool SlideViewport::zoomBy(double factor, const QPointF& anchor) {
  if (!hasSlide() || !(factor > 0)) return false;
  const QPointF fixed = toSlide(anchor);
  const double newScale = std::clamp(scale_ / factor, kMinScale, maxScale());
  // Keep `fixed` under `anchor`: centre = fixed - (anchor - widgetCentre) * newScale.
  const QPointF fromCentre = anchor - QPointF(widgetSize_.width() / 2.0, widgetSize_.height() / 2.0);
  setView(fixed - fromCentre * newScale, newScale);
  return true;
}

QRectF SlideViewport::visibleRegion() const {
  const double w = widgetSize_.width() * scale_, h = widgetSize_.height() * scale_;
  return {centre_.x() - w / 2, centre_.y() - h / 2, w, h};
}

QPointF SlideViewport::toSlide(const QPointF& p) const {
  return centre_ + (p - QPointF(widgetSize_.width() / 2.0, widgetSize_.height() / 2.0)) * scale_;
}

QPointF SlideViewport::toWidget(const QPointF& q) const {
  return (q - centre_) / scale_ + QPointF(widgetSize_.width() / 2.0, widgetSize_.height() / 2.0);
}

QRect SlideViewport::screenRect(const QRectF& r) const {
  const QPointF a = toWidget(r.topLeft()), b = toWidget(r.bottomRight());
  const int x0 = static_cast<int>(std::lround(a.x())), y0 = static_cast<int>(std::lround(a.y()));
  const int x1 = static_cast<int>(std::lround(b.x())), y1 = static_cast<int>(std::lround(b.y()));
  return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

TileRange SlideViewport::tilesCovering(int level, const QRectF& r) const {
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

QRectF SlideViewport::tileRectLevel0(int level, int col, int row) const {
  const DisplayLevel& d = levels_[level];
  const double x = double(col) * kTileSize, y = double(row) * kTileSize;
  const double w = std::min<double>(kTileSize, d.width - x), h = std::min<double>(kTileSize, d.height - y);
  // The last column/row ends at the slide's edge, whatever the rounding of the level's size.
  const double right = (x + w >= d.width) ? double(slideWidth_) : (x + w) * d.downsample;
  const double bottom = (y + h >= d.height) ? double(slideHeight_) : (y + h) * d.downsample;
  return QRectF(QPointF(x * d.downsample, y * d.downsample), QPointF(right, bottom));
}

QSize SlideViewport::tileSize(const DisplayLevel& d, int col, int row) {
  const int w = static_cast<int>(std::min<std::int64_t>(kTileSize, d.width - std::int64_t(col) * kTileSize));
  const int h = static_cast<int>(std::min<std::int64_t>(kTileSize, d.height - std::int64_t(row) * kTileSize));
  return {w, h};
}

}  // namespace arml::widgets
