#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/errors.h"

namespace arml {
namespace fs = std::filesystem;

namespace {
[[noreturn]] void fail(const fs::path& target, const fs::path& temp, const std::string& what, int err) {
  std::error_code ignored;
  fs::remove(temp, ignored);
  std::string reason = std::strerror(err);
  if (err == ENOSPC) reason = "disk full";
  throw RuntimeFailure(target.string() + ": cannot write (" + what + "): " + reason);
}
}  // namespace

void writeFileAtomically(const fs::path& path, const void* data, std::size_t size) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path temp = dir / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, temp, "create temporary file", errno);
  const char* p = static_cast<const char*>(data);
  std::size_t left = size;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail(path, temp, "write", err);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail(path, temp, "flush", err);
  }
  if (::close(fd) != 0) fail(path, temp, "close", errno);
  if (::rename(temp.c_str(), path.c_str()) != 0) fail(path, temp, "rename", errno);
}

void writeFileAtomically(const fs::path& path, const std::string& text) {
  writeFileAtomically(path, text.data(), text.size());
}

void writeFileAtomically(const fs::path& path, const std::vector<unsigned char>& bytes) {
  writeFileAtomically(path, bytes.data(), bytes.size());
}

std::vector<unsigned char> readFileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), fs::exists(path) ? "cannot be read" : "no such file");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size < 0 ? 0 : size));
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size))
    throw InputError(path.string(), "read failed");
  return bytes;
}

}  // namespace arml
