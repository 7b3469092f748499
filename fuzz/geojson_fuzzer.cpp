// libFuzzer harness: the GeoJSON reader (data/mask_exchange.h, geoJsonToMask) on arbitrary bytes.
// Every input must end in a mask or an arml::InputError; any other exception, crash, hang or leak
// is a finding. A mask that parses is exported again and must read back to itself.
// Build and run by hand from the repository root (Debian's clang-14 + libfuzzer-14-dev):
//   clang++-14 -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iengine -I/usr/include/opencv4 \
//     fuzz/geojson_fuzzer.cpp engine/data/mask_exchange.cpp engine/data/json_shape.cpp \
//     -lopencv_imgproc -lopencv_core -o /tmp/geojson_fuzzer
//   mkdir -p /tmp/geojson_corpus && nice /tmp/geojson_fuzzer -jobs=1 -max_total_time=300 -timeout=10 \
//     -rss_limit_mb=2048 -dict=fuzz/geojson_fuzzer.dict /tmp/geojson_corpus fuzz/corpus/geojson_fuzzer
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <opencv2/core.hpp>

#include "core/errors.h"
#include "data/mask_exchange.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const arml::data::ExchangeOptions options = [] {
    arml::data::ExchangeOptions o;
    o.classes = {{"TE", {205, 51, 51}}, {"NEC", {0, 255, 0}}, {"LYM", {65, 105, 225}}, {"TAS", {255, 165, 0}},
                 {"background", {255, 255, 255}}};
    o.background = 4;
    o.limits.maxPoints = 200000;  // keeps one run fast; the limits themselves are tested in tests/
    return o;
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  cv::Mat mask;
  try {
    mask = arml::data::geoJsonToMask(text, cv::Size(48, 40), options, "fuzz.geojson");
  } catch (const arml::InputError&) {
    return 0;
  }
  const cv::Mat back = arml::data::geoJsonToMask(arml::data::maskToGeoJson(mask, options), mask.size(), options);
  if (cv::countNonZero(back != mask) != 0) std::abort();  // export -> import must keep every pixel
  return 0;
}
