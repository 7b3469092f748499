#include "data/mask_exchange.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.h"

namespace arml::data {

namespace {

using json = nlohmann::json;

// Directions of a boundary edge: 0 +x, 1 +y, 2 -x, 3 -y (image coordinates, y down). Edges are
// directed with the region on their left, so turning left at a vertex where two diagonal pixels
// meet keeps regions 4-connected.
constexpr int kDx[4] = {1, 0, -1, 0};
constexpr int kDy[4] = {0, 1, 0, -1};

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

int classByName(const ExchangeOptions& o, const std::string& name, const std::string& source) {
  for (int i = 0; i < static_cast<int>(o.classes.size()); ++i)
    if (o.classes[i].name == name) return i;
  if (name.rfind("class ", 0) == 0) {
    try {
      return std::stoi(name.substr(6));
    } catch (...) {
    }
  }
  throw InputError(source, "unknown class \"" + name + "\"");
}

std::vector<cv::Point2d> toOutput(const Ring& r, const ExchangeOptions& o) {
  std::vector<cv::Point2d> out;
  out.reserve(r.size());
  for (const cv::Point& p : r) out.emplace_back(p.x * o.scale + o.offsetX, p.y * o.scale + o.offsetY);
  return out;
}

std::vector<cv::Point2d> toMask(std::vector<cv::Point2d> r, const ExchangeOptions& o) {
  for (cv::Point2d& p : r) p = {(p.x - o.offsetX) / o.scale, (p.y - o.offsetY) / o.scale};
  return r;
}

json ringJson(const Ring& r, const ExchangeOptions& o) {
  json a = json::array();
  for (const cv::Point2d& p : toOutput(r, o)) a.push_back({p.x, p.y});
  if (!r.empty()) a.push_back(a.front());  // GeoJSON rings are closed
  return a;
}

std::string hexColour(const std::array<std::uint8_t, 3>& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02X%02X%02X", c[0], c[1], c[2]);
  return buf;
}

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string xmlUnescape(std::string s) {
  const std::pair<const char*, const char*> table[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : table)
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += std::strlen(to))
      s.replace(pos, std::strlen(from), to);
  return s;
}

std::map<std::string, std::string> attributes(const std::string& tag) {
  static const std::regex attr(R"re(([A-Za-z_:][\w:.-]*)\s*=\s*"([^"]*)")re");
  std::map<std::string, std::string> out;
  for (auto it = std::sregex_iterator(tag.begin(), tag.end(), attr); it != std::sregex_iterator(); ++it)
    out[(*it)[1]] = xmlUnescape((*it)[2]);
  return out;
}

}  // namespace

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
  double minY = 1e300, maxY = -1e300;
  for (const auto& r : rings)
    for (const auto& p : r) minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
  if (minY > maxY) return 0;
  const int y0 = std::max(0, static_cast<int>(std::floor(minY))), y1 = std::min(indices.rows - 1, static_cast<int>(std::ceil(maxY)));
  long long count = 0;
  std::vector<double> xs;
  for (int y = y0; y <= y1; ++y) {
    const double cy = y + 0.5;
    xs.clear();
    for (const auto& r : rings)
      for (size_t i = 0; i < r.size(); ++i) {
        const cv::Point2d& p = r[i];
        const cv::Point2d& q = r[(i + 1) % r.size()];
        if ((p.y <= cy && q.y > cy) || (q.y <= cy && p.y > cy)) xs.push_back(p.x + (cy - p.y) * (q.x - p.x) / (q.y - p.y));
      }
    std::sort(xs.begin(), xs.end());
    auto* row = indices.ptr<std::uint8_t>(y);
    for (size_t i = 0; i + 1 < xs.size(); i += 2) {
      const int xa = std::max(0, static_cast<int>(std::ceil(xs[i] - 0.5)));
      const int xb = std::min(indices.cols - 1, static_cast<int>(std::ceil(xs[i + 1] - 0.5)) - 1);
      for (int x = xa; x <= xb; ++x) row[x] = static_cast<std::uint8_t>(value), ++count;
    }
  }
  return count;
}

std::string maskToGeoJson(const cv::Mat& indices, const ExchangeOptions& o) {
  const std::vector<RegionPolygon> regions = maskToPolygons(indices, o.includeBackground, o.background);
  std::map<int, json> perClass;  // class -> array of polygons (each an array of rings)
  for (const RegionPolygon& r : regions) {
    json polygon = json::array({ringJson(r.outer, o)});
    for (const Ring& hole : r.holes) polygon.push_back(ringJson(hole, o));
    perClass[r.classIndex].push_back(std::move(polygon));
  }
  json features = json::array();
  for (auto& [c, polygons] : perClass) {
    json geometry;
    if (polygons.size() == 1) {
      geometry = {{"type", "Polygon"}, {"coordinates", polygons[0]}};
    } else {
      geometry = {{"type", "MultiPolygon"}, {"coordinates", polygons}};
    }
    const auto colour = classColour(o, c);
    features.push_back({{"type", "Feature"},
                        {"geometry", geometry},
                        {"properties",
                         {{"objectType", "annotation"},
                          {"classification", {{"name", className(o, c)}, {"color", {colour[0], colour[1], colour[2]}}}}}}});
  }
  return json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

cv::Mat geoJsonToMask(const std::string& text, cv::Size size, const ExchangeOptions& o, const std::string& source,
                      long long* overlaps) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const std::exception& e) {
    throw InputError(source, std::string("not JSON: ") + e.what());
  }
  json features;
  if (doc.is_array()) {
    features = doc;
  } else if (doc.value("type", "") == "FeatureCollection" && doc.contains("features")) {
    features = doc["features"];
  } else if (doc.value("type", "") == "Feature") {
    features = json::array({doc});
  } else {
    throw InputError(source, "expected a GeoJSON FeatureCollection, Feature or array of features");
  }
  cv::Mat mask(size, CV_8UC1, cv::Scalar(o.background));
  cv::Mat painted = cv::Mat::zeros(size, CV_8UC1);
  long long overlap = 0;
  for (const json& f : features) {
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object()) continue;
    const json& g = f["geometry"];
    const std::string type = g.value("type", "");
    if (type != "Polygon" && type != "MultiPolygon") continue;  // points, lines: nothing to fill
    std::string name;
    const json props = f.value("properties", json::object());
    if (props.contains("classification") && props["classification"].is_object())
      name = props["classification"].value("name", "");
    else if (props.contains("classification") && props["classification"].is_string())
      name = props["classification"].get<std::string>();
    if (name.empty()) throw InputError(source, "a polygon feature has no properties.classification.name");
    const int c = classByName(o, name, source);
    const json polygons = type == "Polygon" ? json::array({g["coordinates"]}) : g["coordinates"];
    std::vector<std::vector<cv::Point2d>> rings;
    try {
      for (const json& polygon : polygons)
        for (const json& ring : polygon) {
          std::vector<cv::Point2d> pts;
          for (const json& p : ring) pts.emplace_back(p.at(0).get<double>(), p.at(1).get<double>());
          if (pts.size() > 1 && pts.front() == pts.back()) pts.pop_back();
          rings.push_back(toMask(std::move(pts), o));
        }
    } catch (const json::exception& e) {
      throw InputError(source, std::string("bad coordinates: ") + e.what());
    }
    cv::Mat one(size, CV_8UC1, cv::Scalar(0));
    rasterisePolygon(one, rings, 1);
    for (int y = 0; y < size.height; ++y) {
      const auto* s = one.ptr<std::uint8_t>(y);
      auto* m = mask.ptr<std::uint8_t>(y);
      auto* p = painted.ptr<std::uint8_t>(y);
      for (int x = 0; x < size.width; ++x)
        if (s[x]) {
          overlap += p[x];
          p[x] = 1;
          m[x] = static_cast<std::uint8_t>(c);
        }
    }
  }
  if (overlaps) *overlaps = overlap;
  return mask;
}

