#pragma once
// Why a TIFF-based slide (.svs, .tif, ...) cannot be read, when its structure shows it: a file cut
// short (a directory or image data beyond its end) or a broken directory chain. Reads only the
// header, the directories and their offset tables, never pixel data.
#include <filesystem>
#include <string>

namespace arml::slide {

// "" when the file is not a TIFF or BigTIFF or its structure looks whole; otherwise a one-line
// description such as "truncated or damaged: the file has 1048576 bytes but its TIFF directory 1
// points to image data up to byte 52428800".
std::string describeTiffDamage(const std::filesystem::path& path);

}  // namespace arml::slide
