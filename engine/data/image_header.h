#pragma once
// The pixel size an image file declares in its header, read without decoding (PNG IHDR, JPEG SOFn,
// BMP info header, TIFF first directory), for checking it against core/image_limits.h before a
// decoder allocates anything.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace arml::data {

struct DeclaredSize {
  std::uint64_t width = 0, height = 0;
  std::string format;  // "PNG", "JPEG", "BMP", "TIFF"
};

// nullopt when the bytes are none of these formats or their header is cut short.
std::optional<DeclaredSize> declaredImageSize(const unsigned char* data, std::size_t size);

// Throws InputError "<path>: <format> image declares WxH = N pixels, more than the limit ..." when
// the declared size exceeds maxImagePixels(); does nothing when the size is unknown.
void checkDeclaredImageSize(const std::filesystem::path& path, const unsigned char* data, std::size_t size);

}  // namespace arml::data
