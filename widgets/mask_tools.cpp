#include "widgets/mask_tools.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "widgets/mask_edit_commands.h"

namespace arml::widgets {

namespace {

inline bool allowed(quint8 current, int onlyOver) { return onlyOver < 0 || current == onlyOver; }

// Flood fill from seed over pixels for which `inside(value)` holds (4-connected, scanline spans).
template <typename Inside>
QRect flood(MaskModel& m, QPoint seed, int value, int onlyOver, Inside inside) {
  if (!m.rect().contains(seed)) return {};
  const int w = m.width(), h = m.height();
  const quint8* src = m.constBits();
  if (!inside(src[static_cast<qsizetype>(seed.y()) * w + seed.x()])) return {};
  std::vector<quint8> seen(static_cast<size_t>(w) * h, 0);
  std::vector<QPoint> stack{seed};
  std::vector<std::pair<int, QPair<int, int>>> spans;  // y, [x0, x1]
  int minX = w, maxX = -1, minY = h, maxY = -1;
  while (!stack.empty()) {
    const QPoint p = stack.back();
    stack.pop_back();
    const size_t row = static_cast<size_t>(p.y()) * w;
    if (seen[row + p.x()] || !inside(src[row + p.x()])) continue;
    int x0 = p.x(), x1 = p.x();
    while (x0 > 0 && !seen[row + x0 - 1] && inside(src[row + x0 - 1])) --x0;
    while (x1 < w - 1 && !seen[row + x1 + 1] && inside(src[row + x1 + 1])) ++x1;
    for (int x = x0; x <= x1; ++x) seen[row + x] = 1;
    spans.push_back({p.y(), {x0, x1}});
    minX = std::min(minX, x0), maxX = std::max(maxX, x1), minY = std::min(minY, p.y()), maxY = std::max(maxY, p.y());
    for (int ny : {p.y() - 1, p.y() + 1}) {
      if (ny < 0 || ny >= h) continue;
      const size_t nrow = static_cast<size_t>(ny) * w;
      for (int x = x0; x <= x1; ++x)
        if (!seen[nrow + x] && inside(src[nrow + x]) && (x == x0 || !inside(src[nrow + x - 1]) || seen[nrow + x - 1]))
          stack.push_back({x, ny});
    }
  }
  if (maxX < 0) return {};
  for (const auto& [y, span] : spans) m.touch(QRect(span.first, y, span.second - span.first + 1, 1));
  quint8* dst = m.bits();
  for (const auto& [y, span] : spans)
    for (int x = span.first; x <= span.second; ++x) {
      quint8& px = dst[static_cast<qsizetype>(y) * w + x];
      if (allowed(px, onlyOver)) px = static_cast<quint8>(value);
    }
  return QRect(QPoint(minX, minY), QPoint(maxX, maxY));
}

}  // namespace

QRect paintSegment(MaskModel& m, QPointF a, QPointF b, double diameter, int value, int onlyOver) {
  const double r = std::max(0.5, diameter / 2.0);
  const QRectF box = QRectF(a, b).normalized().adjusted(-r, -r, r, r);
  const QRect bounds = QRect(QPoint(static_cast<int>(std::floor(box.left())), static_cast<int>(std::floor(box.top()))),
                             QPoint(static_cast<int>(std::ceil(box.right())), static_cast<int>(std::ceil(box.bottom()))))
                           .intersected(m.rect());
  if (bounds.isEmpty()) return {};
  m.touch(bounds);
  quint8* dst = m.bits();
  const int w = m.width();
  const double dx = b.x() - a.x(), dy = b.y() - a.y();
  const double len2 = dx * dx + dy * dy;
  const double r2 = r * r;
  for (int y = bounds.top(); y <= bounds.bottom(); ++y) {
    const double cy = y + 0.5;
    quint8* row = dst + static_cast<qsizetype>(y) * w;
    for (int x = bounds.left(); x <= bounds.right(); ++x) {
      const double cx = x + 0.5;
      double t = len2 > 0 ? ((cx - a.x()) * dx + (cy - a.y()) * dy) / len2 : 0.0;
      t = std::clamp(t, 0.0, 1.0);
      const double ex = cx - (a.x() + t * dx), ey = cy - (a.y() + t * dy);
      if (ex * ex + ey * ey <= r2 && allowed(row[x], onlyOver)) row[x] = static_cast<quint8>(value);
    }
  }
  return bounds;
}

QRect fillPolygon(MaskModel& m, const QPolygonF& polygon, int value, int onlyOver) {
  if (polygon.size() < 3) return {};
  const QRect bounds = polygon.boundingRect().toAlignedRect().intersected(m.rect());
  if (bounds.isEmpty()) return {};
  m.touch(bounds);
  quint8* dst = m.bits();
  std::vector<double> xs;
  for (int y = bounds.top(); y <= bounds.bottom(); ++y) {
    const double cy = y + 0.5;
    xs.clear();
    for (int i = 0; i < polygon.size(); ++i) {
      const QPointF p = polygon[i], q = polygon[(i + 1) % polygon.size()];
      if ((p.y() <= cy && q.y() > cy) || (q.y() <= cy && p.y() > cy))
        xs.push_back(p.x() + (cy - p.y()) * (q.x() - p.x()) / (q.y() - p.y()));
    }
    std::sort(xs.begin(), xs.end());
    quint8* row = dst + static_cast<qsizetype>(y) * m.width();
    for (size_t i = 0; i + 1 < xs.size(); i += 2) {
      const int x0 = std::max(bounds.left(), static_cast<int>(std::ceil(xs[i] - 0.5)));
      const int x1 = std::min(bounds.right(), static_cast<int>(std::ceil(xs[i + 1] - 0.5)) - 1);
      for (int x = x0; x <= x1; ++x)
        if (allowed(row[x], onlyOver)) row[x] = static_cast<quint8>(value);
    }
  }
  return bounds;
}

QRect bucketFill(MaskModel& m, QPoint seed, int value, int onlyOver) {
  if (!m.rect().contains(seed)) return {};
  const quint8 target = m.at(seed.x(), seed.y());
  if (target == value) return {};
  return flood(m, seed, value, onlyOver, [target](quint8 v) { return v == target; });
}

QRect relabelRegion(MaskModel& m, QPoint seed, int value, int background, int onlyOver) {
  return flood(m, seed, value, onlyOver, [background](quint8 v) { return v != background; });
}

}  // namespace arml::widgets
