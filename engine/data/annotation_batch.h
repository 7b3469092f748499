#pragma once
// Annotation exchange for a whole project, without the GUI (`arml annotations`): every corrected
// mask (edits/<stem>.png) to GeoJSON or ASAP XML at once, and one annotation file into a mask.
// Patches cut from a slide (review.json entries whose "image" is a slide patch, see
// slide_patch_placement.h) are exchanged in the slide's level-0 coordinates, others in mask pixels.
// Every name read from a file (project.json's edits folder, review keys, image paths, file names
// in edits/) is checked with core/safe_path.h before it becomes part of a path.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "data/mask_exchange.h"
#include "data/palette_png.h"
#include "data/review_state.h"
#include "data/slide_patch_placement.h"

namespace arml::data {

enum class AnnotationFormat { GeoJson, AsapXml };

// "geojson" or "asap"; nullopt otherwise.
std::optional<AnnotationFormat> parseAnnotationFormat(const std::string& name);
// ".geojson" or ".xml".
const char* annotationExtension(AnnotationFormat format);
// By extension (.geojson/.json, .xml), else by the first character of the text ('<' is XML).
AnnotationFormat detectAnnotationFormat(const std::filesystem::path& path, const std::string& text);

// What the exchange needs from a project folder.
struct AnnotationProject {
  std::filesystem::path folder;
  std::filesystem::path edits;       // project.json's "edits", default edits/
  std::filesystem::path reviewPath;  // folder/review.json
  ExchangeOptions options;           // the classes (names, colours) and background index
  Palette palette;                   // colours by class index, for written masks
  ReviewFile review;

  // Reads folder/project.json (classes as the app writes them; the app's default LUAD classes when
  // it lists none) and folder/review.json. InputError naming the file for anything unreadable.
  static AnnotationProject open(const std::filesystem::path& folder);

  // The slide placement of a stem, when review.json lists it with a slide patch's image.
  std::optional<SlidePatchPlacement> placement(const std::string& stem) const;
  // options, mapped to the slide's level-0 coordinates for a slide patch.
  ExchangeOptions optionsFor(const std::string& stem, cv::Size maskSize) const;
  // edits/<stem>.png; InputError when the stem is not a safe file name.
  std::filesystem::path editPath(const std::string& stem) const;
  // The size of a stem's mask: its saved correction, else its review entry's image; nullopt when
  // neither is there.
  std::optional<cv::Size> maskSize(const std::string& stem) const;
};

struct ExportedAnnotation {
  std::string stem;
  std::filesystem::path file;
  bool level0 = false;  // in a slide's level-0 coordinates
};

struct SlideAnnotations {
  std::string slide;
  std::filesystem::path file;  // outDir/slides/<slide>.geojson or .xml
  std::size_t patches = 0;
};

struct AnnotationExport {
  std::vector<ExportedAnnotation> written;  // in stem order
  std::vector<SlideAnnotations> slides;     // in slide order
  std::vector<std::string> warnings;        // one line each, naming the file
};

// Every edits/<stem>.png as outDir/<stem>.geojson or .xml (atomic writes; outDir is created), and
// the patches of each slide together, in its level-0 coordinates, as outDir/slides/<slide>.<ext>:
// the one file to open on that slide in QuPath or ASAP.
// Files in edits/ that are not masks, or whose names are unsafe, are skipped with a warning.
AnnotationExport exportCorrectedMasks(const AnnotationProject& project, const std::filesystem::path& outDir,
                                      AnnotationFormat format);

// An annotation file as a mask of `size` for `stem` (level-0 coordinates for a slide patch).
cv::Mat importAnnotationFile(const AnnotationProject& project, const std::string& stem,
                             const std::filesystem::path& input, cv::Size size);

}  // namespace arml::data