std::string maskToAsapXml(const cv::Mat& indices, const ExchangeOptions& o) {
  std::vector<RegionPolygon> regions = maskToPolygons(indices, true, o.background);
  // Background regions are written only where they fill another region's hole (a region that
  // touches the image border is in nobody's hole), unless the background is asked for.
  regions.erase(std::remove_if(regions.begin(), regions.end(),
                               [&](const RegionPolygon& r) {
                                 if (r.classIndex != o.background || o.includeBackground) return false;
                                 for (const cv::Point& p : r.outer)
                                   if (p.x == 0 || p.y == 0 || p.x == indices.cols || p.y == indices.rows) return true;
                                 return false;
                               }),
                regions.end());
  // Painter's order: a region inside another's hole has a smaller filled outline, so it comes later.
  std::stable_sort(regions.begin(), regions.end(), [](const RegionPolygon& a, const RegionPolygon& b) {
    return std::llabs(signedArea2(a.outer)) > std::llabs(signedArea2(b.outer));
  });
  std::string xml = "<?xml version=\"1.0\"?>\n<ASAP_Annotations>\n\t<Annotations>\n";
  std::vector<int> used;
  for (size_t i = 0; i < regions.size(); ++i) {
    const RegionPolygon& r = regions[i];
    if (std::find(used.begin(), used.end(), r.classIndex) == used.end()) used.push_back(r.classIndex);
    xml += "\t\t<Annotation Name=\"Annotation " + std::to_string(i) + "\" Type=\"Polygon\" PartOfGroup=\"" +
           xmlEscape(className(o, r.classIndex)) + "\" Color=\"" + hexColour(classColour(o, r.classIndex)) +
           "\">\n\t\t\t<Coordinates>\n";
    const auto pts = toOutput(r.outer, o);
    char buf[128];
    for (size_t k = 0; k < pts.size(); ++k) {
      std::snprintf(buf, sizeof buf, "\t\t\t\t<Coordinate Order=\"%zu\" X=\"%.17g\" Y=\"%.17g\" />\n", k, pts[k].x, pts[k].y);
      xml += buf;
    }
    xml += "\t\t\t</Coordinates>\n\t\t</Annotation>\n";
  }
  xml += "\t</Annotations>\n\t<AnnotationGroups>\n";
  std::sort(used.begin(), used.end());
  for (int c : used)
    xml += "\t\t<Group Name=\"" + xmlEscape(className(o, c)) + "\" PartOfGroup=\"None\" Color=\"" +
           hexColour(classColour(o, c)) + "\">\n\t\t\t<Attributes />\n\t\t</Group>\n";
  xml += "\t</AnnotationGroups>\n</ASAP_Annotations>\n";
  return xml;
}

