// libFuzzer harness: the mask PNG reader (data/palette_png.h, decodeIndexedPng, which runs
// data/png_chunks.h's structure check before libpng) on arbitrary bytes. Every input must end in a
// mask or an arml::InputError; a mask that decodes is encoded again and must decode to itself.
// Build and run by hand from the repository root (Debian's clang-14 + libfuzzer-14-dev):
//   clang++-14 -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iengine -I/usr/include/opencv4 \
//     fuzz/palette_png_fuzzer.cpp engine/data/palette_png.cpp engine/data/png_chunks.cpp \
//     engine/core/atomic_file.cpp -lpng -lopencv_core -o /tmp/palette_png_fuzzer
//   mkdir -p /tmp/palette_png_corpus && nice /tmp/palette_png_fuzzer -jobs=1 -max_total_time=300 \
//     -timeout=10 -rss_limit_mb=2048 -dict=fuzz/palette_png_fuzzer.dict /tmp/palette_png_corpus fuzz/corpus/palette_png_fuzzer
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <opencv2/core.hpp>

#include "core/errors.h"
#include "data/palette_png.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  arml::data::IndexedImage image;
  try {
    // A smaller pixel limit than the default keeps one run fast; the limit itself is tested in tests/.
    image = arml::data::decodeIndexedPng(data, size, "fuzz.png", 1 << 22);
  } catch (const arml::InputError&) {
    return 0;
  }
  const std::vector<unsigned char> again = arml::data::encodePalettePng(image.indices, image.palette);
  const arml::data::IndexedImage back = arml::data::decodeIndexedPng(again.data(), again.size(), "re-encoded");
  if (back.indices.size() != image.indices.size() || cv::countNonZero(back.indices != image.indices) != 0) std::abort();
  return 0;
}
