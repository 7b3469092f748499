#pragma once
// The classes of a dataset: K tissue classes (indices 0..K-1, the network's K outputs) and one
// background/exclude index in masks. Free of LibTorch and Qt so every layer may include it.
//
// Convention (all built-in schemes): backgroundIndex == K, i.e. the index right after the tissue
// classes. BCSS-WSSS and LUAD-HistoSeg: K = 4, background 4 (spec §1.2). WSSS4LUAD: K = 3
// (tumor epithelium, stroma, normal), background 3 — exactly what its masks store, so its masks are
// read unchanged. Code downstream must use tissueCount()/backgroundIndex, never a literal 4.
#include <string>
#include <vector>

#include "data/palette_png.h"

namespace arml::data {

struct TissueClass {
  std::string name;          // "tumour epithelium"
  std::string abbreviation;  // "TE"
  Rgb colour;
};

struct ClassScheme {
  std::string dataset;  // "bcss", "luad", "wsss4luad", "csv"
  std::vector<TissueClass> tissueClasses;
  int backgroundIndex = 4;
  Rgb backgroundColour{255, 255, 255};

  int tissueCount() const { return int(tissueClasses.size()); }
  // Colours of indices 0..backgroundIndex, for writing and showing masks.
  Palette palette() const;
};

ClassScheme bcssScheme();       // TUM, STR, LYM, NEC
ClassScheme luadScheme();       // TE, NEC, LYM, TAS
ClassScheme wsss4luadScheme();  // TE, STR, NOR; background 3
// Classes named by the user (e.g. a CSV header), coloured from a fixed distinct palette.
ClassScheme customScheme(const std::vector<std::string>& names);

}  // namespace arml::data
