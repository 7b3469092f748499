#include "models/torch_file_reader.h"

#include <ATen/ATen.h>
#include <caffe2/serialize/inline_container.h>
#include <c10/util/Exception.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "models/pickle_reader.h"
#include "models/torch_storage_types.h"
#include "models/zip_archive_check.h"

namespace arml::models {

namespace fs = std::filesystem;

namespace {

// The 10-byte LONG1 operand that opens a legacy torch.save file (0x1950a86a20f9469cfc6c, little-endian).
const unsigned char kLegacyMagic[10] = {0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19};

// The first line of a LibTorch message, without its "(Could this error message be improved? ...)" plea.
std::string firstLine(const char* text) {
  std::string s(text);
  const auto nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  if (const auto plea = s.find(" (Could this error message be improved?"); plea != std::string::npos) s.resize(plea);
  return s;
}

struct StorageId {
  c10::ScalarType dtype;
  std::string key;
  std::int64_t numel;
};

// Validates the common part of a storage persistent id: ('storage', class, key, location, numel, ...).
StorageId parseStorageId(const fs::path& path, const PickleValuePtr& pid, std::size_t minItems) {
  if (pid->kind != PickleKind::Tuple || pid->items.size() < minItems)
    throw InputError(path.string(), "persistent id is not a storage tuple: " + pid->describe());
  const auto& it = pid->items;
  if (!it[0]->isString() || it[0]->text != "storage")
    throw InputError(path.string(), "unsupported persistent id type " + it[0]->describe());
  if (it[1]->kind != PickleKind::Global)
    throw InputError(path.string(), "storage class is not a global: " + it[1]->describe());
  const auto dtype = dtypeOfStorageGlobal(it[1]->text);
  if (!dtype) throw InputError(path.string(), "unsupported storage class '" + it[1]->text + "'");
  if (!it[2]->isString()) throw InputError(path.string(), "storage key is not a string");
  if (it[4]->kind != PickleKind::Int || it[4]->integer < 0)
    throw InputError(path.string(), "storage element count is not a non-negative int");
  return {*dtype, it[2]->text, it[4]->integer};
}

PickleValuePtr storageValue(at::Tensor t) {
  auto v = std::make_shared<PickleValue>();
  v->kind = PickleKind::Storage;
  v->tensor = std::move(t);
  return v;
}

// In-place byte swap of every element (files written on big-endian machines).
void swapBytes(at::Tensor& t) {
  std::size_t width = t.element_size();
  if (t.is_complex()) width /= 2;
  if (width <= 1) return;
  auto* p = static_cast<unsigned char*>(t.data_ptr());
  const std::size_t n = t.nbytes() / width;
  for (std::size_t i = 0; i < n; ++i) std::reverse(p + i * width, p + (i + 1) * width);
}

PickleValuePtr readZip(const fs::path& path) {
  checkZipArchive(path);  // unsafe entry names, truncation: our message, not LibTorch's
  caffe2::serialize::PyTorchStreamReader reader(path.string());
  if (!reader.hasRecord("data.pkl")) {
    throw InputError(path.string(), "zip archive has no data.pkl record (not a torch.save file)");
  }
  if (reader.hasRecord("constants.pkl"))
    throw InputError(path.string(), "this is a TorchScript archive (torch.jit.save), not a torch.save checkpoint");
  bool bigEndian = false;
  if (reader.hasRecord("byteorder")) {
    auto [ptr, n] = reader.getRecord("byteorder");
    const std::string order(static_cast<const char*>(ptr.get()), n);
    bigEndian = order.rfind("big", 0) == 0;
  }
  auto [pklPtr, pklSize] = reader.getRecord("data.pkl");

  std::map<std::string, PickleValuePtr> storages;
  PersistentLoader loader = [&](const PickleValuePtr& pid) -> PickleValuePtr {
    const StorageId id = parseStorageId(path, pid, 5);
    if (auto it = storages.find(id.key); it != storages.end()) return it->second;
    const std::string record = "data/" + id.key;
    if (!reader.hasRecord(record)) throw InputError(path.string(), "storage record " + record + " is missing");
    auto [data, bytes] = reader.getRecord(record);
    const auto options = at::TensorOptions().dtype(id.dtype);
    const std::size_t width = c10::elementSize(id.dtype);
    if (static_cast<std::uint64_t>(id.numel) > bytes / width)
      throw InputError(path.string(), "storage record " + record + " has " + std::to_string(bytes) +
                                          " bytes, expected " + std::to_string(id.numel) + " elements x " +
                                          std::to_string(width) + " bytes");
    at::Tensor t;
    if (id.numel == 0) {
      t = at::empty({0}, options);
    } else {
      // Adopt the record buffer instead of copying it; the deleter keeps the DataPtr alive.
      auto holder = std::make_shared<at::DataPtr>(std::move(data));
      t = at::from_blob(holder->get(), {id.numel}, [holder](void*) {}, options);
    }
    if (bigEndian) swapBytes(t);
    auto value = storageValue(t);
    storages.emplace(id.key, value);
    return value;
  };
  return readPickle(static_cast<const unsigned char*>(pklPtr.get()), pklSize, path.string(), loader);
}

PickleValuePtr readLegacy(const std::vector<unsigned char>& bytes, const std::string& source) {
  const fs::path path(source);
  std::uint64_t claimedBytes = 0;  // all root storages together must fit in the file

  struct Root {
    at::Tensor storage;
    c10::ScalarType dtype;
  };
  std::map<std::string, Root> roots;
  std::map<std::string, PickleValuePtr> views;
  PersistentLoader loader = [&](const PickleValuePtr& pid) -> PickleValuePtr {
    const StorageId id = parseStorageId(path, pid, 6);
    // The data follows after the pickles; allocate now, fill later (views share this memory).
    auto rootIt = roots.find(id.key);
    if (rootIt == roots.end()) {
      const std::uint64_t width = c10::elementSize(id.dtype);
      if (static_cast<std::uint64_t>(id.numel) > (bytes.size() - claimedBytes) / width)
        throw InputError(source, "storage " + id.key + " claims more elements than the file holds (truncated or damaged)");
      claimedBytes += static_cast<std::uint64_t>(id.numel) * width;
      rootIt = roots.emplace(id.key, Root{at::empty({id.numel}, at::TensorOptions().dtype(id.dtype)), id.dtype}).first;
    } else if (rootIt->second.dtype != id.dtype || rootIt->second.storage.numel() != id.numel) {
      throw InputError(source, "storage " + id.key + " is referenced with two different types or sizes");
    }
    const PickleValuePtr& view = pid->items[5];
    if (view->isNone()) return storageValue(rootIt->second.storage);
    // Old storage views: (view_key, element_offset, view_numel).
    if (view->kind != PickleKind::Tuple || view->items.size() != 3 || !view->items[0]->isString() ||
        view->items[1]->kind != PickleKind::Int || view->items[2]->kind != PickleKind::Int)
      throw InputError(source, "malformed storage view " + view->describe());
    const std::string viewKey = view->items[0]->text;
    if (auto v = views.find(viewKey); v != views.end()) return v->second;
    const std::int64_t offset = view->items[1]->integer, count = view->items[2]->integer;
    if (offset < 0 || count < 0 || offset > id.numel || count > id.numel - offset)
      throw InputError(source, "storage view " + viewKey + " lies outside storage " + id.key);
    auto value = storageValue(rootIt->second.storage.narrow(0, offset, count));
    views.emplace(viewKey, value);
    return value;
  };

  PickleReader reader(bytes.data(), bytes.size(), source, loader);
  const PickleValuePtr magic = reader.readOne();
  if (magic->kind != PickleKind::BigInt || magic->text.size() != sizeof kLegacyMagic ||
      std::memcmp(magic->text.data(), kLegacyMagic, sizeof kLegacyMagic) != 0)
    throw InputError(source, "not a legacy torch.save file (wrong magic number)");
  const PickleValuePtr protocol = reader.readOne();
  if (protocol->kind != PickleKind::Int || protocol->integer != 1001)
    throw InputError(source, "unsupported legacy torch.save protocol " + protocol->describe());
  const PickleValuePtr sysInfo = reader.readOne();
  if (auto le = sysInfo->find("little_endian"); le && le->kind == PickleKind::Bool && !le->boolean)
    throw InputError(source, "legacy torch.save file written on a big-endian machine is not supported");
  PickleValuePtr root = reader.readOne();
  const PickleValuePtr keys = reader.readOne();
  if (!keys->isSequence()) throw InputError(source, "legacy storage key list is not a list");
  std::size_t pos = reader.position();  // the raw storages start here

  for (const auto& keyValue : keys->items) {
    if (!keyValue->isString()) throw InputError(source, "legacy storage key is not a string");
    auto it = roots.find(keyValue->text);
    if (it == roots.end()) throw InputError(source, "storage " + keyValue->text + " is listed but never used");
    if (bytes.size() - pos < 8)
      throw InputError(source, "the file is truncated: it ends at byte " + std::to_string(bytes.size()) +
                                   " before storage " + keyValue->text);
    std::int64_t count;
    std::memcpy(&count, bytes.data() + pos, 8);
    pos += 8;
    at::Tensor& storage = it->second.storage;
    if (count != storage.numel())
      throw InputError(source, "storage " + keyValue->text + " has " + std::to_string(count) + " elements, expected " +
                                   std::to_string(storage.numel()));
    const std::size_t n = storage.nbytes();
    if (bytes.size() - pos < n)
      throw InputError(source, "the file is truncated: it ends at byte " + std::to_string(bytes.size()) +
                                   " inside storage " + keyValue->text + " (" + std::to_string(n) + " bytes from byte " +
                                   std::to_string(pos) + ")");
    if (n > 0) std::memcpy(storage.data_ptr(), bytes.data() + pos, n);
    pos += n;
  }
  return root;
}

template <typename Fn>
PickleValuePtr guarded(const fs::path& path, Fn&& fn) {
  try {
    return fn();
  } catch (const InputError&) {
    throw;
  } catch (const c10::Error& e) {
    throw InputError(path.string(),
                     "cannot read torch file (damaged archive?): " + firstLine(e.what_without_backtrace()));
  } catch (const std::bad_alloc&) {
    throw InputError(path.string(), "cannot read torch file: it asks for more memory than is available (corrupt?)");
  } catch (const std::runtime_error& e) {
    throw InputError(path.string(), std::string("cannot read torch file: ") + e.what());
  }
}

}  // namespace

PickleValuePtr readTorchZipFile(const fs::path& path) {
  if (!fs::exists(path)) throw InputError(path.string(), "no such file");
  return guarded(path, [&] { return readZip(path); });
}

PickleValuePtr readTorchLegacyFile(const fs::path& path) {
  return guarded(path, [&] { return readLegacy(readFileBytes(path), path.string()); });
}

PickleValuePtr readTorchLegacyBytes(const std::vector<unsigned char>& bytes, const std::string& sourceName) {
  return guarded(sourceName, [&] { return readLegacy(bytes, sourceName); });
}

PickleValuePtr readTorchFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), fs::exists(path) ? "cannot be read" : "no such file");
  unsigned char head[4] = {0, 0, 0, 0};
  in.read(reinterpret_cast<char*>(head), 4);
  if (in.gcount() == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return readTorchZipFile(path);
  if (in.gcount() == 4 && head[0] == 0x80 && head[1] == 0x02 && head[2] == 0x8A && head[3] == 0x0A)
    return readTorchLegacyFile(path);
  throw InputError(path.string(), "not a torch.save file (neither a zip archive nor a legacy pickle stream)");
}

}  // namespace arml::models
