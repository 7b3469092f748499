// libFuzzer harness for the torch.save pickle reader (models/pickle_reader.h). An input that starts
// like a legacy torch.save file goes through the whole legacy reader (five pickles back to back,
// then raw storages); any other input is read as one pickle with a storage loader like the zip
// reader's. Then the state-dict rules run on the result. Every defect must be an InputError: any
// other exception escapes and counts as a finding, as do crashes, leaks, hangs and huge allocations.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/errors.h"
#include "models/pickle_reader.h"
#include "models/state_dict.h"
#include "models/torch_file_reader.h"
#include "models/torch_storage_types.h"

using namespace arml::models;

namespace {

constexpr std::int64_t kMaxStorageElements = 1 << 16;

// ('storage', <storage class>, key, location, numel): zero-filled storages, one per key.
PersistentLoader storageLoader(std::map<std::string, PickleValuePtr>& storages) {
  return [&storages](const PickleValuePtr& pid) -> PickleValuePtr {
    if (pid->kind != PickleKind::Tuple || pid->items.size() < 5 || !pid->items[0]->isString() ||
        pid->items[1]->kind != PickleKind::Global || !pid->items[2]->isString() ||
        pid->items[4]->kind != PickleKind::Int)
      throw arml::InputError("fuzz.pkl", "persistent id is not a storage tuple");
    const auto dtype = dtypeOfStorageGlobal(pid->items[1]->text);
    const std::int64_t numel = pid->items[4]->integer;
    if (!dtype || numel < 0 || numel > kMaxStorageElements) throw arml::InputError("fuzz.pkl", "bad storage");
    auto& slot = storages[pid->items[2]->text];
    if (!slot) {
      slot = std::make_shared<PickleValue>();
      slot->kind = PickleKind::Storage;
      slot->tensor = at::zeros({numel}, at::TensorOptions().dtype(*dtype));
    }
    return slot;
  };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool init = [] {
    at::set_num_threads(1);
    return true;
  }();
  (void)init;
  try {
    PickleValuePtr root;
    if (size >= 4 && data[0] == 0x80 && data[1] == 0x02 && data[2] == 0x8A && data[3] == 0x0A) {
      root = readTorchLegacyBytes(std::vector<unsigned char>(data, data + size), "fuzz.pth");
    } else {
      std::map<std::string, PickleValuePtr> storages;
      root = readPickle(data, size, "fuzz.pkl", storageLoader(storages));
    }
    const StateDict sd = stateDictFromPickle(root, "fuzz.pkl");
    for (const auto& [name, tensor] : sd) (void)tensor.sum();  // touch every tensor view
  } catch (const arml::InputError&) {
  }
  return 0;
}
