#include "models/torch_file_writer.h"

#include <caffe2/serialize/inline_container.h>
#include <c10/util/Exception.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>

#include "core/errors.h"
#include "models/pickle_writer.h"

namespace arml::models {

namespace fs = std::filesystem;

namespace {

// Writes the zip through `sink`; the records are data.pkl, data/<key>..., then version.
void encodeTo(const PickleValue& root, const std::function<std::size_t(const void*, std::size_t)>& sink) {
  const TorchPickle pickle = encodeTorchPickle(root);
  caffe2::serialize::PyTorchStreamWriter writer(sink);
  writer.writeRecord("data.pkl", pickle.bytes.data(), pickle.bytes.size());
  static const char kEmpty = 0;
  for (const auto& [key, storage] : pickle.storages) {
    const void* data = storage.nbytes() ? storage.data() : &kEmpty;
    writer.writeRecord("data/" + key, data, storage.nbytes());
  }
  writer.writeEndOfFile();
}

[[noreturn]] void writeFailed(const fs::path& path, const fs::path& temp, const std::string& what) {
  std::error_code ignored;
  fs::remove(temp, ignored);
  throw RuntimeFailure(path.string() + ": cannot write (" + what + ")");
}

}  // namespace

std::vector<unsigned char> encodeTorchFile(const PickleValue& root) {
  std::vector<unsigned char> buffer;
  try {
    encodeTo(root, [&buffer](const void* data, std::size_t n) -> std::size_t {
      const auto* p = static_cast<const unsigned char*>(data);
      buffer.insert(buffer.end(), p, p + n);
      return n;
    });
  } catch (const c10::Error& e) {
    throw RuntimeFailure(std::string("cannot encode torch file: ") + e.what_without_backtrace());
  }
  return buffer;
}

void writeTorchFile(const fs::path& path, const PickleValue& root) {
  // Streamed to a temporary file beside the target (no second in-memory copy of the weights), flushed,
  // then renamed over the target: the same guarantees as writeFileAtomically.
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path temp = dir / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) writeFailed(path, temp, std::string("create temporary file: ") + std::strerror(errno));
  int writeError = 0;
  auto sink = [fd, &writeError](const void* data, std::size_t n) -> std::size_t {
    const char* p = static_cast<const char*>(data);
    std::size_t left = n;
    while (left > 0 && !writeError) {
      const ssize_t w = ::write(fd, p, left);
      if (w < 0) {
        if (errno == EINTR) continue;
        writeError = errno;
        break;
      }
      p += w;
      left -= static_cast<std::size_t>(w);
    }
    // Always report success: a short count would make PyTorchStreamWriter throw, and its destructor
    // would throw again while unwinding. The error is checked once the archive is complete.
    return n;
  };
  try {
    encodeTo(root, sink);
  } catch (const c10::Error& e) {
    ::close(fd);
    writeFailed(path, temp, e.what_without_backtrace());
  } catch (...) {
    ::close(fd);
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  if (writeError) {
    ::close(fd);
    writeFailed(path, temp, writeError == ENOSPC ? "disk full" : std::strerror(writeError));
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    writeFailed(path, temp, std::string("flush: ") + std::strerror(err));
  }
  if (::close(fd) != 0) writeFailed(path, temp, std::string("close: ") + std::strerror(errno));
  if (::rename(temp.c_str(), path.c_str()) != 0) writeFailed(path, temp, std::string("rename: ") + std::strerror(errno));
}

PickleValuePtr stateDictToPickle(const StateDict& sd) {
  auto dict = PickleValue::dict(true);
  dict->entries.reserve(sd.size());
  // Detached, as Python's state_dict() returns them (requires_grad False in the file).
  for (const auto& [name, tensor] : sd)
    dict->entries.emplace_back(PickleValue::fromString(name), PickleValue::fromTensor(tensor.detach()));
  return dict;
}

void saveStateDictPth(const std::filesystem::path& path, const StateDict& sd, const std::string& metaJson) {
  auto root = PickleValue::dict(false);
  root->set("state_dict", stateDictToPickle(sd));
  root->set("meta", PickleValue::fromString(metaJson));
  writeTorchFile(path, *root);
}

}  // namespace arml::models
