#include "data/mask_exchange.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "data/mask_exchange_detail.h"

// The outlines of a mask, rasterising them back, and the helpers the formats share. The formats:
// mask_exchange_geojson.cpp (GeoJSON) and mask_exchange_asap.cpp (ASAP XML).
namespace arml::data {

namespace exchange_detail {

long long signedArea2(const Ring& r) {
  long long s = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    const cv::Point& a = r[i];
    const cv::Point& b = r[(i + 1) % r.size()];
    s += static_cast<long long>(a.x) * b.y - static_cast<long long>(b.x) * a.y;
  }
  return s;
}

std::string className(const ExchangeOptions& o, int index) {
  if (index >= 0 && index < static_cast<int>(o.classes.size()) && !o.classes[index].name.empty())
    return o.classes[index].name;
  return "class " + std::to_string(index);
}

std::array<std::uint8_t, 3> classColour(const ExchangeOptions& o, int index) {
  if (index >= 0 && index < static_cast<int>(o.classes.size())) return o.classes[index].colour;
  return {128, 128, 128};
}

// A name shown in a message: at most 80 bytes, control characters as '?'.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < 80; ++i) out += (static_cast<unsigned char>(s[i]) < 0x20) ? '?' : s[i];
  if (s.size() > 80) out += "...";
  return out + "\"";
}

// The class index of a name: a project class, or "class <i>" for i in 0..255.
int classByName(const ExchangeOptions& o, const std::string& name, const std::string& source, const std::string& where) {
  for (int i = 0; i < static_cast<int>(o.classes.size()); ++i)
    if (o.classes[i].name == name) return i;
  const std::string prefix = "class ";
  if (name.size() > prefix.size() && name.size() <= prefix.size() + 3 && name.compare(0, prefix.size(), prefix) == 0 &&
      std::all_of(name.begin() + prefix.size(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const int i = std::stoi(name.substr(prefix.size()));
    if (i <= 255) return i;
  }
  throw InputError(source, where + ": unknown class " + quoted(name));
}

std::vector<cv::Point2d> toOutput(const Ring& r, const ExchangeOptions& o) {
  std::vector<cv::Point2d> out;
  out.reserve(r.size());
  for (const cv::Point& p : r) out.emplace_back(p.x * o.scale + o.offsetX, p.y * o.scale + o.offsetY);
  return out;
}

void checkOptions(const ExchangeOptions& o, const std::string& source) {
  if (!(o.scale > 0) || !std::isfinite(o.scale) || !std::isfinite(o.offsetX) || !std::isfinite(o.offsetY))
    throw InputError(source, "invalid coordinate mapping (scale must be positive and finite)");
}

// A vertex read from a file, mapped into mask pixels; non-finite or absurdly far ones are refused.
cv::Point2d toMaskPoint(double x, double y, const ExchangeOptions& o, const std::string& source, const std::string& where) {
  if (!std::isfinite(x) || !std::isfinite(y)) throw InputError(source, where + ": coordinate is not a finite number");
  const cv::Point2d p((x - o.offsetX) / o.scale, (y - o.offsetY) / o.scale);
  if (!(std::fabs(p.x) <= o.limits.maxCoordinate && std::fabs(p.y) <= o.limits.maxCoordinate))
    throw InputError(source, where + ": coordinate (" + std::to_string(x) + ", " + std::to_string(y) +
                                 ") is far outside any image");
  return p;
}
}  // namespace exchange_detail

namespace {

// Directions of a boundary edge: 0 +x, 1 +y, 2 -x, 3 -y (image coordinates, y down). Edges are
// directed with the region on their left, so turning left at a vertex where two diagonal pixels
// meet keeps regions 4-connected.
constexpr int kDx[4] = {1, 0, -1, 0};
constexpr int kDy[4] = {0, 1, 0, -1};

}  // namespace

using namespace exchange_detail;

std::string readExchangeFile(const std::filesystem::path& path, std::size_t maxBytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(path.string(), std::filesystem::exists(path) ? "cannot be read" : "no such file");
  if (size > maxBytes)
    throw InputError(path.string(), "is " + std::to_string(size >> 20) + " MiB; annotation files larger than " +
                                        std::to_string(maxBytes >> 20) + " MiB are refused");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), "cannot be read");
  std::string text(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(text.data(), static_cast<std::streamsize>(size))) throw InputError(path.string(), "read failed");
  return text;
}

