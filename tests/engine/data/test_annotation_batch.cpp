// A project's corrected masks exported at once and read back: classes from project.json, slide
// patches in the slide's level-0 coordinates, names from files checked before they become paths.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "data/annotation_batch.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

const char* kProjectJson = R"({"format":"arml-studio-project","version":1,"name":"t","edits":"edits","background_index":2,
  "classes":[{"index":0,"name":"Tumor","colour":"#ff0000"},{"index":1,"name":"Stroma","colour":"#00FF00"},
             {"index":2,"name":"Background","colour":"#ffffff"}]})";

// A 16 x 16 mask: background with a class-0 square at (4,4)-(12,12) holding a class-1 pixel.
cv::Mat sampleMask() {
  cv::Mat m(16, 16, CV_8UC1, cv::Scalar(2));
  m(cv::Rect(4, 4, 8, 8)).setTo(0);
  m.at<std::uint8_t>(6, 7) = 1;
  return m;
}

// A project with a dataset patch "plain" and a slide patch cut at level-0 (1000, 2000), side 64.
fs::path makeProject(const std::string& name) {
  const fs::path dir = arml::test::scratchDir(name);
  writeText(dir / "project.json", kProjectJson);
  fs::create_directories(dir / "edits");
  fs::create_directories(dir / "slide-patches" / "S1");
  const Palette pal = {{255, 0, 0}, {0, 255, 0}, {255, 255, 255}};
  writePalettePng(dir / "edits" / "plain.png", sampleMask(), pal);
  writePalettePng(dir / "edits" / "S1_x1000_y2000_s64.png", sampleMask(), pal);
  writePalettePng(dir / "slide-patches" / "S1" / "S1_x1000_y2000_s64.png", sampleMask(), pal);  // stands for the RGB patch
  ReviewFile review;
  PatchReview entry;
  entry.image = "slide-patches/S1/S1_x1000_y2000_s64.png";
  review.put("S1_x1000_y2000_s64", entry);
  review.save(dir / "review.json");
  return dir;
}

template <typename F>
QString inputErrorOf(F f) {
  try {
    f();
  } catch (const arml::InputError& e) {
    return QString::fromStdString(e.what());
  }
  return QStringLiteral("no InputError");
}

}  // namespace

