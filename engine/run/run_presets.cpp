#include "run/run_presets.h"

#include "core/errors.h"

namespace arml::run {

namespace {
const std::vector<RunPreset>& presets() {
  static const std::vector<RunPreset> all = {
      {"paper",
       {"resnet38d", /*epochs*/ 20, /*batch*/ 20, /*lr*/ 0.01, /*patch*/ 224},
       {{"bn7", "b5_2", "b4_5"}, /*batch*/ 4},
       {/*width divisor*/ 1, /*epochs*/ 10, /*batch*/ 20, /*lr*/ 5e-3, /*patch*/ 224}},
      // Sized so that `arml demo` (generation + both stages + evaluation) ends in minutes on 2 cores.
      {"cpu-demo",
       {"resnet38d-lite", /*epochs*/ 6, /*batch*/ 8, /*lr*/ 0.01, /*patch*/ 112},
       {{"bn7"}, /*batch*/ 8},
       {/*width divisor*/ 8, /*epochs*/ 6, /*batch*/ 8, /*lr*/ 0.02, /*patch*/ 112}},
  };
  return all;
}
}  // namespace

std::vector<std::string> presetNames() {
  std::vector<std::string> names;
  for (const RunPreset& p : presets()) names.push_back(p.name);
  return names;
}

const RunPreset& presetConfig(const std::string& name) {
  std::string list;
  for (const RunPreset& p : presets()) {
    if (p.name == name) return p;
    list += (list.empty() ? "" : " or ") + p.name;
  }
  throw InputError("--preset " + name, "unknown preset (use " + list + ")");
}

}  // namespace arml::run
