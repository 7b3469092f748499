// `arml annotations export --project DIR --out DIR [--format geojson|asap]`: every corrected mask
// of a project (edits/<stem>.png) as GeoJSON for QuPath or ASAP XML, one file per patch; patches
// cut from a slide are in the slide's level-0 coordinates, and each slide's patches are also
// written together as OUT/slides/<slide>.<ext>, the file to open on that slide.
// `arml annotations import --project DIR --stem STEM --input FILE [--size WxH] [--out FILE] [--replace]`:
// one annotation file (GeoJSON or ASAP XML, by extension or content) into the stem's corrected mask
// (edits/<stem>.png, or --out). An existing mask is replaced only with --replace, never while the
// app holds unsaved strokes for it, and never when it is the input itself.
#include <cstdio>
#include <iostream>

#include <opencv2/core.hpp>

#include "cli_context.h"
#include "core/errors.h"
#include "data/annotation_batch.h"

namespace arml::cli {

namespace {

namespace fs = std::filesystem;

cv::Size parseSize(const std::string& text) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') || w <= 0 || h <= 0 ||
      static_cast<long long>(w) * h > data::kDefaultMaxMaskPixels)
    throw InputError("--size " + text, "expected WIDTHxHEIGHT, e.g. 224x224, of at most " +
                                           std::to_string(data::kDefaultMaxMaskPixels) + " pixels");
  return {w, h};
}

bool samePath(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

Runner registerAnnotations(CLI::App& sub, Context&) {
  struct Args {
    std::string project, out, format = "geojson", stem, input, size;
    bool replace = false;
  };
  auto a = std::make_shared<Args>();
  sub.require_subcommand(1);
  CLI::App* exp = sub.add_subcommand("export", "every corrected mask (edits/<stem>.png) to OUT/<stem>.geojson or .xml");
  exp->add_option("--project", a->project, "project folder (project.json, edits/, review.json)")->required();
  exp->add_option("--out", a->out, "folder for the annotation files")->required();
  exp->add_option("--format", a->format, "geojson (QuPath) | asap (ASAP XML)")->capture_default_str();
  CLI::App* imp = sub.add_subcommand("import", "an annotation file (GeoJSON or ASAP XML) into a patch's corrected mask");
  imp->add_option("--project", a->project, "project folder (project.json, edits/, review.json)")->required();
  imp->add_option("--stem", a->stem, "the patch (file name without .png; a review.json key)")->required();
  imp->add_option("--input", a->input, "GeoJSON (.geojson/.json) or ASAP XML (.xml) file")->required();
  imp->add_option("--size", a->size, "mask WIDTHxHEIGHT when the patch has no saved correction nor review image");
  imp->add_option("--out", a->out, "write the mask here instead of the project's edits/<stem>.png");
  imp->add_flag("--replace", a->replace, "replace an existing mask");
  return [a, exp, imp](Context& ctx) {
    const data::AnnotationProject project = data::AnnotationProject::open(a->project);
    if (exp->parsed()) {
      const auto format = data::parseAnnotationFormat(a->format);
      if (!format) throw InputError("--format " + a->format, "expected geojson or asap");
      const data::AnnotationExport done = data::exportCorrectedMasks(project, a->out, *format);
      for (const std::string& w : done.warnings) {
        std::cerr << "warning: " << w << "\n";
        ctx.events->warning(w);
      }
      int level0 = 0;
      for (const auto& e : done.written) {
        std::cout << e.stem << " -> " << e.file.string() << (e.level0 ? " (slide level-0 coordinates)" : "") << "\n";
        ctx.events->artifact("annotations", e.file.string());
        level0 += e.level0;
      }
      for (const auto& s : done.slides) {
        std::cout << "slide " << s.slide << ": " << s.patches << " patch(es) together -> " << s.file.string() << "\n";
        ctx.events->artifact("annotations", s.file.string());
      }
      std::cout << "exported " << done.written.size() << " corrected mask(s) to " << a->out << " (" << level0
                << " in slide level-0 coordinates)\n";
      ctx.events->metric("exported", double(done.written.size()), {{"level0", level0}});
      return 0;
    }
    if (!imp->parsed()) return 0;
    cv::Size size;
    if (!a->size.empty()) {
      size = parseSize(a->size);
    } else if (const auto known = project.maskSize(a->stem)) {
      size = *known;
    } else {
      throw InputError(a->stem, "neither a saved correction nor a review image gives the mask size: give --size WxH");
    }
    const fs::path target = a->out.empty() ? project.editPath(a->stem) : fs::path(a->out);
    if (samePath(target, a->input)) throw InputError(target.string(), "is the input itself; choose another --out");
    std::error_code ec;
    if (a->out.empty() && fs::exists(project.edits / (a->stem + ".journal"), ec))
      throw InputError(target.string(), "the app holds unsaved strokes for this patch (" + a->stem +
                                            ".journal): save or discard them in the app first");
    if (fs::exists(target, ec) && !a->replace)
      throw InputError(target.string(), "already exists; --replace to overwrite it");
    const cv::Mat mask = data::importAnnotationFile(project, a->stem, a->input, size);
    if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
    data::writePalettePng(target, mask, project.palette);
    const long long painted = static_cast<long long>(mask.total()) - cv::countNonZero(mask == project.options.background);
    std::cout << "imported " << a->input << " into " << target.string() << ": " << size.width << " x " << size.height
              << ", " << painted << " pixel(s) not background"
              << (project.placement(a->stem) ? " (read in slide level-0 coordinates)" : "") << "\n";
    ctx.events->artifact("mask", target.string());
    return 0;
  };
}

}  // namespace arml::cli