class TestAnnotationBatch : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void projectClassesAndPlacements() {
    const fs::path dir = makeProject("annotation_batch_open");
    const AnnotationProject p = AnnotationProject::open(dir);
    QCOMPARE(p.options.classes.size(), std::size_t(3));
    QCOMPARE(QString::fromStdString(p.options.classes[1].name), QString("Stroma"));
    QCOMPARE(p.options.classes[1].colour, (std::array<std::uint8_t, 3>{0, 255, 0}));
    QCOMPARE(p.options.background, 2);
    QCOMPARE(p.edits, dir / "edits");
    QVERIFY(p.placement("S1_x1000_y2000_s64"));
    QVERIFY(!p.placement("plain"));
    QCOMPARE(p.maskSize("plain").value(), cv::Size(16, 16));
    QVERIFY(!p.maskSize("unknown"));
    // A review.json whose image leaves the project is refused as a whole, naming the file, not read.
    const fs::path hostile = makeProject("annotation_batch_escaping");
    writeText(hostile / "review.json", R"({"format":1,"patches":{"escaping":{"image":"../../outside.png"}}})");
    const QString refused = inputErrorOf([&] { AnnotationProject::open(hostile); });
    QVERIFY2(refused.contains("review.json") && refused.contains("'../../outside.png' must be a path inside the project"),
             qPrintable(refused));
    QVERIFY(inputErrorOf([&] { p.editPath("../x"); }).contains("not a patch name that can be a file name"));
  }

  void badProjectFilesAreInputErrors() {
    const fs::path dir = arml::test::scratchDir("annotation_batch_bad");
    QVERIFY(inputErrorOf([&] { AnnotationProject::open(dir); }).contains("not a project folder (no project.json)"));
    const std::pair<std::string, const char*> cases[] = {
        {std::string(100000, '[') + std::string(100000, ']'), "JSON nested deeper than 64 levels"},
        {"{", "not valid JSON"},
        {"[]", "not a project file"},
        {"{\"edits\":\"../elsewhere\"}", "edits folder '../elsewhere' is not a plain relative name"},
        {"{\"edits\":\"/tmp\"}", "edits folder '/tmp' is not a plain relative name"},
        {"{\"edits\":3}", "\"edits\" is not a string"},
        {"{\"classes\":[{\"name\":\"A\",\"colour\":\"red\"}]}", "classes[0].colour is not #RRGGBB"},
        {"{\"classes\":[{\"colour\":\"#000000\"}]}", "classes[0] has no \"name\""},
        {"{\"classes\":[{\"name\":\"A\"}],\"background_index\":3}", "\"background_index\" 3 names no class"},
    };
    for (const auto& [text, needle] : cases) {
      writeText(dir / "project.json", text);
      const QString e = inputErrorOf([&] { AnnotationProject::open(dir); });
      QVERIFY2(e.startsWith(QString::fromStdString((dir / "project.json").string())) && e.contains(needle), qPrintable(e.left(200)));
    }
    // No classes: the app's default LUAD classes.
    writeText(dir / "project.json", "{}");
    const AnnotationProject p = AnnotationProject::open(dir);
    QCOMPARE(p.options.classes.size(), std::size_t(5));
    QCOMPARE(QString::fromStdString(p.options.classes[0].name), QString("Tumour epithelium"));
    QCOMPARE(p.options.background, 4);
    // A damaged review.json is reported, deep nesting included.
    writeText(dir / "review.json", std::string(100000, '{'));
    QVERIFY(inputErrorOf([&] { AnnotationProject::open(dir); }).contains("review.json: JSON nested deeper than 64 levels"));
  }

  void exportsInLevel0AndReadsBackExactly() {
    const fs::path dir = makeProject("annotation_batch_export");
    const AnnotationProject p = AnnotationProject::open(dir);
    for (const AnnotationFormat format : {AnnotationFormat::GeoJson, AnnotationFormat::AsapXml}) {
      const fs::path out = dir / (format == AnnotationFormat::GeoJson ? "out-geojson" : "out-asap");
      const AnnotationExport done = exportCorrectedMasks(p, out, format);
      QCOMPARE(done.written.size(), std::size_t(2));
      QCOMPARE(QString::fromStdString(done.written[0].stem), QString("S1_x1000_y2000_s64"));
      QVERIFY(done.written[0].level0);
      QVERIFY(!done.written[1].level0);
      for (const ExportedAnnotation& e : done.written) {
        QVERIFY(fs::exists(e.file));
        QCOMPARE(e.file.extension().string(), std::string(annotationExtension(format)));
        const cv::Mat back = importAnnotationFile(p, e.stem, e.file, cv::Size(16, 16));
        QCOMPARE(cv::countNonZero(back != sampleMask()), 0);
      }
    }
    // Level 0: the class-0 square (mask pixels 4..12) is at 1000 + 4 * 4 .. 1000 + 12 * 4 on the slide.
    std::ifstream in(dir / "out-geojson" / "S1_x1000_y2000_s64.geojson");
    const nlohmann::json doc = nlohmann::json::parse(in);
    double minX = 1e18, maxX = -1e18, minY = 1e18, maxY = -1e18;
    for (const auto& f : doc["features"])
      if (f["properties"]["classification"]["name"] == "Tumor")
        for (const auto& pt : f["geometry"]["coordinates"][0]) {
          minX = std::min(minX, pt[0].get<double>()), maxX = std::max(maxX, pt[0].get<double>());
          minY = std::min(minY, pt[1].get<double>()), maxY = std::max(maxY, pt[1].get<double>());
        }
    QCOMPARE(minX, 1016.0);
    QCOMPARE(maxX, 1048.0);
    QCOMPARE(minY, 2016.0);
    QCOMPARE(maxY, 2048.0);
    // The dataset patch stays in mask pixels.
    std::ifstream plain(dir / "out-geojson" / "plain.geojson");
    const nlohmann::json plainDoc = nlohmann::json::parse(plain);
    QCOMPARE(plainDoc["features"][0]["geometry"]["coordinates"][0][0][0].get<double>(), 4.0);
  }

  // The patches of one slide together, in level-0 coordinates: read back over the slide region
  // they cover, they lie side by side exactly.
  void slideFileHoldsEveryPatchOfTheSlide() {
    const fs::path dir = makeProject("annotation_batch_slides");
    const Palette pal = {{255, 0, 0}, {0, 255, 0}, {255, 255, 255}};
    cv::Mat second = sampleMask();
    second.at<std::uint8_t>(0, 0) = 1;
    writePalettePng(dir / "edits" / "S1_x1064_y2000_s64.png", second, pal);
    writePalettePng(dir / "slide-patches" / "S1" / "S1_x1064_y2000_s64.png", second, pal);
    ReviewFile review = ReviewFile::load(dir / "review.json");
    PatchReview entry;
    entry.image = "slide-patches/S1/S1_x1064_y2000_s64.png";
    review.put("S1_x1064_y2000_s64", entry);
    review.save(dir / "review.json");
    const AnnotationProject p = AnnotationProject::open(dir);
    cv::Mat expected;
    cv::hconcat(sampleMask(), second, expected);  // level-0 x 1000..1064 and 1064..1128, 4 px per mask pixel
    ExchangeOptions region = p.options;
    region.scale = 4;
    region.offsetX = 1000;
    region.offsetY = 2000;
    for (const AnnotationFormat format : {AnnotationFormat::GeoJson, AnnotationFormat::AsapXml}) {
      const AnnotationExport done = exportCorrectedMasks(p, dir / "out", format);
      QCOMPARE(done.written.size(), std::size_t(3));
      QCOMPARE(done.slides.size(), std::size_t(1));
      QCOMPARE(QString::fromStdString(done.slides[0].slide), QString("S1"));
      QCOMPARE(done.slides[0].patches, std::size_t(2));
      QCOMPARE(done.slides[0].file, dir / "out" / "slides" / (std::string("S1") + annotationExtension(format)));
      std::ifstream in(done.slides[0].file, std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const cv::Mat back = format == AnnotationFormat::GeoJson ? geoJsonToMask(text, expected.size(), region)
                                                               : asapXmlToMask(text, expected.size(), region);
      QCOMPARE(cv::countNonZero(back != expected), 0);
    }
  }

  void exportSkipsWhatIsNotAMaskAndWarnsOfUnsavedStrokes() {
    const fs::path dir = makeProject("annotation_batch_skip");
    writeText(dir / "edits" / "plain.json", "{}");
    writeText(dir / "edits" / "plain.journal", "x");
    fs::create_directories(dir / "edits" / "folder.png");
    const AnnotationExport done = exportCorrectedMasks(AnnotationProject::open(dir), dir / "out", AnnotationFormat::GeoJson);
    QCOMPARE(done.written.size(), std::size_t(2));
    QCOMPARE(done.warnings.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(done.warnings[0]).contains("plain.png: has unsaved strokes"));
    fs::remove_all(dir / "edits");
    QVERIFY(inputErrorOf([&] { exportCorrectedMasks(AnnotationProject::open(dir), dir / "out", AnnotationFormat::GeoJson); })
                .contains("no edits folder"));
  }

  void formatsByNameExtensionAndContent() {
    QCOMPARE(parseAnnotationFormat("geojson").value(), AnnotationFormat::GeoJson);
    QCOMPARE(parseAnnotationFormat("asap").value(), AnnotationFormat::AsapXml);
    QVERIFY(!parseAnnotationFormat("xml"));
    QCOMPARE(detectAnnotationFormat("a.XML", "{"), AnnotationFormat::AsapXml);
    QCOMPARE(detectAnnotationFormat("a.json", "<"), AnnotationFormat::GeoJson);
    QCOMPARE(detectAnnotationFormat("a.txt", "  \n<ASAP_Annotations/>"), AnnotationFormat::AsapXml);
    QCOMPARE(detectAnnotationFormat("a", "{}"), AnnotationFormat::GeoJson);
  }
};

QTEST_APPLESS_MAIN(TestAnnotationBatch)
#include "test_annotation_batch.moc"
