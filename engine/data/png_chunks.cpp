#include "data/png_chunks.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "core/image_limits.h"

namespace arml::data {

namespace {

const std::array<std::uint32_t, 256>& crcTable() {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

std::uint32_t crc32(const unsigned char* p, std::size_t n) {
  const auto& t = crcTable();
  std::uint32_t c = 0xffffffffu;
  for (std::size_t i = 0; i < n; ++i) c = t[(c ^ p[i]) & 0xffu] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

}  // namespace

bool hasPngSignature(const unsigned char* data, std::size_t size) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
  return size >= 8 && std::memcmp(data, sig, 8) == 0;
}

std::string checkPngStructure(const unsigned char* data, std::size_t size, PngHeader& header) {
  if (!hasPngSignature(data, size)) return "not a PNG file (no PNG signature)";
  std::size_t pos = 8;
  bool first = true;
  bool sawIdat = false;
  while (true) {
    if (pos + 12 > size) return "truncated PNG (file ends before the IEND chunk)";
    const std::uint32_t length = be32(data + pos);
    if (length > 0x7fffffffu) return "corrupt PNG (invalid chunk length)";
    const unsigned char* type = data + pos + 4;
    if (pos + 12 + std::size_t(length) > size) return "truncated PNG (file ends inside a chunk)";
    const std::string name(reinterpret_cast<const char*>(type), 4);
    if (crc32(type, 4 + std::size_t(length)) != be32(type + 4 + length))
      return "corrupt PNG (CRC mismatch in chunk " + name + ")";
    if (first) {
      if (name != "IHDR" || length != 13) return "corrupt PNG (first chunk is not IHDR)";
      header.width = int(be32(type + 4));
      header.height = int(be32(type + 8));
      header.bitDepth = type[12];
      header.colorType = type[13];
      if (header.width <= 0 || header.height <= 0) return "corrupt PNG (zero or invalid image size)";
      const std::string tooLarge = imageSizeProblem(std::uint64_t(header.width), std::uint64_t(header.height));
      if (!tooLarge.empty()) return "PNG " + tooLarge;
      first = false;
    }
    if (name == "IDAT") sawIdat = true;
    pos += 12 + std::size_t(length);
    if (name == "IEND") break;
  }
  if (!sawIdat) return "corrupt PNG (no image data)";
  return {};
}

std::string describePngFormat(const PngHeader& h) {
  std::string kind;
  switch (h.colorType) {
    case 0: kind = "grayscale"; break;
    case 2: kind = "RGB"; break;
    case 3: kind = "palette"; break;
    case 4: kind = "grayscale+alpha"; break;
    case 6: kind = "RGBA"; break;
    default: kind = "colour type " + std::to_string(h.colorType);
  }
  return std::to_string(h.bitDepth) + "-bit " + kind;
}

}  // namespace arml::data
