// `arml review-summary --masks DIR --edits DIR [--review FILE] [--data ROOT | --classes K] [--json]`:
// what reviewers changed: for every corrected patch (edits/<stem>.png not rejected in review.json)
// against its generated mask, the pixels each class lost and gained and the confusion matrix
// generated -> corrected (tissue classes and background). Text by default, JSON with --json.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "core/errors.h"
#include "data/dataset.h"
#include "data/mask_set.h"

namespace arml::cli {

Runner registerReviewSummary(CLI::App& sub, Context&) {
  struct Args {
    std::string masks, edits, review, data;
    int classes = 4;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--masks", a->masks, "generated (pseudo) masks: <stem>.png")->required();
  sub.add_option("--edits", a->edits, "corrected masks (a project's edits/ folder)")->required();
  sub.add_option("--review", a->review, "review.json: rejected patches are not counted");
  sub.add_option("--data", a->data, "dataset root, for the class names and count");
  sub.add_option("--classes", a->classes, "tissue classes when --data is not given (background = this index)")
      ->capture_default_str();
  sub.add_flag("--json", a->json, "print JSON instead of text");
  return [a](Context& ctx) {
    std::vector<std::string> names;
    if (!a->data.empty()) {
      const data::Dataset ds = data::Dataset::open(a->data, ctx.common.dataset);
      for (const auto& c : ds.scheme().tissueClasses) names.push_back(c.abbreviation);
      names.push_back("background");
    } else {
      if (a->classes < 1 || a->classes > 255) throw InputError("--classes " + std::to_string(a->classes), "must be 1..255");
      for (int c = 0; c < a->classes; ++c) names.push_back(std::to_string(c));
      names.push_back("background");
    }
    const data::ReviewFile review = a->review.empty() ? data::ReviewFile() : data::ReviewFile::load(a->review);
    if (!a->review.empty() && !std::filesystem::exists(a->review))
      ctx.events->warning(a->review + ": no review file yet, every edit counts");
    const data::ReviewSummary s = data::summarizeReview(a->masks, a->edits, review, int(names.size()), names);
    if (a->json)
      std::cout << data::reviewSummaryJson(s).dump(2) << "\n";
    else
      std::cout << data::reviewSummaryText(s);
    ctx.events->metric("changed_pixels", double(s.changed), {{"patches", s.patches}});
    return 0;
  };
}

}  // namespace arml::cli