cv::Mat asapXmlToMask(const std::string& text, cv::Size size, const ExchangeOptions& o, const std::string& source) {
  if (text.find("<ASAP_Annotations") == std::string::npos) throw InputError(source, "not an ASAP_Annotations file");
  cv::Mat mask(size, CV_8UC1, cv::Scalar(o.background));
  size_t pos = 0;
  while ((pos = text.find("<Annotation ", pos)) != std::string::npos) {
    const size_t tagEnd = text.find('>', pos);
    const size_t end = text.find("</Annotation>", pos);
    if (tagEnd == std::string::npos || end == std::string::npos) throw InputError(source, "unterminated <Annotation>");
    auto attrs = attributes(text.substr(pos, tagEnd - pos));
    const std::string type = attrs.count("Type") ? attrs["Type"] : "Polygon";
    if (type == "Polygon" || type == "Spline" || type == "Rectangle") {
      const int c = classByName(o, attrs["PartOfGroup"], source);
      std::vector<std::pair<double, cv::Point2d>> ordered;
      size_t p = tagEnd;
      while ((p = text.find("<Coordinate ", p)) != std::string::npos && p < end) {
        const size_t e = text.find('>', p);
        auto a = attributes(text.substr(p, e - p));
        try {
          ordered.push_back({std::stod(a.at("Order")), {std::stod(a.at("X")), std::stod(a.at("Y"))}});
        } catch (const std::exception&) {
          throw InputError(source, "a <Coordinate> without numeric Order, X and Y");
        }
        p = e;
      }
      std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<cv::Point2d> ring;
      for (const auto& [k, pt] : ordered) ring.push_back(pt);
      rasterisePolygon(mask, {toMask(std::move(ring), o)}, c);
    }
    pos = end;
  }
  return mask;
}

}  // namespace arml::data
