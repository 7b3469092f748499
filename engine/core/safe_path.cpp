#include "core/safe_path.h"

#include "core/errors.h"

namespace arml {

namespace fs = std::filesystem;

bool isSafeFileName(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 255) return false;
  for (unsigned char c : name)
    if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) return false;
  return true;
}

bool isSafeRelativePath(const std::string& relative) {
  if (relative.empty() || relative.front() == '/' || relative.front() == '\\') return false;
  std::size_t start = 0;
  while (start <= relative.size()) {
    const std::size_t slash = relative.find('/', start);
    const std::size_t end = slash == std::string::npos ? relative.size() : slash;
    if (!isSafeFileName(relative.substr(start, end - start))) return false;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

fs::path pathInside(const fs::path& root, const std::string& relative, const std::string& source,
                    const std::string& what) {
  if (!isSafeRelativePath(relative))
    throw InputError(source, what + " '" + relative + "' is not a plain relative name (no '..', no absolute path, no control characters)");
  return root / relative;
}

bool isInside(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  const fs::path r = fs::weakly_canonical(fs::absolute(root), ec);
  if (ec) return false;
  const fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  if (ec) return false;
  auto ri = r.begin();
  auto pi = p.begin();
  for (; ri != r.end(); ++ri, ++pi) {
    if (ri->empty()) continue;  // a trailing separator
    if (pi == p.end() || *ri != *pi) return false;
  }
  return true;
}

}  // namespace arml
