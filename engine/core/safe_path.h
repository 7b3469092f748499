#pragma once
// Names that come from files (review.json keys, labels.csv entries, archive members, project
// paths) become parts of paths only through these checks, so that nothing read from a file can
// make the program write outside the folder a file belongs in. Pure std, no LibTorch: the app
// links it too.
#include <filesystem>
#include <string>

namespace arml {

// True when name is a single path component fit for a file name: not empty, not "." or "..",
// no '/', '\\' or NUL, no control characters, at most 255 bytes.
bool isSafeFileName(const std::string& name);

// True when relative is a relative path whose components are all safe file names (so it stays
// inside any folder it is appended to, before links).
bool isSafeRelativePath(const std::string& relative);

// root / relative, after checking that relative cannot leave root: InputError "<source>: <what>
// '<relative>' ..." otherwise. source names the file the name came from.
std::filesystem::path pathInside(const std::filesystem::path& root, const std::string& relative,
                                 const std::string& source, const std::string& what);

// True when path, with symbolic links of its existing part resolved, lies inside root (or is
// root). For checking a path that was put together elsewhere before writing to it.
bool isInside(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace arml
