#include "core/image_limits.h"

#include <atomic>
#include <cstdlib>

namespace arml {

namespace {
std::atomic<std::uint64_t> g_limit{0};

std::uint64_t fromEnvironment() {
  const char* text = std::getenv("ARML_MAX_IMAGE_PIXELS");
  if (!text || !*text) return kDefaultMaxImagePixels;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text, &end, 10);
  return (end && *end == '\0' && v > 0) ? v : kDefaultMaxImagePixels;
}
}  // namespace

std::uint64_t maxImagePixels() {
  const std::uint64_t set = g_limit.load();
  return set ? set : fromEnvironment();
}

void setMaxImagePixels(std::uint64_t pixels) { g_limit.store(pixels); }

std::string imageSizeProblem(std::uint64_t width, std::uint64_t height) {
  const std::uint64_t limit = maxImagePixels();
  if (width == 0 || height == 0) return {};  // an empty size is the decoder's problem to report
  if (width > limit / height + 1 || width * height > limit)
    return "image declares " + std::to_string(width) + "x" + std::to_string(height) + " = " +
           std::to_string(width * height) + " pixels, more than the limit of " + std::to_string(limit) +
           " (raise it with --max-image-pixels or ARML_MAX_IMAGE_PIXELS for a real image this large)";
  return {};
}

}  // namespace arml
