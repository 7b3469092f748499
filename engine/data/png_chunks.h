#pragma once
// Structural check of a PNG byte stream (signature, chunk lengths, CRCs, IHDR first, IEND last),
// shared by the RGB image reader and the palette-mask reader. Catches truncated and bit-flipped
// files before a decoder sees them.
#include <cstddef>
#include <string>

namespace arml::data {

bool hasPngSignature(const unsigned char* data, std::size_t size);

struct PngHeader {
  int width = 0;
  int height = 0;
  int bitDepth = 0;
  int colorType = 0;  // PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
};

// Returns "" when the stream is a structurally valid PNG (and fills header), else a one-line reason.
std::string checkPngStructure(const unsigned char* data, std::size_t size, PngHeader& header);

// "8-bit palette", "16-bit RGB", ...
std::string describePngFormat(const PngHeader& header);

}  // namespace arml::data
