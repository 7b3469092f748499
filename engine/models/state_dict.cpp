#include "models/state_dict.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "core/errors.h"
#include "models/mxnet_params_reader.h"
#include "models/torch_file_reader.h"

namespace arml::models {

namespace fs = std::filesystem;

const char* weightFileFormatName(WeightFileFormat format) {
  switch (format) {
    case WeightFileFormat::TorchZip: return "PyTorch zip";
    case WeightFileFormat::TorchLegacy: return "PyTorch legacy";
    case WeightFileFormat::MxnetParams: return "MXNet params";
    case WeightFileFormat::Unknown: break;
  }
  return "unknown";
}

WeightFileFormat detectWeightFileFormat(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), fs::exists(path) ? "cannot be read" : "no such file");
  unsigned char head[8] = {};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  const auto n = in.gcount();
  if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return WeightFileFormat::TorchZip;
  if (n >= 4 && head[0] == 0x80 && head[1] == 0x02 && head[2] == 0x8A && head[3] == 0x0A)
    return WeightFileFormat::TorchLegacy;
  const unsigned char mxnet[8] = {0x12, 0x01, 0, 0, 0, 0, 0, 0};
  if (n == 8 && std::equal(head, head + 8, mxnet)) return WeightFileFormat::MxnetParams;
  return WeightFileFormat::Unknown;
}

void StateDict::insert(const std::string& name, at::Tensor tensor) {
  if (auto it = index_.find(name); it != index_.end()) {
    entries_[it->second].second = std::move(tensor);
    return;
  }
  index_.emplace(name, entries_.size());
  entries_.emplace_back(name, std::move(tensor));
}

const at::Tensor* StateDict::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &entries_[it->second].second;
}

const at::Tensor& StateDict::at(const std::string& name) const {
  if (const at::Tensor* t = find(name)) return *t;
  throw std::out_of_range("state dict has no entry '" + name + "'");
}

StateDict stateDictFromPickle(const PickleValuePtr& root, const std::string& source) {
  if (!root) throw InputError(source, "file holds nothing");
  if (root->isTensor()) throw InputError(source, "file holds a single tensor, not a dict of named tensors");
  if (!root->isDict())
    throw InputError(source, std::string("file holds a ") + pickleKindName(root->kind) + ", not a dict of named tensors");
  StateDict sd;
  sd.source = source;
  sd.root = root;
  PickleValuePtr current = root;
  for (bool descended = true; descended;) {
    descended = false;
    for (const char* key : {"state_dict", "model", "net"}) {
      PickleValuePtr child = current->find(key);
      if (child && child->isDict()) {
        sd.path += (sd.path.empty() ? "" : "/") + std::string(key);
        current = child;
        descended = true;
        break;
      }
    }
  }
  for (const auto& [key, value] : current->entries) {
    if (!key->isString() || !value->isTensor()) continue;
    std::string name = key->text;
    if (name.rfind("module.", 0) == 0) name.erase(0, 7);
    sd.insert(name, value->tensor);
  }
  return sd;
}

StateDict loadStateDict(const fs::path& path) {
  const WeightFileFormat format = detectWeightFileFormat(path);
  StateDict sd;
  switch (format) {
    case WeightFileFormat::TorchZip:
    case WeightFileFormat::TorchLegacy:
      sd = stateDictFromPickle(format == WeightFileFormat::TorchZip ? readTorchZipFile(path) : readTorchLegacyFile(path),
                               path.string());
      break;
    case WeightFileFormat::MxnetParams:
      sd = readMxnetParams(path);
      break;
    case WeightFileFormat::Unknown:
      throw InputError(path.string(),
                       "unknown weight file format (expected a PyTorch .pth/.pt file or an MXNet .params file)");
  }
  sd.format = format;
  return sd;
}

}  // namespace arml::models
