#pragma once
// A check of a zip archive's directory before LibTorch's PyTorchStreamReader opens it, so that
// hostile or broken torch.save files get a message naming the file and the problem instead of a
// LibTorch assertion ("Could this error message be improved?"):
//   - an entry whose name is absolute, holds a ".." component, a backslash, a drive letter or a
//     control character is refused (nothing is ever extracted, but such a name means the archive
//     was made to escape a folder);
//   - a missing end-of-central-directory record, a central directory or an entry's data reaching
//     past the end of the file, or a local header that is not where the directory says, are
//     reported as "truncated or damaged".
// ZIP64 archives (what torch.save writes) are read too. Reads only the directory and the local
// headers, not the data.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace arml::models {

struct ZipEntryInfo {
  std::string name;
  std::uint64_t dataOffset = 0;      // where the entry's (compressed) bytes start in the file
  std::uint64_t compressedSize = 0;
  std::uint64_t uncompressedSize = 0;
  std::uint16_t method = 0;          // 0 stored, 8 deflate
};

// Throws InputError("<path>: ...") for every defect above; returns the entries in directory order.
std::vector<ZipEntryInfo> checkZipArchive(const std::filesystem::path& path);

// The same check on an archive held in memory; `source` names it in messages.
std::vector<ZipEntryInfo> checkZipArchive(const unsigned char* data, std::size_t size, const std::string& source);

}  // namespace arml::models
