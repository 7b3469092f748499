#include "data/mask_exchange.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string_view>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "data/json_shape.h"

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

// Shortest text that reads back to the same double, independent of the C locale.
std::string numberText(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
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

// The rows whose pixel centre y + 0.5 lies in [min(a.y, b.y), max(a.y, b.y)): those the edge crosses.
struct ScanEdge {
  cv::Point2d a, b;
  int firstRow, endRow;  // [firstRow, endRow), clipped to the image
};

int clampedRow(double v, int rows) { return static_cast<int>(std::clamp(v, -1.0, static_cast<double>(rows) + 1)); }

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

}  // namespace

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

namespace {

const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string stringMember(const json& object, const char* key) {
  const json* v = member(object, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

// properties.classification.name (QuPath), or properties.classification as a string.
std::string featureClassName(const json& feature, const std::string& source, const std::string& where,
                             const ExchangeLimits& limits) {
  const json* props = member(feature, "properties");
  std::string name;
  if (props && props->is_object()) {
    if (const json* c = member(*props, "classification")) {
      if (c->is_object()) name = stringMember(*c, "name");
      else if (c->is_string()) name = c->get<std::string>();
    }
  } else if (props && !props->is_null()) {
    throw InputError(source, where + ": \"properties\" is not an object");
  }
  if (name.empty()) throw InputError(source, where + ": a polygon without properties.classification.name");
  if (name.size() > limits.maxAttributeBytes)
    throw InputError(source, where + ": class name longer than " + std::to_string(limits.maxAttributeBytes) + " bytes");
  return name;
}

}  // namespace

std::string masksToGeoJson(const std::vector<PlacedMask>& masks) {
  json features = json::array();
  for (const PlacedMask& placed : masks) {
    const ExchangeOptions& o = placed.options;
    const std::vector<RegionPolygon> regions = maskToPolygons(placed.indices, o.includeBackground, o.background);
    std::map<int, json> perClass;  // class -> array of polygons (each an array of rings)
    for (const RegionPolygon& r : regions) {
      json polygon = json::array({ringJson(r.outer, o)});
      for (const Ring& hole : r.holes) polygon.push_back(ringJson(hole, o));
      perClass[r.classIndex].push_back(std::move(polygon));
    }
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
  }
  return json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

std::string maskToGeoJson(const cv::Mat& indices, const ExchangeOptions& o) { return masksToGeoJson({{indices, o}}); }

cv::Mat geoJsonToMask(const std::string& text, cv::Size size, const ExchangeOptions& o, const std::string& source,
                      long long* overlaps) {
  checkOptions(o, source);
  const ExchangeLimits& limits = o.limits;
  if (text.size() > limits.maxFileBytes)
    throw InputError(source, "larger than " + std::to_string(limits.maxFileBytes >> 20) + " MiB");
  checkJsonShape(text, limits.maxNesting, limits.maxJsonValues, source);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    throw InputError(source, std::string("not JSON: ") + e.what());
  }
  json single = json::array();
  const json* features = nullptr;
  const std::string type = doc.is_object() ? stringMember(doc, "type") : std::string();
  if (doc.is_array()) {
    features = &doc;
  } else if (type == "FeatureCollection") {
    features = member(doc, "features");
    if (!features || !features->is_array()) throw InputError(source, "a FeatureCollection without a \"features\" array");
  } else if (type == "Feature") {
    single.push_back(std::move(doc));
    features = &single;
  } else {
    throw InputError(source, "expected a GeoJSON FeatureCollection, Feature or array of features");
  }
  if (features->size() > limits.maxFeatures)
    throw InputError(source, "holds " + std::to_string(features->size()) + " features; at most " +
                                 std::to_string(limits.maxFeatures) + " are read");
  cv::Mat mask(size, CV_8UC1, cv::Scalar(o.background));
  cv::Mat painted = cv::Mat::zeros(size, CV_8UC1);
  long long overlap = 0;
  std::size_t points = 0;
  for (std::size_t index = 0; index < features->size(); ++index) {
    const json& f = (*features)[index];
    const std::string where = "feature " + std::to_string(index + 1);
    if (!f.is_object()) throw InputError(source, where + " is not an object");
    const json* g = member(f, "geometry");
    if (!g || g->is_null()) continue;  // a feature without a location
    if (!g->is_object()) throw InputError(source, where + ": \"geometry\" is not an object");
    const std::string geometryType = stringMember(*g, "type");
    if (geometryType.empty()) throw InputError(source, where + ": geometry without a \"type\"");
    if (geometryType != "Polygon" && geometryType != "MultiPolygon") continue;  // points, lines: nothing to fill
    const int c = classByName(o, featureClassName(f, source, where, limits), source, where);
    const json* coordinates = member(*g, "coordinates");
    if (!coordinates || !coordinates->is_array()) throw InputError(source, where + ": \"coordinates\" is not an array");
    std::vector<std::vector<cv::Point2d>> rings;
    auto addPolygon = [&](const json& polygon) {
      if (!polygon.is_array()) throw InputError(source, where + ": a polygon is not an array of rings");
      for (const json& ring : polygon) {
        if (!ring.is_array()) throw InputError(source, where + ": a ring is not an array of positions");
        points += ring.size();
        if (points > limits.maxPoints)
          throw InputError(source, "more than " + std::to_string(limits.maxPoints) + " vertices");
        std::vector<cv::Point2d> pts;
        pts.reserve(ring.size());
        for (const json& p : ring) {
          if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
            throw InputError(source, where + ": a position is not an array of two numbers");
          pts.push_back(toMaskPoint(p[0].get<double>(), p[1].get<double>(), o, source, where));
        }
        if (pts.size() > 1 && pts.front() == pts.back()) pts.pop_back();
        rings.push_back(std::move(pts));
      }
    };
    if (geometryType == "Polygon") {
      addPolygon(*coordinates);
    } else {
      for (const json& polygon : *coordinates) addPolygon(polygon);
    }
    forEachSpan(rings, size, [&](int y, int xa, int xb) {
      auto* m = mask.ptr<std::uint8_t>(y);
      auto* p = painted.ptr<std::uint8_t>(y);
      for (int x = xa; x <= xb; ++x) {
        overlap += p[x];
        p[x] = 1;
        m[x] = static_cast<std::uint8_t>(c);
      }
    });
  }
  if (overlaps) *overlaps = overlap;
  return mask;
}

std::string masksToAsapXml(const std::vector<PlacedMask>& masks) {
  std::string xml = "<?xml version=\"1.0\"?>\n<ASAP_Annotations>\n\t<Annotations>\n";
  std::map<int, std::pair<std::string, std::array<std::uint8_t, 3>>> used;  // class -> name, colour
  std::size_t number = 0;
  for (const PlacedMask& placed : masks) {
    const cv::Mat& indices = placed.indices;
    const ExchangeOptions& o = placed.options;
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
    // Painter's order: a region inside another's hole has a smaller filled outline, so it comes
    // later. Masks do not overlap one another, so the order matters only within one.
    std::stable_sort(regions.begin(), regions.end(), [](const RegionPolygon& a, const RegionPolygon& b) {
      return std::llabs(signedArea2(a.outer)) > std::llabs(signedArea2(b.outer));
    });
    for (const RegionPolygon& r : regions) {
      used.emplace(r.classIndex, std::make_pair(className(o, r.classIndex), classColour(o, r.classIndex)));
      xml += "\t\t<Annotation Name=\"Annotation " + std::to_string(number++) + "\" Type=\"Polygon\" PartOfGroup=\"" +
             xmlEscape(className(o, r.classIndex)) + "\" Color=\"" + hexColour(classColour(o, r.classIndex)) +
             "\">\n\t\t\t<Coordinates>\n";
      const auto pts = toOutput(r.outer, o);
      for (size_t k = 0; k < pts.size(); ++k)
        xml += "\t\t\t\t<Coordinate Order=\"" + std::to_string(k) + "\" X=\"" + numberText(pts[k].x) + "\" Y=\"" +
               numberText(pts[k].y) + "\" />\n";
      xml += "\t\t\t</Coordinates>\n\t\t</Annotation>\n";
    }
  }
  xml += "\t</Annotations>\n\t<AnnotationGroups>\n";
  for (const auto& [c, group] : used)
    xml += "\t\t<Group Name=\"" + xmlEscape(group.first) + "\" PartOfGroup=\"None\" Color=\"" + hexColour(group.second) +
           "\">\n\t\t\t<Attributes />\n\t\t</Group>\n";
  xml += "\t</AnnotationGroups>\n</ASAP_Annotations>\n";
  return xml;
}

std::string maskToAsapXml(const cv::Mat& indices, const ExchangeOptions& o) { return masksToAsapXml({{indices, o}}); }

namespace {

struct XmlAttribute {
  std::string name, value;
};

// A pull scanner over the XML that annotation files use: elements with attributes, comments,
// processing instructions, CDATA and text (skipped). No DTD and no entities beyond the five
// predefined ones and character references, so nothing expands. Iterative, with limits on
// nesting and attribute length; every problem is an InputError naming the line.
class XmlScanner {
public:
  enum class Event { Start, End, Done };

  XmlScanner(const std::string& text, const ExchangeLimits& limits, const std::string& source)
      : text_(text), limits_(limits), source_(source) {}

  // The next element start or end; a self-closing element gives Start, then End.
  Event next() {
    if (pendingEnd_) {
      pendingEnd_ = false;
      name_ = stack_.back();
      stack_.pop_back();
      return Event::End;
    }
    for (;;) {
      const std::size_t lt = text_.find('<', pos_);
      if (lt == std::string::npos) {
        pos_ = text_.size();
        if (!stack_.empty()) fail("the file ends inside <" + stack_.back() + ">");
        return Event::Done;
      }
      pos_ = lt;
      if (startsWith("<?")) {
        skipPast("?>", "unterminated <?...?>");
      } else if (startsWith("<!--")) {
        skipPast("-->", "unterminated comment");
      } else if (startsWith("<![CDATA[")) {
        skipPast("]]>", "unterminated CDATA section");
      } else if (startsWith("<!")) {
        fail("DOCTYPE and other declarations are not accepted in annotation files");
      } else if (startsWith("</")) {
        pos_ += 2;
        name_ = readName();
        skipSpace();
        expect('>');
        if (stack_.empty() || stack_.back() != name_)
          fail("</" + name_ + "> does not close " + (stack_.empty() ? std::string("any element") : "<" + stack_.back() + ">"));
        stack_.pop_back();
        return Event::End;
      } else {
        ++pos_;
        readStartTag();
        return Event::Start;
      }
    }
  }

  const std::string& name() const { return name_; }
  const std::string* attribute(const char* key) const {
    for (const XmlAttribute& a : attributes_)
      if (a.name == key) return &a.value;
    return nullptr;
  }

  [[noreturn]] void fail(const std::string& problem) const {
    const std::size_t line = 1 + std::count(text_.begin(), text_.begin() + std::min(pos_, text_.size()), '\n');
    throw InputError(source_, "line " + std::to_string(line) + ": " + problem);
  }

private:
  bool startsWith(const char* s) const { return text_.compare(pos_, std::strlen(s), s) == 0; }

  void skipPast(const char* end, const char* problem) {
    const std::size_t e = text_.find(end, pos_);
    if (e == std::string::npos) fail(problem);
    pos_ = e + std::strlen(end);
  }

  bool skipSpace() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
    return pos_ > start;
  }

  void expect(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }

  static bool nameChar(unsigned char c, bool first) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80) return true;
    return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
  }

