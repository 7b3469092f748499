#include "data/annotation_batch.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/safe_path.h"
#include "data/json_shape.h"
#include "data/png_chunks.h"

namespace arml::data {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxProjectFileBytes = std::size_t(16) << 20;

// The classes the app gives a project that lists none (ui/project.cpp, Project::defaultClasses).
std::vector<ExchangeClass> defaultClasses() {
  return {{"Tumour epithelium", {205, 51, 51}},
          {"Necrosis", {0, 255, 0}},
          {"Lymphocyte", {65, 105, 225}},
          {"Tumour-associated stroma", {255, 165, 0}},
          {"Background / exclude", {255, 255, 255}}};
}

std::optional<std::array<std::uint8_t, 3>> parseHexColour(const std::string& s) {
  if (s.size() != 7 || s[0] != '#') return std::nullopt;
  std::array<std::uint8_t, 3> c{};
  for (int i = 0; i < 3; ++i) {
    int v = 0;
    for (int k = 0; k < 2; ++k) {
      const char ch = s[1 + 2 * i + k];
      const int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    c[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
  }
  return c;
}

std::string readSmallText(const fs::path& path) {
  const std::string text = readExchangeFile(path, kMaxProjectFileBytes);
  checkJsonShape(text, 64, 1000000, path.string());
  return text;
}

// The width and height a PNG's header states (structure checked); nullopt for a missing file.
std::optional<cv::Size> pngSize(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  const std::vector<unsigned char> bytes = readFileBytes(path);
  PngHeader header;
  const std::string problem = checkPngStructure(bytes.data(), bytes.size(), header);
  if (!problem.empty()) throw InputError(path.string(), problem);
  return cv::Size(header.width, header.height);
}

}  // namespace

std::optional<AnnotationFormat> parseAnnotationFormat(const std::string& name) {
  if (name == "geojson") return AnnotationFormat::GeoJson;
  if (name == "asap") return AnnotationFormat::AsapXml;
  return std::nullopt;
}

const char* annotationExtension(AnnotationFormat format) {
  return format == AnnotationFormat::GeoJson ? ".geojson" : ".xml";
}

AnnotationFormat detectAnnotationFormat(const fs::path& path, const std::string& text) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  if (ext == ".geojson" || ext == ".json") return AnnotationFormat::GeoJson;
  if (ext == ".xml") return AnnotationFormat::AsapXml;
  const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string::npos && text[first] == '<' ? AnnotationFormat::AsapXml : AnnotationFormat::GeoJson;
}

AnnotationProject AnnotationProject::open(const fs::path& folder) {
  AnnotationProject p;
  p.folder = folder;
  const fs::path file = folder / "project.json";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw InputError(folder.string(), "not a project folder (no project.json)");
  const std::string source = file.string();
  json doc;
  try {
    doc = json::parse(readSmallText(file));
  } catch (const json::exception& e) {
    throw InputError(source, std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) throw InputError(source, "not a project file (expected a JSON object)");
  std::string edits = "edits";
  if (const auto it = doc.find("edits"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) throw InputError(source, "\"edits\" is not a string");
    edits = it->get<std::string>();
  }
  p.edits = pathInside(folder, edits, source, "edits folder");
  p.reviewPath = folder / "review.json";
  int background = 4;
  if (const auto it = doc.find("background_index"); it != doc.end()) {
    if (!it->is_number_integer()) throw InputError(source, "\"background_index\" is not an integer");
    background = it->get<int>();
  }
  std::vector<ExchangeClass> classes;
  if (const auto it = doc.find("classes"); it != doc.end() && !it->is_null()) {
    if (!it->is_array()) throw InputError(source, "\"classes\" is not an array");
    if (it->size() > 255) throw InputError(source, "more than 255 classes");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      const std::string where = "classes[" + std::to_string(i) + "]";
      if (!c.is_object()) throw InputError(source, where + " is not an object");
      const auto name = c.find("name");
      if (name == c.end() || !name->is_string() || name->get<std::string>().empty())
        throw InputError(source, where + " has no \"name\"");
      const auto colourText = c.find("colour");
      std::array<std::uint8_t, 3> colour{128, 128, 128};
      if (colourText != c.end()) {
        const auto parsed = colourText->is_string() ? parseHexColour(colourText->get<std::string>()) : std::nullopt;
        if (!parsed) throw InputError(source, where + ".colour is not #RRGGBB");
        colour = *parsed;
      }
      classes.push_back({name->get<std::string>(), colour});
    }
  }
  if (classes.empty()) {
    classes = defaultClasses();
    background = 4;
  }
  if (background < 0 || background >= static_cast<int>(classes.size()))
    throw InputError(source, "\"background_index\" " + std::to_string(background) + " names no class");
  p.options.classes = classes;
  p.options.background = background;
  for (const ExchangeClass& c : classes) p.palette.push_back(c.colour);
  if (fs::exists(p.reviewPath, ec)) p.review = ReviewFile::fromJson(readSmallText(p.reviewPath), p.reviewPath.string());
  return p;
}

std::optional<SlidePatchPlacement> AnnotationProject::placement(const std::string& stem) const {
  const auto it = review.patches().find(stem);
  if (it == review.patches().end() || it->second.image.empty()) return std::nullopt;
  if (!isSafeRelativePath(it->second.image)) return std::nullopt;
  const auto placed = parseSlidePatchImage(it->second.image);
  // The file name is the stem: an entry whose key and image disagree is not trusted for coordinates.
  if (!placed || fs::path(it->second.image).stem().string() != stem) return std::nullopt;
  return placed;
}

ExchangeOptions AnnotationProject::optionsFor(const std::string& stem, cv::Size maskSize) const {
  ExchangeOptions o = options;
  if (const auto placed = placement(stem)) mapToLevel0(o, *placed, maskSize, editPath(stem).string());
  return o;
}

fs::path AnnotationProject::editPath(const std::string& stem) const {
  if (!isSafeFileName(stem + ".png"))
    throw InputError(stem, "not a patch name that can be a file name (no '/', '..' or control characters)");
  return edits / (stem + ".png");
}

std::optional<cv::Size> AnnotationProject::maskSize(const std::string& stem) const {
  if (const auto s = pngSize(editPath(stem))) return s;
  const auto it = review.patches().find(stem);
  if (it == review.patches().end() || it->second.image.empty()) return std::nullopt;
  return pngSize(pathInside(folder, it->second.image, reviewPath.string(), "image"));
}

AnnotationExport exportCorrectedMasks(const AnnotationProject& project, const fs::path& outDir, AnnotationFormat format) {
  AnnotationExport result;
  std::error_code ec;
  if (!fs::is_directory(project.edits, ec)) throw InputError(project.edits.string(), "no edits folder: nothing corrected yet");
  std::vector<std::string> stems;
  for (const fs::directory_entry& e : fs::directory_iterator(project.edits, ec)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".png" || !e.is_regular_file(ec)) continue;
    if (!isSafeFileName(name)) {
      result.warnings.push_back(e.path().string() + ": skipped, not a plain file name");
      continue;
    }
    stems.push_back(e.path().stem().string());
  }
  if (ec) throw InputError(project.edits.string(), "cannot be listed: " + ec.message());
  std::sort(stems.begin(), stems.end());
  fs::create_directories(outDir, ec);
  if (ec) throw RuntimeFailure(outDir.string() + ": cannot create the folder: " + ec.message());
  std::map<std::string, std::vector<PlacedMask>> bySlide;
  for (const std::string& stem : stems) {
    const fs::path maskPath = project.editPath(stem);
    if (fs::exists(project.edits / (stem + ".journal"), ec))
      result.warnings.push_back(maskPath.string() + ": has unsaved strokes in the app's journal; exported as last saved");
    const cv::Mat mask = readIndexMask(maskPath);
    ExportedAnnotation done;
    done.stem = stem;
    const auto placed = project.placement(stem);
    done.level0 = placed.has_value();
    const ExchangeOptions o = project.optionsFor(stem, mask.size());
    if (placed) bySlide[placed->slide].push_back({mask, o});
    const std::string text = format == AnnotationFormat::GeoJson ? maskToGeoJson(mask, o) : maskToAsapXml(mask, o);
    done.file = outDir / (stem + annotationExtension(format));
    writeFileAtomically(done.file, text);
    result.written.push_back(std::move(done));
  }
  for (const auto& [slide, masks] : bySlide) {
    fs::create_directories(outDir / "slides", ec);
    if (ec) throw RuntimeFailure((outDir / "slides").string() + ": cannot create the folder: " + ec.message());
    SlideAnnotations s{slide, outDir / "slides" / (slide + annotationExtension(format)), masks.size()};
    writeFileAtomically(s.file, format == AnnotationFormat::GeoJson ? masksToGeoJson(masks) : masksToAsapXml(masks));
    result.slides.push_back(std::move(s));
  }
  return result;
}

cv::Mat importAnnotationFile(const AnnotationProject& project, const std::string& stem, const fs::path& input, cv::Size size) {
  const ExchangeOptions o = project.optionsFor(stem, size);
  const std::string text = readExchangeFile(input, o.limits.maxFileBytes);
  return detectAnnotationFormat(input, text) == AnnotationFormat::GeoJson
             ? geoJsonToMask(text, size, o, input.string())
             : asapXmlToMask(text, size, o, input.string());
}

}  // namespace arml::data
