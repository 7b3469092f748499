#include "models/torch_file_writer.h"

#include <caffe2/serialize/inline_container.h>
#include <c10/util/Exception.h>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "models/pickle_writer.h"

namespace arml::models {

std::vector<unsigned char> encodeTorchFile(const PickleValue& root) {
  const TorchPickle pickle = encodeTorchPickle(root);
  std::vector<unsigned char> buffer;
  auto append = [&buffer](const void* data, std::size_t n) -> std::size_t {
    const auto* p = static_cast<const unsigned char*>(data);
    buffer.insert(buffer.end(), p, p + n);
    return n;
  };
  try {
    caffe2::serialize::PyTorchStreamWriter writer(append);
    writer.writeRecord("data.pkl", pickle.bytes.data(), pickle.bytes.size());
    static const char kEmpty = 0;
    for (const auto& [key, storage] : pickle.storages) {
      const void* data = storage.nbytes() ? storage.data() : &kEmpty;
      writer.writeRecord("data/" + key, data, storage.nbytes());
    }
    writer.writeEndOfFile();
  } catch (const c10::Error& e) {
    throw RuntimeFailure(std::string("cannot encode torch file: ") + e.what_without_backtrace());
  }
  return buffer;
}

void writeTorchFile(const std::filesystem::path& path, const PickleValue& root) {
  writeFileAtomically(path, encodeTorchFile(root));
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
