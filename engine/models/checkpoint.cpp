#include "models/checkpoint.h"

#include "core/errors.h"
#include "models/torch_file_reader.h"
#include "models/torch_file_writer.h"

namespace arml::models {

namespace {
constexpr const char* kFormatName = "arml-checkpoint";
constexpr std::int64_t kFormatVersion = 1;

StateDict tensorsOf(const PickleValuePtr& dict, const std::string& source) {
  StateDict sd;
  sd.source = source;
  if (!dict || !dict->isDict()) return sd;
  for (const auto& [key, value] : dict->entries)
    if (key->isString() && value->isTensor()) sd.insert(key->text, value->tensor);
  return sd;
}
}  // namespace

void saveCheckpoint(const std::filesystem::path& path, const Checkpoint& c) {
  auto root = PickleValue::dict(false);
  root->set("format", PickleValue::fromString(kFormatName));
  root->set("format_version", PickleValue::fromInt(kFormatVersion));
  root->set("state_dict", stateDictToPickle(c.model));
  root->set("optimizer", stateDictToPickle(c.optimizer));
  root->set("epoch", PickleValue::fromInt(c.epoch));
  root->set("step", PickleValue::fromInt(c.step));
  root->set("rng_state", PickleValue::fromBytes(c.rngState));
  root->set("meta", PickleValue::fromString(c.meta.dump()));
  writeTorchFile(path, *root);
}

Checkpoint loadCheckpoint(const std::filesystem::path& path) {
  const std::string source = path.string();
  Checkpoint c;
  const WeightFileFormat format = detectWeightFileFormat(path);
  if (format != WeightFileFormat::TorchZip && format != WeightFileFormat::TorchLegacy) {
    c.model = loadStateDict(path);
    c.isArmlCheckpoint = false;
    return c;
  }
  const PickleValuePtr root = readTorchFile(path);
  const PickleValuePtr tag = root->find("format");
  if (!tag || !tag->isString() || tag->text != kFormatName) {
    c.model = stateDictFromPickle(root, source);
    c.model.format = format;
    c.isArmlCheckpoint = false;
    if (auto epoch = root->find("epoch"); epoch && epoch->kind == PickleKind::Int) c.epoch = epoch->integer;
    return c;
  }
  try {
    const PickleValuePtr version = root->find("format_version");
    if (!version || version->asInt() > kFormatVersion)
      throw InputError(source, "checkpoint format version is newer than this program understands");
    c.model = tensorsOf(root->find("state_dict"), source);
    c.model.root = root;
    c.model.path = "state_dict";
    c.model.format = format;
    c.optimizer = tensorsOf(root->find("optimizer"), source);
    if (auto v = root->find("epoch")) c.epoch = v->asInt();
    if (auto v = root->find("step")) c.step = v->asInt();
    if (auto v = root->find("rng_state"); v && !v->isNone()) c.rngState = v->asString();
    if (auto v = root->find("meta")) c.meta = nlohmann::json::parse(v->asString());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, std::string("checkpoint metadata is not valid JSON: ") + e.what());
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw InputError(source, std::string("malformed checkpoint: ") + e.what());
  }
  return c;
}

}  // namespace arml::models