  std::string readName() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && nameChar(static_cast<unsigned char>(text_[pos_]), pos_ == start)) {
      if (pos_ - start >= 256) fail("a name longer than 256 bytes");
      ++pos_;
    }
    if (pos_ == start) fail("expected a name");
    return text_.substr(start, pos_ - start);
  }

  void readStartTag() {
    name_ = readName();
    attributes_.clear();
    for (;;) {
      const bool spaced = skipSpace();
      if (startsWith("/>")) {
        pos_ += 2;
        pendingEnd_ = true;
        break;
      }
      if (startsWith(">")) {
        ++pos_;
        break;
      }
      if (pos_ >= text_.size()) fail("the file ends inside <" + name_ + ">");
      if (!spaced) fail("expected a space, '>' or '/>' in <" + name_ + ">");
      XmlAttribute a;
      a.name = readName();
      skipSpace();
      expect('=');
      skipSpace();
      if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) fail("an attribute value without quotes");
      const char quote = text_[pos_++];
      const std::size_t end = text_.find(quote, pos_);
      if (end == std::string::npos) fail("an unterminated attribute value");
      if (end - pos_ > limits_.maxAttributeBytes)
        fail("attribute " + a.name + " of <" + name_ + "> is " + std::to_string(end - pos_) + " bytes long; at most " +
             std::to_string(limits_.maxAttributeBytes) + " are read");
      a.value = unescape(pos_, end);
      pos_ = end + 1;
      if (attributes_.size() >= 256) fail("more than 256 attributes in <" + name_ + ">");
      attributes_.push_back(std::move(a));
    }
    stack_.push_back(name_);
    if (static_cast<int>(stack_.size()) > limits_.maxNesting)
      fail("elements nested deeper than " + std::to_string(limits_.maxNesting) + " levels");
  }

  static void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string unescape(std::size_t begin, std::size_t end) const {
    std::string out;
    out.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      const char c = text_[i];
      if (c == '<') fail("'<' inside an attribute value");
      if (c != '&') {
        out += c;
        continue;
      }
      // Entities are short: look for the ';' in the next few bytes only, so that a value full of
      // '&' costs no more than its length.
      const std::size_t window = std::min(end, i + 13);
      std::size_t semi = i + 1;
      while (semi < window && text_[semi] != ';') ++semi;
      if (semi >= window) fail("an '&' that starts no entity");
      const std::string_view entity(text_.data() + i + 1, semi - i - 1);
      if (entity == "lt") out += '<';
      else if (entity == "gt") out += '>';
      else if (entity == "amp") out += '&';
      else if (entity == "quot") out += '"';
      else if (entity == "apos") out += '\'';
      else if (entity.size() > 1 && entity[0] == '#') {
        const bool hex = entity[1] == 'x' || entity[1] == 'X';
        std::uint32_t cp = 0;
        const char* first = entity.data() + (hex ? 2 : 1);
        const char* last = entity.data() + entity.size();
        const auto r = std::from_chars(first, last, cp, hex ? 16 : 10);
        if (first == last || r.ec != std::errc() || r.ptr != last || cp == 0 || cp > 0x10FFFF)
          fail("an invalid character reference");
        appendUtf8(out, cp);
      } else {
        fail("unknown entity &" + std::string(entity) + ";");
      }
      i = semi;
    }
    return out;
  }

  const std::string& text_;
  const ExchangeLimits& limits_;
  const std::string& source_;
  std::size_t pos_ = 0;
  std::vector<std::string> stack_;
  std::string name_;
  std::vector<XmlAttribute> attributes_;
  bool pendingEnd_ = false;
};

