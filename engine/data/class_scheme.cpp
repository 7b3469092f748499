#include "data/class_scheme.h"

namespace arml::data {

Palette ClassScheme::palette() const {
  Palette p;
  for (const TissueClass& c : tissueClasses) p.push_back(c.colour);
  while (int(p.size()) < backgroundIndex) p.push_back({0, 0, 0});
  p.push_back(backgroundColour);
  return p;
}

ClassScheme bcssScheme() {
  return {"bcss",
          {{"tumour", "TUM", {255, 0, 0}},
           {"stroma", "STR", {0, 255, 0}},
           {"lymphocytic infiltrate", "LYM", {0, 0, 255}},
           {"necrosis", "NEC", {153, 0, 255}}},
          4,
          {255, 255, 255}};
}

ClassScheme luadScheme() {
  return {"luad",
          {{"tumour epithelium", "TE", {205, 51, 51}},
           {"necrosis", "NEC", {0, 255, 0}},
           {"lymphocyte", "LYM", {65, 105, 225}},
           {"tumour-associated stroma", "TAS", {255, 165, 0}}},
          4,
          {255, 255, 255}};
}

ClassScheme wsss4luadScheme() {
  // Palette of the challenge masks (PROVENANCE.md): 0 [0,64,128], 1 [64,128,0], 2 [243,152,0], 3 white.
  return {"wsss4luad",
          {{"tumour epithelium", "TE", {0, 64, 128}},
           {"stroma", "STR", {64, 128, 0}},
           {"normal", "NOR", {243, 152, 0}}},
          3,
          {255, 255, 255}};
}

ClassScheme customScheme(const std::vector<std::string>& names) {
  static const Rgb colours[] = {{205, 51, 51},  {0, 200, 0},    {65, 105, 225}, {255, 165, 0},
                                {153, 0, 255},  {0, 190, 190},  {190, 190, 0}, {255, 0, 160},
                                {120, 72, 0},   {0, 0, 128},    {128, 128, 128}, {0, 128, 64}};
  ClassScheme s;
  s.dataset = "csv";
  for (std::size_t i = 0; i < names.size(); ++i)
    s.tissueClasses.push_back({names[i], names[i], colours[i % (sizeof(colours) / sizeof(colours[0]))]});
  s.backgroundIndex = int(names.size());
  return s;
}

}  // namespace arml::data
