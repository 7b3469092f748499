#pragma once
// Mask exchange with annotation tools (torch-free): class-index masks as
//  - GeoJSON that QuPath opens as classified annotations: a FeatureCollection with one
//    Polygon/MultiPolygon feature per class, properties {objectType: "annotation",
//    classification: {name, color: [r, g, b]}};
//  - ASAP XML (ASAP_Annotations / Annotations / Annotation PartOfGroup + Coordinates, and
//    AnnotationGroups), which has no holes: polygons are listed largest first and later ones are
//    painted over earlier ones, so nested regions and holes survive.
// Outlines run along pixel edges (vertex (x, y) = the corner between pixels), one ring per
// boundary of a 4-connected region, so rasterising them back (pixel centre inside, even-odd) gives
// the same mask exactly.
//
// Files from outside are read under limits (ExchangeLimits): size, nesting, features, vertices,
// attribute length. Every problem, hostile or accidental, is an InputError "<source>: <problem>";
// nothing recurses on the input's structure, so no file can exhaust the stack.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace arml::data {

struct ExchangeClass {
  std::string name;
  std::array<std::uint8_t, 3> colour{};
};

struct ExchangeLimits {
  std::size_t maxFileBytes = std::size_t(128) << 20;  // text of one annotation file
  int maxNesting = 32;                  // JSON [ { / XML elements; GeoJSON needs 7, ASAP 5
  std::size_t maxFeatures = 200000;     // GeoJSON features / ASAP annotations
  std::size_t maxPoints = 2000000;      // vertices in the whole file
  std::size_t maxJsonValues = 8000000;  // JSON values of any kind (bounds the parsed document's memory)
  std::size_t maxAttributeBytes = 65536;  // one XML attribute value, one class name
  double maxCoordinate = 1e9;           // |x|, |y| in mask pixels after the offset and scale
};

struct ExchangeOptions {
  // Classes by index; indices without an entry are exported as "class <i>".
  std::vector<ExchangeClass> classes;
  int background = 4;           // not exported unless includeBackground
  bool includeBackground = false;
  double scale = 1.0;           // mask pixel -> output coordinate (e.g. slide downsample)
  double offsetX = 0, offsetY = 0;
  ExchangeLimits limits;                 // for reading
};

using Ring = std::vector<cv::Point>;  // closed implicitly; pixel-edge corners
struct RegionPolygon {
  int classIndex = 0;
  Ring outer;
  std::vector<Ring> holes;
  long long area = 0;  // pixels inside outer minus holes
};

// The regions of a mask (CV_8UC1): one polygon per 4-connected region of each class.
std::vector<RegionPolygon> maskToPolygons(const cv::Mat& indices, bool includeBackground = true, int background = 4);
// Sets the pixels whose centre lies inside (even-odd over all rings) to value. Returns how many.
// Rings must hold finite coordinates; those outside the image are clipped.
long long rasterisePolygon(cv::Mat& indices, const std::vector<std::vector<cv::Point2d>>& rings, int value);

// Reads an annotation file as text, refusing one larger than maxBytes before reading it
// (InputError naming the file).
std::string readExchangeFile(const std::filesystem::path& path, std::size_t maxBytes = ExchangeLimits().maxFileBytes);

std::string maskToGeoJson(const cv::Mat& indices, const ExchangeOptions& options);
// Features are painted in file order over a mask of `background`; features whose class name is
// not in options.classes throw InputError(source, ...). `overlaps` (optional) counts pixels painted
// more than once.
cv::Mat geoJsonToMask(const std::string& text, cv::Size size, const ExchangeOptions& options,
                      const std::string& source = "GeoJSON", long long* overlaps = nullptr);

std::string maskToAsapXml(const cv::Mat& indices, const ExchangeOptions& options);

// Several masks in one file, each with its own mapping: e.g. every corrected patch of one slide in
// the slide's level-0 coordinates, one file that QuPath or ASAP opens on the slide. The masks are
// assumed not to overlap.
struct PlacedMask {
  cv::Mat indices;
  ExchangeOptions options;
};
std::string masksToGeoJson(const std::vector<PlacedMask>& masks);
std::string masksToAsapXml(const std::vector<PlacedMask>& masks);
cv::Mat asapXmlToMask(const std::string& text, cv::Size size, const ExchangeOptions& options,
                      const std::string& source = "ASAP XML");

}  // namespace arml::data
