#pragma once
// Encodes a PickleValue tree as a protocol-2 pickle the way torch.save does, for the zip container
// of torch_file_writer.h. Tensors become torch._utils._rebuild_tensor_v2 calls whose storages are
// persistent ids ('storage', torch.<X>Storage, key, 'cpu', numel); tensors sharing a storage share
// its key. Lists and dicts are always written with MARK + APPENDS/SETITEMS (never APPEND/SETITEM),
// which also keeps plain-dict files readable by libtorch's own torch::pickle_load.
#include <c10/core/Storage.h>

#include <string>
#include <utility>
#include <vector>

#include "models/pickle_value.h"

namespace arml::models {

struct TorchPickle {
  std::string bytes;                                      // the data.pkl content
  std::vector<std::pair<std::string, c10::Storage>> storages;  // record key ("0", "1", ...) -> CPU storage
};

// Throws std::invalid_argument for values that cannot be written (Global, Storage, undefined tensors,
// dtypes without a torch storage class).
TorchPickle encodeTorchPickle(const PickleValue& root);

}  // namespace arml::models
