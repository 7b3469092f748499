#include "cam/cam_layer.h"

#include <algorithm>
#include <sstream>

#include "core/errors.h"

namespace arml::cam {

std::string layerName(CamLayer layer) {
  switch (layer) {
    case CamLayer::B4_5: return "b4_5";
    case CamLayer::B5_2: return "b5_2";
    case CamLayer::Bn7: return "bn7";
  }
  return "?";
}

CamLayer parseCamLayer(const std::string& name) {
  for (CamLayer l : {CamLayer::B4_5, CamLayer::B5_2, CamLayer::Bn7})
    if (name == layerName(l)) return l;
  throw InputError("--layer " + name, "unknown CAM layer (use b4_5, b5_2 or bn7)");
}

std::vector<CamLayer> parseCamLayers(const std::vector<std::string>& names) {
  std::vector<CamLayer> layers;
  for (const auto& n : names) {
    if (n.empty()) continue;
    const CamLayer l = parseCamLayer(n);
    if (std::find(layers.begin(), layers.end(), l) == layers.end()) layers.push_back(l);
  }
  if (layers.empty()) throw InputError("--layers", "no CAM layer given (use b4_5, b5_2, bn7)");
  return layers;
}

std::vector<CamLayer> parseCamLayers(const std::string& commaList) {
  std::vector<std::string> names;
  std::stringstream in(commaList);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    names.push_back(item);
  }
  return parseCamLayers(names);
}

}  // namespace arml::cam
