// Raster -> GeoJSON / ASAP XML -> raster keeps the class partition exactly (holes, diagonal
// contacts, nested regions), with no gaps or overlaps. Hostile and broken files (deep nesting, huge
// attributes, millions of points, non-finite numbers, missing fields, wrong types) are InputErrors
// naming the file and the problem, never crashes.
#include <QtTest>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <cstdio>
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

// The message of the InputError f throws ("no InputError" when it throws none).
template <typename F>
QString inputErrorOf(F f) {
  try {
    f();
  } catch (const arml::InputError& e) {
    return QString::fromStdString(e.what());
  }
  return QStringLiteral("no InputError");
}

#define EXPECT_INPUT_ERROR(expr, needle)                                                          \
  do {                                                                                           \
    const QString message_ = inputErrorOf([&] { (void)(expr); });                                \
    QVERIFY2(message_.contains(needle), qPrintable(QStringLiteral("got: ") + message_.left(300))); \
  } while (false)

std::string feature(const std::string& geometry, const std::string& properties = R"({"classification":{"name":"TE"}})") {
  return R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":)" + geometry +
         R"(,"properties":)" + properties + "}]}";
}

std::string asapWith(const std::string& annotation) {
  return "<?xml version=\"1.0\"?><ASAP_Annotations><Annotations>" + annotation + "</Annotations></ASAP_Annotations>";
}

