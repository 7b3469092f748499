#include "data/image_header.h"

#include "core/errors.h"
#include "core/image_limits.h"

namespace arml::data {

namespace {

std::uint32_t be16(const unsigned char* p) { return (std::uint32_t(p[0]) << 8) | p[1]; }
std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
std::uint32_t le16(const unsigned char* p) { return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8); }
std::uint32_t le32(const unsigned char* p) {
  return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
}

std::optional<DeclaredSize> png(const unsigned char* d, std::size_t n) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (n < 24) return std::nullopt;
  for (int i = 0; i < 8; ++i)
    if (d[i] != sig[i]) return std::nullopt;
  if (d[12] != 'I' || d[13] != 'H' || d[14] != 'D' || d[15] != 'R') return std::nullopt;
  return DeclaredSize{be32(d + 16), be32(d + 20), "PNG"};
}

std::optional<DeclaredSize> jpeg(const unsigned char* d, std::size_t n) {
  if (n < 4 || d[0] != 0xff || d[1] != 0xd8) return std::nullopt;
  std::size_t i = 2;
  while (i + 4 <= n) {
    if (d[i] != 0xff) return std::nullopt;
    const unsigned char marker = d[i + 1];
    if (marker == 0xff) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
      i += 2;
      continue;
    }
    const std::size_t length = be16(d + i + 2);
    const bool sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (sof) {
      if (i + 9 > n) return std::nullopt;
      return DeclaredSize{be16(d + i + 7), be16(d + i + 5), "JPEG"};
    }
    if (marker == 0xd9 || marker == 0xda) return std::nullopt;  // end or scan before a frame header
    i += 2 + length;
  }
  return std::nullopt;
}

std::optional<DeclaredSize> bmp(const unsigned char* d, std::size_t n) {
  if (n < 26 || d[0] != 'B' || d[1] != 'M') return std::nullopt;
  const std::uint32_t headerSize = le32(d + 14);
  if (headerSize == 12) return DeclaredSize{le16(d + 18), le16(d + 20), "BMP"};
  const auto w = static_cast<std::int32_t>(le32(d + 18));
  const auto h = static_cast<std::int32_t>(le32(d + 22));
  return DeclaredSize{std::uint64_t(w < 0 ? -std::int64_t(w) : w), std::uint64_t(h < 0 ? -std::int64_t(h) : h), "BMP"};
}

std::optional<DeclaredSize> tiff(const unsigned char* d, std::size_t n) {
  if (n < 8) return std::nullopt;
  const bool little = d[0] == 'I' && d[1] == 'I';
  if (!little && !(d[0] == 'M' && d[1] == 'M')) return std::nullopt;
  auto u16 = [&](std::size_t at) { return little ? le16(d + at) : be16(d + at); };
  auto u32 = [&](std::size_t at) { return little ? le32(d + at) : be32(d + at); };
  if (u16(2) != 42) return std::nullopt;  // BigTIFF (43) is left to the decoder
  const std::size_t ifd = u32(4);
  if (ifd + 2 > n) return std::nullopt;
  const std::uint32_t entries = u16(ifd);
  DeclaredSize s{0, 0, "TIFF"};
  for (std::uint32_t e = 0; e < entries; ++e) {
    const std::size_t at = ifd + 2 + 12 * std::size_t(e);
    if (at + 12 > n) return std::nullopt;
    const std::uint32_t tag = u16(at), type = u16(at + 2);
    const std::uint32_t value = type == 3 ? u16(at + 8) : u32(at + 8);
    if (tag == 256) s.width = value;
    if (tag == 257) s.height = value;
  }
  if (s.width == 0 && s.height == 0) return std::nullopt;
  return s;
}

}  // namespace

std::optional<DeclaredSize> declaredImageSize(const unsigned char* data, std::size_t size) {
  if (!data) return std::nullopt;
  for (auto parse : {png, jpeg, bmp, tiff})
    if (auto s = parse(data, size)) return s;
  return std::nullopt;
}

void checkDeclaredImageSize(const std::filesystem::path& path, const unsigned char* data, std::size_t size) {
  const auto s = declaredImageSize(data, size);
  if (!s) return;
  const std::string problem = imageSizeProblem(s->width, s->height);
  if (!problem.empty()) throw InputError(path.string(), s->format + " " + problem);
}

}  // namespace arml::data
