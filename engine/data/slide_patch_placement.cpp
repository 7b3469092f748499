#include "data/slide_patch_placement.h"

#include "core/errors.h"

namespace arml::data {

namespace {

// The digits after the last `marker` in text[0, end) up to end; sets end to the marker's start.
std::optional<long long> trailingNumber(const std::string& text, std::size_t& end, const char* marker) {
  const std::size_t at = text.rfind(marker, end);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t first = at + 2;
  if (first >= end || end - first > 15) return std::nullopt;
  long long v = 0;
  for (std::size_t i = first; i < end; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  end = at;
  return v;
}

}  // namespace

std::optional<SlidePatchPlacement> parseSlidePatchImage(const std::string& imagePath) {
  const std::string prefix = "slide-patches/";
  const std::string suffix = ".png";
  if (imagePath.compare(0, prefix.size(), prefix) != 0 || imagePath.size() <= prefix.size() + suffix.size() ||
      imagePath.compare(imagePath.size() - suffix.size(), suffix.size(), suffix) != 0)
    return std::nullopt;
  const std::string rest = imagePath.substr(prefix.size(), imagePath.size() - prefix.size() - suffix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string::npos || rest.find('/', slash + 1) != std::string::npos) return std::nullopt;
  const std::string folder = rest.substr(0, slash);
  const std::string stem = rest.substr(slash + 1);
  std::size_t end = stem.size();
  const auto side = trailingNumber(stem, end, "_s");
  const auto y = side ? trailingNumber(stem, end, "_y") : std::nullopt;
  const auto x = y ? trailingNumber(stem, end, "_x") : std::nullopt;
  if (!x || *side <= 0 || stem.substr(0, end) != folder || folder.empty()) return std::nullopt;
  return SlidePatchPlacement{folder, *x, *y, *side};
}

void mapToLevel0(ExchangeOptions& options, const SlidePatchPlacement& placement, cv::Size maskSize,
                 const std::string& source) {
  if (maskSize.width <= 0 || maskSize.width != maskSize.height)
    throw InputError(source, "a slide patch's mask must be square, not " + std::to_string(maskSize.width) + " x " +
                                 std::to_string(maskSize.height));
  options.scale = static_cast<double>(placement.side) / maskSize.width;
  options.offsetX = static_cast<double>(placement.x);
  options.offsetY = static_cast<double>(placement.y);
}

}  // namespace arml::data
