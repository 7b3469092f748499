#include "data/derived_dataset.h"

#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace arml::data {
namespace fs = std::filesystem;

namespace {
LabelStyle styleFor(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::Bcss: return LabelStyle::Contiguous;
    case DatasetKind::Wsss4luad: return LabelStyle::CommaSpaced;
    default: return LabelStyle::Spaced;
  }
}

void link(const fs::path& target, const fs::path& linkPath) {
  std::error_code ec;
  fs::create_symlink(fs::absolute(target), linkPath, ec);
  if (ec) throw RuntimeFailure(linkPath.string() + ": cannot create link to " + target.string() + ": " + ec.message());
}
}  // namespace

fs::path writeDerivedDataset(const Dataset& source, const std::string& split, const fs::path& out, int minPixels) {
  const std::vector<LabelledItem> items = deriveLabelsFromMasks(source.masked(split), source.scheme(), minPixels);
  std::vector<std::pair<LabelledItem, fs::path>> kept;  // item, its mask
  const auto& masked = source.masked(split);
  for (std::size_t i = 0; i < items.size(); ++i) {
    bool any = false;
    for (int v : items[i].label) any = any || v;
    if (any) kept.emplace_back(items[i], masked[i].mask);
  }
  if (kept.empty()) throw InputError(source.splitFolder(split).string(), "no mask holds any tissue class");

  std::error_code ec;
  fs::remove_all(out, ec);
  fs::create_directories(out / "train");
  fs::create_directories(out / "train_mask");
  const bool csv = source.kind() == DatasetKind::Csv;
  std::ostringstream labels;
  if (csv) {
    labels << "file";
    for (const auto& c : source.scheme().tissueClasses) labels << "," << c.name;
    labels << "\n";
  }
  for (const auto& [item, mask] : kept) {
    const std::string stem = item.image.stem().string();
    const std::string name = csv ? stem + ".png" : stem + "-" + formatImageLabel(item.label, styleFor(source.kind())) + ".png";
    link(item.image, out / "train" / name);
    link(mask, out / "train_mask" / name);
    if (csv) {
      labels << "train/" << name;
      for (int v : item.label) labels << "," << v;
      labels << "\n";
    }
  }
  if (csv) writeFileAtomically(out / "labels.csv", labels.str());
  for (const char* other : {"val", "test"})
    if (source.hasSplit(other)) link(source.splitFolder(other), out / other);
  return out;
}

fs::path trainingTruthMask(const Dataset& dataset, const LabelledItem& item) {
  const fs::path candidate = dataset.root() / "train_mask" / item.image.filename();
  std::error_code ec;
  return fs::exists(candidate, ec) ? candidate : fs::path();
}

}  // namespace arml::data
