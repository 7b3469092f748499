#pragma once
// The three feature layers of ResNet38d at which pseudo masks are made (spec §3), all at output
// stride 8: b4_5 (block output), b5_2 (block output) and bn7 (X = ReLU(bn7(b7))).
#include <string>
#include <vector>

namespace arml::cam {

enum class CamLayer { B4_5, B5_2, Bn7 };

// "b4_5", "b5_2", "bn7"
std::string layerName(CamLayer layer);
// Accepts the names above; throws InputError otherwise.
CamLayer parseCamLayer(const std::string& name);
// "bn7,b5_2,b4_5" -> the layers in the given order, duplicates removed; InputError when empty.
std::vector<CamLayer> parseCamLayers(const std::string& commaList);
std::vector<CamLayer> parseCamLayers(const std::vector<std::string>& names);

}  // namespace arml::cam
