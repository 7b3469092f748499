#include "models/zip_archive_check.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>

#include "core/errors.h"
#include "core/safe_path.h"

namespace arml::models {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::size_t kEndOfDirectorySize = 22;
constexpr std::size_t kMaxCommentSize = 65535;

// Random access to the archive's bytes, from a file or from memory.
class Archive {
public:
  using ReadAt = std::function<void(std::uint64_t offset, std::size_t n, unsigned char* out)>;
  Archive(std::string source, std::uint64_t size, ReadAt readAt)
      : source_(std::move(source)), size_(size), readAt_(std::move(readAt)) {}

  [[noreturn]] void fail(const std::string& what) const { throw InputError(source_, what); }
  [[noreturn]] void truncated(const std::string& what) const {
    fail("the zip archive is truncated or damaged: " + what + " (the file has " + std::to_string(size_) + " bytes)");
  }
  std::uint64_t size() const { return size_; }
  std::vector<unsigned char> read(std::uint64_t offset, std::uint64_t n, const std::string& what) const {
    if (offset > size_ || n > size_ - offset)
      truncated(what + " at byte " + std::to_string(offset) + " reaches past the end of the file");
    std::vector<unsigned char> out(static_cast<std::size_t>(n));
    if (n) readAt_(offset, static_cast<std::size_t>(n), out.data());
    return out;
  }

private:
  std::string source_;
  std::uint64_t size_;
  ReadAt readAt_;
};

std::uint64_t le(const unsigned char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= std::uint64_t(p[i]) << (8 * i);
  return v;
}

bool hasDriveLetter(const std::string& name) {
  return name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0]));
}

void checkEntryName(const Archive& archive, const std::string& name) {
  std::string relative = name;
  if (!relative.empty() && relative.back() == '/') relative.pop_back();  // folder entries
  const bool unsafe = name.empty() || name.front() == '/' || name.find('\\') != std::string::npos ||
                      hasDriveLetter(name) || !isSafeRelativePath(relative);
  if (unsafe) {
    std::string shown;
    for (char c : name) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    archive.fail("zip entry '" + shown +
                 "' has an unsafe name (absolute, with '..', a backslash, a drive letter or control characters); "
                 "the archive is refused");
  }
}

struct DirectoryLocation {
  std::uint64_t entries = 0, offset = 0, size = 0;
};

DirectoryLocation locateDirectory(const Archive& archive) {
  const std::uint64_t size = archive.size();
  if (size < kEndOfDirectorySize) archive.truncated("it is too short to hold a zip directory");
  const std::uint64_t tailSize = std::min<std::uint64_t>(size, kEndOfDirectorySize + kMaxCommentSize);
  const std::vector<unsigned char> tail = archive.read(size - tailSize, tailSize, "the end of the archive");
  std::size_t at = std::string::npos;
  for (std::size_t i = tail.size() - kEndOfDirectorySize + 1; i-- > 0;) {
    if (le(&tail[i], 4) == kEndOfDirectory && i + kEndOfDirectorySize + le(&tail[i + 20], 2) <= tail.size()) {
      at = i;
      break;
    }
  }
  if (at == std::string::npos) archive.truncated("it has no end-of-central-directory record");
  const unsigned char* e = &tail[at];
  const std::uint64_t eocdOffset = size - tailSize + at;
  DirectoryLocation loc{le(e + 10, 2), le(e + 16, 4), le(e + 12, 4)};
  if (eocdOffset >= 20) {
    const auto locator = archive.read(eocdOffset - 20, 20, "the ZIP64 locator");
    if (le(locator.data(), 4) == kZip64Locator) {
      const std::uint64_t zip64At = le(locator.data() + 8, 8);
      const auto record = archive.read(zip64At, 56, "the ZIP64 end-of-central-directory record");
      if (le(record.data(), 4) != kZip64EndOfDirectory)
        archive.truncated("the ZIP64 end-of-central-directory record is not at byte " + std::to_string(zip64At));
      loc = {le(record.data() + 32, 8), le(record.data() + 48, 8), le(record.data() + 40, 8)};
    }
  }
  if (loc.offset > size || loc.size > size - loc.offset)
    archive.truncated("the central directory (byte " + std::to_string(loc.offset) + ", " + std::to_string(loc.size) +
                      " bytes) reaches past the end of the file");
  if (loc.entries > loc.size / 46) archive.truncated("the directory claims more entries than it can hold");
  return loc;
}

