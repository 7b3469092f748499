#pragma once
// Internals shared by the mask exchange formats (mask_exchange.cpp: outlines and rasterising;
// mask_exchange_geojson.cpp: GeoJSON; mask_exchange_asap.cpp: ASAP XML). Not a public interface.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "data/mask_exchange.h"

namespace arml::data::exchange_detail {

// Twice the signed area of a ring (negative for the outer rings of maskToPolygons).
long long signedArea2(const Ring& r);
std::string className(const ExchangeOptions& o, int index);
std::array<std::uint8_t, 3> classColour(const ExchangeOptions& o, int index);
// A name shown in a message: at most 80 bytes, control characters as '?'.
std::string quoted(const std::string& s);
// The class index of a name: a project class, or "class <i>" for i in 0..255.
int classByName(const ExchangeOptions& o, const std::string& name, const std::string& source, const std::string& where);
// Mask pixel corners -> output coordinates (scale, then offset).
std::vector<cv::Point2d> toOutput(const Ring& r, const ExchangeOptions& o);
void checkOptions(const ExchangeOptions& o, const std::string& source);
// A vertex read from a file, mapped into mask pixels; non-finite or absurdly far ones are refused.
cv::Point2d toMaskPoint(double x, double y, const ExchangeOptions& o, const std::string& source, const std::string& where);


// The rows whose pixel centre y + 0.5 lies in [min(a.y, b.y), max(a.y, b.y)): those the edge crosses.
struct ScanEdge {
  cv::Point2d a, b;
  int firstRow, endRow;  // [firstRow, endRow), clipped to the image
};

inline int clampedRow(double v, int rows) { return static_cast<int>(std::clamp(v, -1.0, static_cast<double>(rows) + 1)); }

// Calls span(y, xa, xb) for every run of pixels xa..xb of row y whose centres lie inside the rings
// (even-odd). An active-edge scan: the work is edges + rows crossed, never edges × rows.
template <typename Span>
void forEachSpan(const std::vector<std::vector<cv::Point2d>>& rings, cv::Size size, Span span) {
  std::vector<ScanEdge> edges;
  for (const auto& r : rings)
    for (size_t i = 0; i < r.size(); ++i) {
      const cv::Point2d& p = r[i];
      const cv::Point2d& q = r[(i + 1) % r.size()];
      if (p.y == q.y) continue;
      const double lo = std::min(p.y, q.y), hi = std::max(p.y, q.y);
      // One row of margin on each side; the exact test below decides.
      const int first = std::max(0, clampedRow(std::floor(lo - 0.5), size.height));
      const int end = std::min(size.height, clampedRow(std::ceil(hi - 0.5) + 1, size.height));
      if (first < end) edges.push_back({p, q, first, end});
    }
  std::sort(edges.begin(), edges.end(), [](const ScanEdge& a, const ScanEdge& b) { return a.firstRow < b.firstRow; });
  std::vector<const ScanEdge*> active;
  std::vector<double> xs;
  size_t next = 0;
  for (int y = 0; y < size.height && (next < edges.size() || !active.empty()); ++y) {
    if (active.empty() && next < edges.size() && edges[next].firstRow > y) y = edges[next].firstRow;
    while (next < edges.size() && edges[next].firstRow <= y) active.push_back(&edges[next++]);
    active.erase(std::remove_if(active.begin(), active.end(), [y](const ScanEdge* e) { return e->endRow <= y; }),
                 active.end());
    const double cy = y + 0.5;
    xs.clear();
    for (const ScanEdge* e : active) {
      const cv::Point2d& p = e->a;
      const cv::Point2d& q = e->b;
      if ((p.y <= cy && q.y > cy) || (q.y <= cy && p.y > cy)) xs.push_back(p.x + (cy - p.y) * (q.x - p.x) / (q.y - p.y));
    }
    std::sort(xs.begin(), xs.end());
    for (size_t i = 0; i + 1 < xs.size(); i += 2) {
      const double a = std::clamp(std::ceil(xs[i] - 0.5), 0.0, static_cast<double>(size.width));
      const double b = std::clamp(std::ceil(xs[i + 1] - 0.5) - 1, -1.0, static_cast<double>(size.width) - 1);
      if (a <= b) span(y, static_cast<int>(a), static_cast<int>(b));
    }
  }
}

}  // namespace arml::data::exchange_detail
