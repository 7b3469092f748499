#pragma once
// The largest image (width x height) the engine decodes. Every image reader checks the size its
// header declares against it before decoding, so that a small file that decodes to gigabytes (a
// "decompression bomb") is refused with a message instead of exhausting memory. Whole slides are
// read tile by tile through OpenSlide and are not affected.
//
// Default: 16384 x 16384 = 268,435,456 pixels (768 MiB as 8-bit RGB). Raise it for real large
// images with the environment variable ARML_MAX_IMAGE_PIXELS or `arml --max-image-pixels N`.
#include <cstdint>
#include <string>

namespace arml {

constexpr std::uint64_t kDefaultMaxImagePixels = 16384ULL * 16384ULL;

// The limit in force: setMaxImagePixels(), else ARML_MAX_IMAGE_PIXELS, else the default.
std::uint64_t maxImagePixels();
// 0 restores the environment / default. Thread-safe.
void setMaxImagePixels(std::uint64_t pixels);

// "" when width x height is within the limit, else the one-line reason (without the file name).
std::string imageSizeProblem(std::uint64_t width, std::uint64_t height);

}  // namespace arml
