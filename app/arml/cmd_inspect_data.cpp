// `arml inspect-data --data ROOT [--json]`: detected layout, classes, counts, sample patches and problems.
// Exit 0 when the dataset has no problems, 2 (after printing the report) when it has some.
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/palette_png.h"

namespace arml::cli {

namespace {

using nlohmann::json;

json rgbJson(const data::Rgb& c) { return json::array({c[0], c[1], c[2]}); }

json inspectTrain(const data::Dataset& d, std::vector<std::string>& problems) {
  const auto& items = d.train();
  // Every training image's header is read (and PNGs checked chunk by chunk): empty files, truncated
  // files and images over the size limit (decompression bombs) are problems, not silently counted.
  for (const auto& i : items) {
    CancelToken::global().throwIfCancelled();
    try {
      data::readImageSize(i.image);
    } catch (const InputError& e) {
      problems.push_back(e.what());
    }
  }
  std::vector<int> perClass(std::size_t(d.scheme().tissueCount()), 0);
  std::vector<int> byCount(std::size_t(d.scheme().tissueCount()) + 1, 0);
  for (const auto& i : items) {
    int n = 0;
    for (std::size_t c = 0; c < i.label.size(); ++c) {
      perClass[c] += i.label[c];
      n += i.label[c];
    }
    ++byCount[std::size_t(n)];
  }
  // Up to 8 sample patches for a preview: round robin over the classes (each class's next patch
  // that has it), so every class shows up when it can, then evenly spaced ones.
  constexpr std::size_t kSamples = 8;
  std::vector<std::size_t> chosen;
  const auto taken = [&](std::size_t i) { return std::find(chosen.begin(), chosen.end(), i) != chosen.end(); };
  std::vector<std::size_t> next(perClass.size(), 0);
  for (bool added = true; added && chosen.size() < kSamples;) {
    added = false;
    for (std::size_t c = 0; c < perClass.size() && chosen.size() < kSamples; ++c) {
      while (next[c] < items.size() && (items[next[c]].label[c] == 0 || taken(next[c]))) ++next[c];
      if (next[c] < items.size()) chosen.push_back(next[c]), added = true;
    }
  }
  for (std::size_t k = 0; k < kSamples && chosen.size() < std::min(kSamples, items.size()); ++k)
    if (!taken(k * items.size() / kSamples)) chosen.push_back(k * items.size() / kSamples);
  json samples = json::array();
  for (std::size_t i : chosen) samples.push_back({{"image", items[i].image.string()}, {"label", items[i].label}});
  return {{"folder", d.splitFolder("train").string()},
          {"images", items.size()},
          {"images_per_class", perClass},
          {"images_by_class_count", byCount},
          {"samples", samples}};
}

json inspectMasked(const data::Dataset& d, const std::string& split, std::vector<std::string>& problems) {
  const auto& items = d.masked(split);
  const int k = d.scheme().tissueCount();
  std::vector<int> masksPerClass(std::size_t(k) + 1, 0);
  std::vector<long long> pixelsPerClass(std::size_t(k) + 1, 0);
  long long otherPixels = 0;
  int minW = 1 << 30, minH = 1 << 30, maxW = 0, maxH = 0;
  for (const auto& item : items) {
    CancelToken::global().throwIfCancelled();
    try {
      const cv::Size imageSize = data::readImageSize(item.image);
      const cv::Mat mask = data::readIndexMask(item.mask);
      if (mask.size() != imageSize)
        throw InputError(item.mask.string(), "mask is " + std::to_string(mask.cols) + "x" + std::to_string(mask.rows) +
                                                 " but its image is " + std::to_string(imageSize.width) + "x" +
                                                 std::to_string(imageSize.height));
      if (!item.backgroundMask.empty() && data::readImageSize(item.backgroundMask) != imageSize)
        throw InputError(item.backgroundMask.string(), "background mask size differs from its image");
      minW = std::min(minW, imageSize.width), maxW = std::max(maxW, imageSize.width);
      minH = std::min(minH, imageSize.height), maxH = std::max(maxH, imageSize.height);
      std::vector<long long> counts(256, 0);
      for (int y = 0; y < mask.rows; ++y) {
        const unsigned char* m = mask.ptr<unsigned char>(y);
        for (int x = 0; x < mask.cols; ++x) ++counts[m[x]];
      }
      for (int c = 0; c <= k; ++c) {
        pixelsPerClass[std::size_t(c)] += counts[std::size_t(c)];
        masksPerClass[std::size_t(c)] += counts[std::size_t(c)] > 0;
      }
      long long other = 0;
      for (int c = k + 1; c < 256; ++c) other += counts[std::size_t(c)];
      if (other > 0)
        problems.push_back(item.mask.string() + ": " + std::to_string(other) + " pixels with an index above " +
                           std::to_string(k) + " (background)");
      otherPixels += other;
    } catch (const InputError& e) {
      problems.push_back(e.what());
    }
  }
  json j = {{"folder", d.splitFolder(split).string()},
            {"pairs", items.size()},
            {"has_background_masks", !items.front().backgroundMask.empty()},
            {"masks_per_class", masksPerClass},
            {"pixels_per_class", pixelsPerClass},
            {"pixels_other", otherPixels}};
  if (maxW > 0) j["size_range"] = {{"min", {minW, minH}}, {"max", {maxW, maxH}}};
  return j;
}

void printText(const json& r) {
  std::cout << "dataset   " << r["root"].get<std::string>() << "\nlayout    " << r["kind"].get<std::string>() << "\n";
  std::cout << "classes  ";
  for (const auto& c : r["classes"])
    std::cout << " " << c["index"] << "=" << c["abbreviation"].get<std::string>() << " (" << c["name"].get<std::string>()
              << ", rgb " << c["colour"][0] << "," << c["colour"][1] << "," << c["colour"][2] << ")";
  std::cout << "\n          background index " << r["background"]["index"] << "\n";
  for (const char* split : {"train", "val", "test"}) {
    if (!r["splits"].contains(split)) {
      std::cout << split << ": none\n";
      continue;
    }
    const json& s = r["splits"][split];
    if (std::string(split) == "train") {
      std::cout << "train     " << s["images"] << " images in " << s["folder"].get<std::string>()
                << "\n          images per class " << s["images_per_class"].dump()
                << "\n          images with 0,1,2,... classes " << s["images_by_class_count"].dump() << "\n";
    } else {
      std::cout << split << (std::string(split) == "val" ? "       " : "      ") << s["pairs"] << " image/mask pairs in "
                << s["folder"].get<std::string>() << (s["has_background_masks"].get<bool>() ? " (with background masks)" : "")
                << "\n          masks containing each class (incl. background) " << s["masks_per_class"].dump()
                << "\n          pixels per class " << s["pixels_per_class"].dump() << "\n";
      if (s.contains("size_range"))
        std::cout << "          sizes " << s["size_range"]["min"][0] << "x" << s["size_range"]["min"][1] << " to "
                  << s["size_range"]["max"][0] << "x" << s["size_range"]["max"][1] << "\n";
    }
  }
  const auto& problems = r["problems"];
  std::cout << "problems  " << problems.size() << "\n";
  for (const auto& p : problems) std::cout << "  " << p.get<std::string>() << "\n";
}

}  // namespace

Runner registerInspectData(CLI::App& sub, Context&) {
  auto root = std::make_shared<std::string>();
  auto asJson = std::make_shared<bool>(false);
  sub.add_option("--data", *root, "dataset folder (or a labels .csv file)")->required();
  sub.add_flag("--json", *asJson, "print one JSON object instead of text");
  return [root, asJson](Context& ctx) {
    std::vector<std::string> problems;
    const data::Dataset d = data::Dataset::open(*root, ctx.common.dataset, &problems);
    const data::ClassScheme& scheme = d.scheme();
    json r = {{"root", d.root().string()}, {"kind", data::datasetKindName(d.kind())}};
    r["classes"] = json::array();
    for (int c = 0; c < scheme.tissueCount(); ++c) {
      const auto& tc = scheme.tissueClasses[std::size_t(c)];
      r["classes"].push_back({{"index", c}, {"name", tc.name}, {"abbreviation", tc.abbreviation}, {"colour", rgbJson(tc.colour)}});
    }
    r["background"] = {{"index", scheme.backgroundIndex}, {"colour", rgbJson(scheme.backgroundColour)}};
    r["splits"] = json::object();
    if (d.hasSplit("train")) r["splits"]["train"] = inspectTrain(d, problems);
    else problems.push_back(d.splitFolder("train").string() + ": no labelled training images");
    for (const char* split : {"val", "test"})
      if (d.hasSplit(split)) r["splits"][split] = inspectMasked(d, split, problems);
    r["problems"] = problems;
    if (*asJson)
      std::cout << r.dump() << std::endl;
    else
      printText(r);
    if (!problems.empty())
      throw InputError(d.root().string(), std::to_string(problems.size()) + " problem(s) found; first: " + problems.front());
    return 0;
  };
}

}  // namespace arml::cli
