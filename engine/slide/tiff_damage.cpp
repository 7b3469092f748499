#include "slide/tiff_damage.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <set>
#include <vector>

namespace arml::slide {

namespace {

class TiffFile {
public:
  explicit TiffFile(const std::filesystem::path& path) : in_(path, std::ios::binary) {
    std::error_code ec;
    size_ = std::filesystem::file_size(path, ec);
    if (ec) size_ = 0;
  }
  bool ok() const { return bool(in_); }
  std::uint64_t size() const { return size_; }
  bool little = true;

  bool read(std::uint64_t at, void* dst, std::size_t n) {
    if (at + n > size_) return false;
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(at));
    in_.read(static_cast<char*>(dst), static_cast<std::streamsize>(n));
    return bool(in_);
  }
  bool uint(std::uint64_t at, int bytes, std::uint64_t& v) {
    unsigned char b[8];
    if (!read(at, b, std::size_t(bytes))) return false;
    v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t(b[little ? i : bytes - 1 - i]) << (8 * i);
    return true;
  }

private:
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

int typeSize(std::uint64_t type) {
  switch (type) {
    case 3: return 2;            // SHORT
    case 4: case 13: return 4;   // LONG, IFD
    case 16: case 18: return 8;  // LONG8, IFD8
    default: return 0;
  }
}

}  // namespace

std::string describeTiffDamage(const std::filesystem::path& path) {
  TiffFile f(path);
  if (!f.ok() || f.size() < 8) return {};
  unsigned char h[4];
  if (!f.read(0, h, 4)) return {};
  if (h[0] == 'I' && h[1] == 'I') f.little = true;
  else if (h[0] == 'M' && h[1] == 'M') f.little = false;
  else return {};
  std::uint64_t magic = 0;
  f.uint(2, 2, magic);
  if (magic != 42 && magic != 43) return {};
  const bool big = magic == 43;
  const int offBytes = big ? 8 : 4, countBytes = big ? 8 : 2, entryBytes = big ? 20 : 12;
  const std::string bytes = "the file has " + std::to_string(f.size()) + " bytes but its TIFF ";

  std::uint64_t ifd = 0;
  if (!f.uint(big ? 8 : 4, offBytes, ifd)) return "truncated or damaged: the file ends inside its TIFF header";
  std::set<std::uint64_t> seen;
  for (int index = 0; ifd != 0; ++index) {
    if (!seen.insert(ifd).second) return "damaged: its TIFF directories form a loop";
    std::uint64_t entries = 0;
    if (!f.uint(ifd, countBytes, entries) || ifd + countBytes + entries * entryBytes + offBytes > f.size())
      return "truncated or damaged: " + bytes + "directory " + std::to_string(index) + " starts or ends at byte " +
             std::to_string(ifd + countBytes + entries * entryBytes + offBytes);
    std::vector<std::uint64_t> offsets, counts;
    for (std::uint64_t e = 0; e < entries; ++e) {
      const std::uint64_t at = ifd + countBytes + e * entryBytes;
      std::uint64_t tag = 0, type = 0, n = 0;
      f.uint(at, 2, tag);
      f.uint(at + 2, 2, type);
      f.uint(at + 4, offBytes, n);
      if (tag != 273 && tag != 279 && tag != 324 && tag != 325) continue;
      const int size = typeSize(type);
      if (size == 0 || n > (std::uint64_t(1) << 26)) continue;
      std::uint64_t valuesAt = at + 4 + offBytes;
      if (n * size > std::uint64_t(offBytes)) {
        if (!f.uint(valuesAt, offBytes, valuesAt)) continue;
        if (valuesAt + n * size > f.size())
          return "truncated or damaged: " + bytes + "directory " + std::to_string(index) +
                 " has its offset table up to byte " + std::to_string(valuesAt + n * size);
      }
      std::vector<std::uint64_t>& dst = (tag == 273 || tag == 324) ? offsets : counts;
      dst.resize(n);
      for (std::uint64_t i = 0; i < n; ++i) f.uint(valuesAt + i * size, size, dst[i]);
    }
    std::uint64_t end = 0;
    for (std::size_t i = 0; i < offsets.size() && i < counts.size(); ++i)
      if (counts[i] > 0) end = std::max(end, offsets[i] + counts[i]);
    if (end > f.size())
      return "truncated or damaged: " + bytes + "directory " + std::to_string(index) +
             " points to image data up to byte " + std::to_string(end);
    if (!f.uint(ifd + countBytes + entries * entryBytes, offBytes, ifd)) break;
  }
  return {};
}

}  // namespace arml::slide