std::vector<RegionPolygon> maskToPolygons(const cv::Mat& indices, bool includeBackground, int background) {
  CV_Assert(indices.type() == CV_8UC1);
  const int w = indices.cols, h = indices.rows;
  const int vw = w + 1;
  std::vector<RegionPolygon> out;
  bool present[256] = {false};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) present[indices.at<std::uint8_t>(y, x)] = true;
  std::vector<std::uint8_t> edges(static_cast<size_t>(vw) * (h + 1));
  for (int c = 0; c < 256; ++c) {
    if (!present[c] || (!includeBackground && c == background)) continue;
    const cv::Mat binary = indices == c;
    cv::Mat labels;
    const int n = cv::connectedComponents(binary, labels, 4, CV_32S);
    std::fill(edges.begin(), edges.end(), 0);
    auto in = [&](int x, int y) { return x >= 0 && y >= 0 && x < w && y < h && binary.at<std::uint8_t>(y, x); };
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        if (!binary.at<std::uint8_t>(y, x)) continue;
        if (!in(x, y - 1)) edges[static_cast<size_t>(y) * vw + x + 1] |= 1 << 2;
        if (!in(x, y + 1)) edges[static_cast<size_t>(y + 1) * vw + x] |= 1 << 0;
        if (!in(x - 1, y)) edges[static_cast<size_t>(y) * vw + x] |= 1 << 1;
        if (!in(x + 1, y)) edges[static_cast<size_t>(y + 1) * vw + x + 1] |= 1 << 3;
      }
    std::vector<RegionPolygon> regions(static_cast<size_t>(n));
    for (int vy = 0; vy <= h; ++vy)
      for (int vx = 0; vx <= w; ++vx) {
        while (edges[static_cast<size_t>(vy) * vw + vx]) {
          const std::uint8_t bits = edges[static_cast<size_t>(vy) * vw + vx];
          int d0 = 0;
          while (!(bits & (1 << d0))) ++d0;
          // The pixel on the left of the first edge names the region.
          const int px = d0 == 0 ? vx : d0 == 1 ? vx : d0 == 2 ? vx - 1 : vx - 1;
          const int py = d0 == 0 ? vy - 1 : d0 == 1 ? vy : d0 == 2 ? vy : vy - 1;
          const int label = labels.at<int>(py, px);
          Ring ring;
          int x = vx, y = vy, d = d0;
          for (;;) {
            edges[static_cast<size_t>(y) * vw + x] &= static_cast<std::uint8_t>(~(1 << d));
            x += kDx[d];
            y += kDy[d];
            const std::uint8_t here = edges[static_cast<size_t>(y) * vw + x];
            int next = -1;
            bool closed = false;
            for (int c2 : {(d + 3) % 4, d, (d + 1) % 4}) {
              if (x == vx && y == vy && c2 == d0) {
                closed = true;
                break;
              }
              if (here & (1 << c2)) {
                next = c2;
                break;
              }
            }
            if (closed) {
              if (d != d0) ring.emplace_back(x, y);
              break;
            }
            CV_Assert(next >= 0);
            if (next != d) ring.emplace_back(x, y);
            d = next;
          }
          // Start the ring at its first corner so that no vertex lies mid-edge.
          const long long a2 = signedArea2(ring);
          RegionPolygon& r = regions[static_cast<size_t>(label)];
          r.classIndex = c;
          if (a2 < 0) {
            r.outer = std::move(ring);
            r.area += -a2 / 2;
          } else {
            r.area -= a2 / 2;
            r.holes.push_back(std::move(ring));
          }
        }
      }
    for (int i = 1; i < n; ++i) out.push_back(std::move(regions[static_cast<size_t>(i)]));
  }
  return out;
}

long long rasterisePolygon(cv::Mat& indices, const std::vector<std::vector<cv::Point2d>>& rings, int value) {
  CV_Assert(indices.type() == CV_8UC1);
  long long count = 0;
  forEachSpan(rings, indices.size(), [&](int y, int xa, int xb) {
    auto* row = indices.ptr<std::uint8_t>(y);
    std::fill(row + xa, row + xb + 1, static_cast<std::uint8_t>(value));
    count += xb - xa + 1;
  });
  return count;
}
}  // namespace arml::data