std::vector<ZipEntryInfo> check(const Archive& archive) {
  const DirectoryLocation loc = locateDirectory(archive);
  const std::vector<unsigned char> dir = archive.read(loc.offset, loc.size, "the central directory");
  std::vector<ZipEntryInfo> entries;
  std::size_t pos = 0;
  for (std::uint64_t i = 0; i < loc.entries; ++i) {
    if (dir.size() - pos < 46 || le(&dir[pos], 4) != kCentralHeader)
      archive.truncated("directory entry " + std::to_string(i) + " is damaged");
    const unsigned char* h = &dir[pos];
    const std::size_t nameLen = le(h + 28, 2), extraLen = le(h + 30, 2), commentLen = le(h + 32, 2);
    if (dir.size() - pos - 46 < nameLen + extraLen + commentLen)
      archive.truncated("directory entry " + std::to_string(i) + " is cut short");
    ZipEntryInfo entry;
    entry.method = static_cast<std::uint16_t>(le(h + 10, 2));
    entry.compressedSize = le(h + 20, 4);
    entry.uncompressedSize = le(h + 24, 4);
    std::uint64_t localOffset = le(h + 42, 4);
    entry.name.assign(reinterpret_cast<const char*>(h + 46), nameLen);
    checkEntryName(archive, entry.name);
    // ZIP64 extra field: the 8-byte values replace the 32-bit fields that are 0xFFFFFFFF, in this order.
    const unsigned char* extra = h + 46 + nameLen;
    for (std::size_t x = 0; x + 4 <= extraLen;) {
      const std::size_t id = le(extra + x, 2), len = le(extra + x + 2, 2);
      if (x + 4 + len > extraLen) break;
      if (id == 0x0001) {
        std::size_t f = x + 4;
        auto take = [&](std::uint64_t& field) {
          if (field != 0xFFFFFFFFu) return;
          if (f + 8 > x + 4 + len) archive.truncated("the ZIP64 field of entry '" + entry.name + "' is cut short");
          field = le(extra + f, 8);
          f += 8;
        };
        take(entry.uncompressedSize);
        take(entry.compressedSize);
        take(localOffset);
      }
      x += 4 + len;
    }
    const auto local = archive.read(localOffset, 30, "the local header of '" + entry.name + "'");
    if (le(local.data(), 4) != kLocalHeader)
      archive.truncated("the local header of '" + entry.name + "' is not at byte " + std::to_string(localOffset));
    entry.dataOffset = localOffset + 30 + le(local.data() + 26, 2) + le(local.data() + 28, 2);
    if (entry.dataOffset > archive.size() || entry.compressedSize > archive.size() - entry.dataOffset)
      archive.truncated("the data of '" + entry.name + "' (" + std::to_string(entry.compressedSize) + " bytes at byte " +
                        std::to_string(entry.dataOffset) + ") reaches past the end of the file");
    if (entry.method == 0 && entry.uncompressedSize != entry.compressedSize)
      archive.truncated("stored entry '" + entry.name + "' has two different sizes");
    if (entry.method != 0 && entry.uncompressedSize / 1100 > entry.compressedSize + 1)
      archive.truncated("entry '" + entry.name + "' claims to expand " + std::to_string(entry.compressedSize) +
                        " bytes to " + std::to_string(entry.uncompressedSize));
    entries.push_back(std::move(entry));
    pos += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

}  // namespace

std::vector<ZipEntryInfo> checkZipArchive(const std::filesystem::path& path) {
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!*in) throw InputError(path.string(), std::filesystem::exists(path) ? "cannot be read" : "no such file");
  in->seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(in->tellg());
  const std::string source = path.string();
  Archive archive(source, size, [in, source](std::uint64_t offset, std::size_t n, unsigned char* out) {
    in->seekg(static_cast<std::streamoff>(offset));
    if (!in->read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n)))
      throw InputError(source, "read failed at byte " + std::to_string(offset));
  });
  return check(archive);
}

std::vector<ZipEntryInfo> checkZipArchive(const unsigned char* data, std::size_t size, const std::string& source) {
  Archive archive(source, size, [data](std::uint64_t offset, std::size_t n, unsigned char* out) {
    std::memcpy(out, data + offset, n);
  });
  return check(archive);
}

}  // namespace arml::models