bool parseNumber(const std::string* text, double& out) {
  if (!text) return false;
  const char* first = text->data();
  const char* last = first + text->size();
  while (first < last && *first == ' ') ++first;
  while (last > first && last[-1] == ' ') --last;
  if (first < last && *first == '+') ++first;
  const auto r = std::from_chars(first, last, out);
  return first < last && r.ec == std::errc() && r.ptr == last;
}

}  // namespace

cv::Mat asapXmlToMask(const std::string& text, cv::Size size, const ExchangeOptions& o, const std::string& source) {
  checkOptions(o, source);
  const ExchangeLimits& limits = o.limits;
  if (text.size() > limits.maxFileBytes)
    throw InputError(source, "larger than " + std::to_string(limits.maxFileBytes >> 20) + " MiB");
  XmlScanner xml(text, limits, source);
  using Event = XmlScanner::Event;
  if (xml.next() != Event::Start || xml.name() != "ASAP_Annotations")
    throw InputError(source, "not an ASAP_Annotations file");
  cv::Mat mask(size, CV_8UC1, cv::Scalar(o.background));
  bool inAnnotation = false;
  std::string type, group, where;
  std::vector<std::pair<double, cv::Point2d>> ordered;
  std::size_t annotations = 0, points = 0;
  for (Event e = xml.next(); e != Event::Done; e = xml.next()) {
    if (e == Event::Start && xml.name() == "Annotation") {
      if (inAnnotation) xml.fail("<Annotation> inside another <Annotation>");
      if (++annotations > limits.maxFeatures)
        xml.fail("more than " + std::to_string(limits.maxFeatures) + " annotations");
      inAnnotation = true;
      const std::string* t = xml.attribute("Type");
      const std::string* g = xml.attribute("PartOfGroup");
      const std::string* n = xml.attribute("Name");
      type = t ? *t : "Polygon";
      group = g ? *g : "";
      where = "annotation " + (n ? quoted(*n) : std::to_string(annotations));
      ordered.clear();
    } else if (e == Event::Start && xml.name() == "Coordinate" && inAnnotation) {
      double order = 0, x = 0, y = 0;
      if (!parseNumber(xml.attribute("Order"), order) || !parseNumber(xml.attribute("X"), x) ||
          !parseNumber(xml.attribute("Y"), y))
        xml.fail(where + ": a <Coordinate> without numeric Order, X and Y");
      if (++points > limits.maxPoints) xml.fail("more than " + std::to_string(limits.maxPoints) + " vertices");
      if (!std::isfinite(order)) xml.fail(where + ": a <Coordinate> whose Order is not finite");
      ordered.push_back({order, toMaskPoint(x, y, o, source, where)});
    } else if (e == Event::End && xml.name() == "Annotation") {
      inAnnotation = false;
      if (type != "Polygon" && type != "Spline" && type != "Rectangle") continue;  // dots, point sets: nothing to fill
      const int c = classByName(o, group, source, where);
      std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<cv::Point2d> ring;
      ring.reserve(ordered.size());
      for (const auto& [k, pt] : ordered) ring.push_back(pt);
      rasterisePolygon(mask, {std::move(ring)}, c);
    }
  }
  return mask;
}

}  // namespace arml::data
