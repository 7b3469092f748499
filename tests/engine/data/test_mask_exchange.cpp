// Raster -> GeoJSON / ASAP XML -> raster keeps the class partition exactly (holes, diagonal
// contacts, nested regions), with no gaps or overlaps.
#include <QtTest>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "core/errors.h"
#include "data/mask_exchange.h"

using namespace arml::data;

namespace {

ExchangeOptions luadOptions() {
  ExchangeOptions o;
  o.classes = {{"TE", {205, 51, 51}}, {"NEC", {0, 255, 0}}, {"LYM", {65, 105, 225}}, {"TAS", {255, 165, 0}}, {"background", {255, 255, 255}}};
  o.background = 4;
  return o;
}

// Random overlapping blobs of 5 classes (circles and ellipses), plus salt pixels for diagonal contacts.
cv::Mat randomBlobMask(unsigned seed, int size) {
  std::mt19937 rng(seed);
  cv::Mat m(size, size, CV_8UC1, cv::Scalar(4));
  std::uniform_int_distribution<int> pos(0, size - 1), rad(2, size / 5), cls(0, 4);
  for (int i = 0; i < 25; ++i)
    cv::ellipse(m, cv::Point(pos(rng), pos(rng)), cv::Size(rad(rng), rad(rng)), pos(rng), 0, 360, cv::Scalar(cls(rng)), -1, cv::LINE_8);
  for (int i = 0; i < size; ++i) m.at<std::uint8_t>(pos(rng), pos(rng)) = static_cast<std::uint8_t>(cls(rng));
  return m;
}

}  // namespace

class TestMaskExchange : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void polygonsOfHoleAndDiagonalPixels() {
    // A ring of class 0 around a hole holding class 1, and two class-2 pixels touching diagonally.
    cv::Mat m(8, 8, CV_8UC1, cv::Scalar(4));
    m(cv::Rect(1, 1, 5, 5)).setTo(0);
    m(cv::Rect(2, 2, 3, 3)).setTo(1);
    m.at<std::uint8_t>(6, 6) = 2;
    m.at<std::uint8_t>(7, 7) = 2;
    const auto regions = maskToPolygons(m, false, 4);
    int ring = 0, inner = 0, diag = 0;
    for (const auto& r : regions) {
      if (r.classIndex == 0) {
        ++ring;
        QCOMPARE(r.holes.size(), size_t(1));
        QCOMPARE(r.area, 25ll - 9ll);
        QCOMPARE(r.outer.size(), size_t(4));  // corners only, on pixel edges
        QCOMPARE(cv::boundingRect(r.outer), cv::Rect(1, 1, 6, 6));  // corners 1..6 inclusive
      }
      if (r.classIndex == 1) { ++inner; QCOMPARE(r.area, 9ll); }
      if (r.classIndex == 2) { ++diag; QCOMPARE(r.area, 1ll); }
    }
    QCOMPARE(ring, 1);
    QCOMPARE(inner, 1);
    QCOMPARE(diag, 2);  // 4-connected regions: diagonal pixels are separate polygons
  }

  void geoJsonRoundTripOnRandomBlobs() {
    const ExchangeOptions o = luadOptions();
    for (unsigned seed = 1; seed <= 12; ++seed) {
      const cv::Mat m = randomBlobMask(seed, seed % 2 ? 96 : 224);
      ExchangeOptions withBg = o;
      withBg.includeBackground = true;
      long long overlaps = -1;
      const cv::Mat back = geoJsonToMask(maskToGeoJson(m, withBg), m.size(), o, "test", &overlaps);
      QCOMPARE(overlaps, 0ll);  // every pixel painted exactly once: no overlaps ...
      QCOMPARE(cv::countNonZero(back != m), 0);  // ... and no gaps: the partition is kept
      // Without the background polygons the background comes back as the unpainted rest.
      const cv::Mat back2 = geoJsonToMask(maskToGeoJson(m, o), m.size(), o, "test", &overlaps);
      QCOMPARE(overlaps, 0ll);
      QCOMPARE(cv::countNonZero(back2 != m), 0);
    }
  }

  void geoJsonIsQuPathShaped() {
    const cv::Mat m = randomBlobMask(7, 64);
    const auto doc = nlohmann::json::parse(maskToGeoJson(m, luadOptions()));
    QCOMPARE(QString::fromStdString(doc["type"].get<std::string>()), QString("FeatureCollection"));
    QVERIFY(!doc["features"].empty());
    for (const auto& f : doc["features"]) {
      QCOMPARE(QString::fromStdString(f["properties"]["objectType"].get<std::string>()), QString("annotation"));
      QVERIFY(f["properties"]["classification"]["name"].is_string());
      QCOMPARE(f["properties"]["classification"]["color"].size(), size_t(3));
      const std::string type = f["geometry"]["type"];
      QVERIFY(type == "Polygon" || type == "MultiPolygon");
      QVERIFY(f["properties"]["classification"]["name"] != "background");
      const auto& ring = type == "Polygon" ? f["geometry"]["coordinates"][0] : f["geometry"]["coordinates"][0][0];
      QVERIFY(ring.front() == ring.back());  // closed
    }
  }

  void asapRoundTripOnRandomBlobs() {
    const ExchangeOptions o = luadOptions();
    for (unsigned seed = 20; seed < 30; ++seed) {
      const cv::Mat m = randomBlobMask(seed, 128);
      const std::string xml = maskToAsapXml(m, o);
      QVERIFY(xml.find("<ASAP_Annotations>") != std::string::npos);
      QVERIFY(xml.find("PartOfGroup=\"TE\"") != std::string::npos || xml.find("PartOfGroup=\"NEC\"") != std::string::npos);
      QVERIFY(xml.find("<AnnotationGroups>") != std::string::npos);
      const cv::Mat back = asapXmlToMask(xml, m.size(), o, "test");
      QCOMPARE(cv::countNonZero(back != m), 0);
    }
  }

  void scaledCoordinatesRoundTrip() {
    ExchangeOptions o = luadOptions();
    o.scale = 4.0;  // e.g. a mask at level 2 of a slide, exported in level-0 coordinates
    o.offsetX = 1000;
    o.offsetY = 2000;
    const cv::Mat m = randomBlobMask(99, 80);
    QCOMPARE(cv::countNonZero(geoJsonToMask(maskToGeoJson(m, o), m.size(), o) != m), 0);
    QCOMPARE(cv::countNonZero(asapXmlToMask(maskToAsapXml(m, o), m.size(), o) != m), 0);
  }

  void badInputsAreInputErrors() {
    const ExchangeOptions o = luadOptions();
    QVERIFY_THROWS_EXCEPTION(arml::InputError, geoJsonToMask("{not json", {8, 8}, o));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, geoJsonToMask(R"({"type":"Point"})", {8, 8}, o));
    const char* unknown = R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon",
      "coordinates":[[[0,0],[4,0],[4,4],[0,0]]]},"properties":{"classification":{"name":"Stroma"}}}]})";
    QVERIFY_THROWS_EXCEPTION(arml::InputError, geoJsonToMask(unknown, {8, 8}, o));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, asapXmlToMask("<xml/>", {8, 8}, o));
  }
};

QTEST_APPLESS_MAIN(TestMaskExchange)
#include "test_mask_exchange.moc"