const char* kTriangle = R"(<Annotation Name="a" Type="Polygon" PartOfGroup="TE"><Coordinates>
  <Coordinate Order="0" X="0" Y="0"/><Coordinate Order="1" X="8" Y="0"/><Coordinate Order="2" X="0" Y="8"/>
  </Coordinates></Annotation>)";

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

  // Several masks in one file, each with its own mapping (the patches of one slide in level-0
  // coordinates): read over the region they cover, they lie side by side exactly.
  void placedMasksShareOneFile() {
    const ExchangeOptions o = luadOptions();
    const cv::Mat left = randomBlobMask(41, 32), right = randomBlobMask(42, 32);
    ExchangeOptions l = o, r = o;
    l.scale = r.scale = 2;
    l.offsetX = 500, r.offsetX = 564;
    l.offsetY = r.offsetY = 100;
    cv::Mat expected;
    cv::hconcat(left, right, expected);
    ExchangeOptions region = o;
    region.scale = 2;
    region.offsetX = 500;
    region.offsetY = 100;
    QCOMPARE(cv::countNonZero(geoJsonToMask(masksToGeoJson({{left, l}, {right, r}}), expected.size(), region) != expected), 0);
    QCOMPARE(cv::countNonZero(asapXmlToMask(masksToAsapXml({{left, l}, {right, r}}), expected.size(), region) != expected), 0);
    // One mask: the same text as the one-mask functions.
    QCOMPARE(masksToGeoJson({{left, l}}), maskToGeoJson(left, l));
    QCOMPARE(masksToAsapXml({{left, l}}), maskToAsapXml(left, l));
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

  // The crash of issue #19: 200 000 levels of nesting (400 KB) reached nlohmann's recursive parser.
  void deeplyNestedGeoJsonIsRefusedBeforeParsing() {
    const ExchangeOptions o = luadOptions();
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    EXPECT_INPUT_ERROR(geoJsonToMask(deep, {8, 8}, o, "deep.geojson"), "deep.geojson: JSON nested deeper than 32 levels");
    const std::string inFeatures = R"({"type":"FeatureCollection","features":)" + std::string(200000, '[') +
                                   std::string(200000, ']') + "}";
    EXPECT_INPUT_ERROR(geoJsonToMask(inFeatures, {8, 8}, o, "deep.geojson"), "nested deeper than 32 levels (at byte");
    // Brackets inside strings are not nesting.
    const std::string inString = feature(R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]]]})",
                                         R"({"note":")" + std::string(1000, '[') + R"(","classification":{"name":"TE"}})");
    QCOMPARE(cv::countNonZero(geoJsonToMask(inString, {8, 8}, o) == 0), 10);  // the triangle, diagonal included
  }

  // The other crash of issue #19: one 200 000-character attribute (std::regex recursed per character).
  void hugeXmlAttributeIsRefused() {
    const ExchangeOptions o = luadOptions();
    const std::string xml = asapWith(R"(<Annotation Name=")" + std::string(200000, 'a') + R"(" Type="Polygon" PartOfGroup="TE"></Annotation>)");
    EXPECT_INPUT_ERROR(asapXmlToMask(xml, {8, 8}, o, "huge.xml"),
                       "huge.xml: line 1: attribute Name of <Annotation> is 200000 bytes long; at most 65536 are read");
    // Long but allowed attributes are read, without recursion.
    const std::string long_ = asapWith(R"(<Annotation Name=")" + std::string(60000, 'a') + R"(" Type="Dot" PartOfGroup="TE"></Annotation>)");
    QCOMPARE(cv::countNonZero(asapXmlToMask(long_, {8, 8}, o) != 4), 0);
  }

  void deeplyNestedXmlIsRefused() {
    std::string xml = "<ASAP_Annotations>";
    for (int i = 0; i < 100000; ++i) xml += "<a>";
    EXPECT_INPUT_ERROR(asapXmlToMask(xml, {8, 8}, luadOptions(), "deep.xml"), "deep.xml: line 1: elements nested deeper than 32 levels");
  }

  void millionsOfPoints() {
    const ExchangeOptions o = luadOptions();
    // 3 million positions: refused from the text alone, before a document is built.
    std::string many = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"classification":"TE"},"geometry":{"type":"Polygon","coordinates":[[)";
    many.reserve(many.size() + 3000000 * 6 + 16);
    for (int i = 0; i < 3000000; ++i) many += "[1,1],";
    many += "[1,1]]]}}]}";
    EXPECT_INPUT_ERROR(geoJsonToMask(many, {64, 64}, o, "many.geojson"), "many.geojson: holds more than 8000000 JSON values");
    // One million vertices along a square's edges: accepted, and filled exactly (the scan visits
    // only the edges that cross each row).
    std::string ring = "[";
    const int perSide = 250000;
    auto add = [&](double x, double y) { ring += "[" + std::to_string(x) + "," + std::to_string(y) + "],"; };
    for (int i = 0; i < perSide; ++i) add(4 + 56.0 * i / perSide, 4);
    for (int i = 0; i < perSide; ++i) add(60, 4 + 56.0 * i / perSide);
    for (int i = 0; i < perSide; ++i) add(60 - 56.0 * i / perSide, 60);
    for (int i = 0; i < perSide; ++i) add(4, 60 - 56.0 * i / perSide);
    ring += "[4,4]]";
    const cv::Mat m = geoJsonToMask(feature(R"({"type":"Polygon","coordinates":[)" + ring + "]}"), {64, 64}, o);
    cv::Mat expected(64, 64, CV_8UC1, cv::Scalar(4));
    expected(cv::Rect(4, 4, 56, 56)).setTo(0);
    QCOMPARE(cv::countNonZero(m != expected), 0);
    // The vertex limit, here lowered, holds for both formats.
    ExchangeOptions few = o;
    few.limits.maxPoints = 3;
    EXPECT_INPUT_ERROR(geoJsonToMask(feature(R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]})"), {8, 8}, few, "f.geojson"),
                       "f.geojson: more than 3 vertices");
    std::string four = R"(<Annotation PartOfGroup="TE">)";
    for (int i = 0; i < 4; ++i) four += "<Coordinate Order=\"" + std::to_string(i) + "\" X=\"1\" Y=\"1\"/>";
    EXPECT_INPUT_ERROR(asapXmlToMask(asapWith(four + "</Annotation>"), {8, 8}, few, "f.xml"), "f.xml: line 1: more than 3 vertices");
    ExchangeOptions oneFeature = o;
    oneFeature.limits.maxFeatures = 1;
    EXPECT_INPUT_ERROR(asapXmlToMask(asapWith(std::string(kTriangle) + kTriangle), {8, 8}, oneFeature, "f.xml"), "more than 1 annotations");
  }

  void nonFiniteAndFarCoordinates() {
    const ExchangeOptions o = luadOptions();
    // JSON has no NaN; an overflowing number is not JSON.
    EXPECT_INPUT_ERROR(geoJsonToMask(feature(R"({"type":"Polygon","coordinates":[[[NaN,0],[4,0],[4,4]]]})"), {8, 8}, o, "n.geojson"), "n.geojson: not JSON");
    EXPECT_INPUT_ERROR(geoJsonToMask(feature(R"({"type":"Polygon","coordinates":[[[1e400,0],[4,0],[4,4]]]})"), {8, 8}, o, "n.geojson"), "n.geojson: not JSON");
    EXPECT_INPUT_ERROR(geoJsonToMask(feature(R"({"type":"Polygon","coordinates":[[[1e300,0],[4,0],[4,4]]]})"), {8, 8}, o, "n.geojson"),
                       "n.geojson: feature 1: coordinate (");
    for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity"}) {
      const std::string xml = asapWith(std::string("<Annotation PartOfGroup=\"TE\"><Coordinate Order=\"0\" X=\"") + bad +
                                       "\" Y=\"1\"/></Annotation>");
      EXPECT_INPUT_ERROR(asapXmlToMask(xml, {8, 8}, o, "n.xml"), "n.xml: annotation 1: coordinate is not a finite number");
    }
    EXPECT_INPUT_ERROR(asapXmlToMask(asapWith(R"(<Annotation PartOfGroup="TE"><Coordinate Order="0" X="1e999" Y="1"/></Annotation>)"), {8, 8}, o, "n.xml"),
                       "a <Coordinate> without numeric Order, X and Y");
    EXPECT_INPUT_ERROR(asapXmlToMask(asapWith(R"(<Annotation PartOfGroup="TE"><Coordinate Order="nan" X="1" Y="1"/></Annotation>)"), {8, 8}, o, "n.xml"),
                       "whose Order is not finite");
    // Polygons partly or wholly outside the mask are clipped, not an error.
    const cv::Mat m = geoJsonToMask(feature(R"({"type":"Polygon","coordinates":[[[-1e8,-1e8],[1e8,-1e8],[1e8,1e8],[-1e8,1e8],[-1e8,-1e8]]]})"), {8, 8}, o);
    QCOMPARE(cv::countNonZero(m == 0), 64);
  }

  void missingFieldsAndWrongTypes() {
    const ExchangeOptions o = luadOptions();
    const std::string square = R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]})";
    const std::pair<std::string, const char*> cases[] = {
        {R"({"type":"FeatureCollection"})", "g.geojson: a FeatureCollection without a \"features\" array"},
        {R"({"type":"FeatureCollection","features":{}})", "without a \"features\" array"},
        {R"({"type":5})", "expected a GeoJSON FeatureCollection, Feature or array of features"},
        {"42", "expected a GeoJSON FeatureCollection"},
        {R"({"type":"FeatureCollection","features":[7]})", "g.geojson: feature 1 is not an object"},
        {feature("[]"), "feature 1: \"geometry\" is not an object"},
        {feature(R"({"coordinates":[]})"), "feature 1: geometry without a \"type\""},
        {feature(R"({"type":"Polygon"})"), "feature 1: \"coordinates\" is not an array"},
        {feature(R"({"type":"Polygon","coordinates":"abc"})"), "\"coordinates\" is not an array"},
        {feature(R"({"type":"Polygon","coordinates":[5]})"), "a ring is not an array of positions"},
        {feature(R"({"type":"MultiPolygon","coordinates":[5]})"), "a polygon is not an array of rings"},
        {feature(R"({"type":"Polygon","coordinates":[[[1,"2"],[3,4],[5,6]]]})"), "a position is not an array of two numbers"},
        {feature(R"({"type":"Polygon","coordinates":[[[1],[3,4],[5,6]]]})"), "a position is not an array of two numbers"},
        {feature(square, "3"), "feature 1: \"properties\" is not an object"},
        {feature(square, "{}"), "feature 1: a polygon without properties.classification.name"},
        {feature(square, R"({"classification":{"name":7}})"), "a polygon without properties.classification.name"},
        {feature(square, R"({"classification":{"name":"Stroma"}})"), "feature 1: unknown class \"Stroma\""},
        {feature(square, R"({"classification":{"name":"class 300"}})"), "unknown class \"class 300\""},
        {feature(square, R"({"classification":{"name":"class -1"}})"), "unknown class \"class -1\""},
    };
    for (const auto& [text, needle] : cases) EXPECT_INPUT_ERROR(geoJsonToMask(text, {8, 8}, o, "g.geojson"), needle);
    // Features without a location, points and lines are skipped; "class <i>" names an index.
    const std::string mixed = R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":null},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[1,1]}},
      {"type":"Feature","geometry":)" + square + R"(,"properties":{"classification":"class 2"}}]})";
    QCOMPARE(cv::countNonZero(geoJsonToMask(mixed, {8, 8}, o) == 2), 16);

    const std::pair<std::string, const char*> xmlCases[] = {
        {"<Other/>", "x.xml: not an ASAP_Annotations file"},
        {asapWith(R"(<Annotation PartOfGroup="TE"><Coordinate X="1" Y="1"/></Annotation>)"), "x.xml: line 1: annotation 1: a <Coordinate> without numeric Order, X and Y"},
        {asapWith(R"(<Annotation PartOfGroup="TE"><Coordinate Order="0" X="1" Y="one"/></Annotation>)"), "without numeric Order, X and Y"},
        {asapWith(R"(<Annotation Name="n" PartOfGroup="Stroma"><Coordinate Order="0" X="1" Y="1"/></Annotation>)"), "x.xml: annotation \"n\": unknown class \"Stroma\""},
        {asapWith(R"(<Annotation PartOfGroup="TE"><Annotation></Annotation></Annotation>)"), "<Annotation> inside another <Annotation>"},
        {"<ASAP_Annotations><Annotations>\n<Annotation PartOfGroup=\"TE\">", "x.xml: line 2: the file ends inside <Annotation>"},
        {"<ASAP_Annotations><Annotations></ASAP_Annotations>", "</ASAP_Annotations> does not close <Annotations>"},
        {"<!DOCTYPE x [<!ENTITY a \"b\">]><ASAP_Annotations/>", "DOCTYPE and other declarations are not accepted"},
        {"<ASAP_Annotations a=b/>", "an attribute value without quotes"},
        {"<ASAP_Annotations a=\"b/>", "an unterminated attribute value"},
        {"<ASAP_Annotations a=\"&bogus;\"/>", "unknown entity &bogus;"},
        {"<ASAP_Annotations a=\"&#0;\"/>", "an invalid character reference"},
        {"<ASAP_Annotations a=\"" + std::string(60000, '&') + "\"/>", "an '&' that starts no entity"},
        {"<ASAP_Annotations a=\"&amp ;\"/>", "unknown entity &amp ;"},
        {"<ASAP_Annotations a=\"<\"/>", "'<' inside an attribute value"},
        {"<ASAP_Annotations><!-- open", "unterminated comment"},
        {"<ASAP_Annotations a=\"1\"b=\"2\"/>", "expected a space, '>' or '/>' in <ASAP_Annotations>"},
        {"<ASAP_Annotations><", "expected a name"},
    };
    for (const auto& [text, needle] : xmlCases) EXPECT_INPUT_ERROR(asapXmlToMask(text, {8, 8}, o, "x.xml"), needle);
  }

  void oversizedTextAndBadMappingAreRefused() {
    ExchangeOptions small = luadOptions();
    small.limits.maxFileBytes = 1 << 20;
    const std::string big((1 << 20) + 1, ' ');
    EXPECT_INPUT_ERROR(geoJsonToMask(big, {8, 8}, small, "big.geojson"), "big.geojson: larger than 1 MiB");
    EXPECT_INPUT_ERROR(asapXmlToMask(big, {8, 8}, small, "big.xml"), "big.xml: larger than 1 MiB");
    ExchangeOptions zero = luadOptions();
    zero.scale = 0;
    EXPECT_INPUT_ERROR(geoJsonToMask("[]", {8, 8}, zero, "z.geojson"), "invalid coordinate mapping");
    // readExchangeFile refuses a file larger than its limit before reading it.
    QTemporaryDir dir;
    const std::string path = dir.filePath("big.geojson").toStdString();
    {
      std::FILE* f = std::fopen(path.c_str(), "wb");
      QVERIFY(f);
      std::fwrite(big.data(), 1, big.size(), f);
      std::fclose(f);
    }
    EXPECT_INPUT_ERROR(readExchangeFile(path, 1 << 20), QString::fromStdString(path + ": is 1 MiB; annotation files larger than 1 MiB are refused"));
    QCOMPARE(readExchangeFile(path, 2 << 20).size(), big.size());
    EXPECT_INPUT_ERROR(readExchangeFile(dir.filePath("none.xml").toStdString()), "none.xml: no such file");
  }

  void asapXmlSyntaxThatFilesUse() {
    // Declarations, comments, CDATA, single quotes, entities and unordered Order values are read;
    // the polygon is painted in Order.
    const std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- by hand -->\n<ASAP_Annotations>"
                            "<Annotations><Annotation Name='a &amp; &#x62;' Type=\"Polygon\" PartOfGroup=\"L&#89;M\"><Coordinates>"
                            "<Coordinate Order=\"2\" X=\"4\" Y=\"4\" /><Coordinate Order=\"0\" X=\"0\" Y=\"0\"/>"
                            "<Coordinate Order=\"3\" X=\"0\" Y=\"4\"/><Coordinate Order=\"1\" X=\" 4 \" Y=\"+0\"/>"
                            "</Coordinates></Annotation><![CDATA[ <ignored> ]]></Annotations></ASAP_Annotations>";
    const cv::Mat m = asapXmlToMask(xml, {8, 8}, luadOptions());
    QCOMPARE(cv::countNonZero(m == 2), 16);
    QCOMPARE(cv::countNonZero(m(cv::Rect(0, 0, 4, 4)) == 2), 16);
  }
};

QTEST_APPLESS_MAIN(TestMaskExchange)
#include "test_mask_exchange.moc"
