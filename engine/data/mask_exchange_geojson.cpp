#include "data/mask_exchange.h"

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "data/json_shape.h"
#include "data/mask_exchange_detail.h"

// GeoJSON: masks to QuPath's classified annotations and back.
namespace arml::data {

using namespace exchange_detail;

namespace {

using json = nlohmann::json;

json ringJson(const Ring& r, const ExchangeOptions& o) {
  json a = json::array();
  for (const cv::Point2d& p : toOutput(r, o)) a.push_back({p.x, p.y});
  if (!r.empty()) a.push_back(a.front());  // GeoJSON rings are closed
  return a;
}

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

}  // namespace arml::data
