#include "data/dataset.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "core/errors.h"
#include "data/image_io.h"
#include "data/palette_png.h"

namespace arml::data {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool isDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// Image files directly in `dir`, sorted by name (hidden and temporary files skipped).
std::vector<fs::path> listImages(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (e.is_regular_file(ec) && isImageFile(e.path())) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Throws or records one problem.
void report(std::vector<std::string>* problems, const std::string& path, const std::string& what) {
  if (!problems) throw InputError(path, what);
  problems->push_back(path + ": " + what);
}

// Outputs (pseudo masks, predictions, review edits) are named by an image's stem, so two images of
// one split with the same stem (labels.csv listing a/x.png and b/x.png, or x.png beside x.jpg) are
// an InputError naming both (or a recorded problem, the second one skipped).
std::string stemCollision(const fs::path& first) {
  return "has the same name stem '" + first.stem().string() + "' as " + first.string() +
         "; masks and other outputs are named by stem and would overwrite each other (rename one)";
}

// Files by stem; a second file with a stem already taken is a problem (thrown or recorded and skipped).
std::map<std::string, fs::path> byStem(const std::vector<fs::path>& files, std::vector<std::string>* problems) {
  std::map<std::string, fs::path> out;
  for (const fs::path& p : files) {
    const auto [it, added] = out.emplace(p.stem().string(), p);
    if (!added) report(problems, p.string(), stemCollision(it->second));
  }
  return out;
}

// Keeps the first training item of each stem; the others are problems.
void refuseSharedStems(std::vector<LabelledItem>& items, std::vector<std::string>* problems) {
  std::map<std::string, fs::path> seen;
  std::vector<LabelledItem> kept;
  kept.reserve(items.size());
  for (auto& item : items) {
    const auto [it, added] = seen.emplace(item.image.stem().string(), item.image);
    if (!added) {
      report(problems, item.image.string(), stemCollision(it->second));
      continue;
    }
    kept.push_back(std::move(item));
  }
  items = std::move(kept);
}

fs::path csvFileOf(const fs::path& root) {
  if (!isDir(root) && lower(root.extension().string()) == ".csv") return root;
  if (fs::exists(root / "labels.csv")) return root / "labels.csv";
  return {};
}

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, ',')) out.push_back(trim(field));
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

// The dataset kind a training-folder file name suggests, if any.
bool kindFromTrainingNames(const fs::path& folder, DatasetKind& kind) {
  for (const fs::path& p : listImages(folder)) {
    LabelStyle style;
    int digits = 0;
    if (!detectLabelStyle(p.filename().string(), style, digits)) continue;
    kind = style == LabelStyle::Contiguous ? DatasetKind::Bcss
           : style == LabelStyle::Spaced   ? DatasetKind::Luad
                                           : DatasetKind::Wsss4luad;
    return true;
  }
  return false;
}

// The dataset kind the palette of the first val/test mask suggests, if any.
bool kindFromMaskPalette(const fs::path& root, DatasetKind& kind) {
  for (const char* split : {"val", "test"}) {
    const fs::path dir = root / split / "mask";
    if (!isDir(dir)) continue;
    for (const fs::path& p : listImages(dir)) {
      Palette pal;
      try {
        pal = readIndexedPng(p).palette;
      } catch (const InputError&) {
        continue;
      }
      if (pal.empty()) continue;
      for (DatasetKind k : {DatasetKind::Bcss, DatasetKind::Luad, DatasetKind::Wsss4luad}) {
        if (pal[0] == schemeFor(k).tissueClasses[0].colour) {
          kind = k;
          return true;
        }
      }
      if (fs::exists(root / split / "background-mask")) {
        kind = DatasetKind::Wsss4luad;
        return true;
      }
    }
  }
  return false;
}

std::vector<MaskedItem> scanMaskedSplit(const fs::path& dir, std::vector<std::string>* problems) {
  std::vector<MaskedItem> items;
  const fs::path imgDir = dir / "img", maskDir = dir / "mask", bgDir = dir / "background-mask";
  if (!isDir(imgDir)) {
    report(problems, imgDir.string(), "missing folder (a val/test split needs img/ and mask/)");
    return items;
  }
  if (!isDir(maskDir)) {
    report(problems, maskDir.string(), "missing folder (a val/test split needs img/ and mask/)");
    return items;
  }
  const std::map<std::string, fs::path> images = byStem(listImages(imgDir), problems);
  const std::map<std::string, fs::path> masks = byStem(listImages(maskDir), problems);
  const bool hasBg = isDir(bgDir);
  std::map<std::string, fs::path> backgrounds;
  if (hasBg) backgrounds = byStem(listImages(bgDir), problems);
  for (const auto& [stem, mask] : masks)
    if (!images.count(stem)) report(problems, mask.string(), "mask without an image in " + imgDir.string());
  for (const auto& [stem, bg] : backgrounds)
    if (!images.count(stem)) report(problems, bg.string(), "background mask without an image in " + imgDir.string());
  for (const auto& [stem, image] : images) {
    auto m = masks.find(stem);
    if (m == masks.end()) {
      report(problems, image.string(), "image without a mask in " + maskDir.string());
      continue;
    }
    MaskedItem item{image, m->second, {}};
    if (hasBg) {
      auto b = backgrounds.find(stem);
      if (b == backgrounds.end()) {
        report(problems, image.string(), "image without a background mask in " + bgDir.string());
        continue;
      }
      item.backgroundMask = b->second;
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<LabelledItem> scanTrainFolder(const fs::path& dir, int classCount, std::vector<std::string>* problems) {
  std::vector<LabelledItem> items;
  for (const fs::path& p : listImages(dir)) {
    try {
      items.push_back({p, parseImageLabel(p.string(), classCount)});
    } catch (const InputError& e) {
      if (!problems) throw;
      problems->push_back(e.what());
    }
  }
  return items;
}

std::vector<LabelledItem> scanCsv(const fs::path& csv, ClassScheme& scheme, std::vector<std::string>* problems) {
  std::ifstream in(csv);
  if (!in) throw InputError(csv.string(), "cannot open the CSV of labels");
  std::string line;
  int lineNo = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++lineNo;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    header = splitCsvLine(t);
    break;
  }
  if (header.size() < 2)
    throw InputError(csv.string(), "the first line must be a header: file,<class name>,<class name>,...");
  scheme = customScheme(std::vector<std::string>(header.begin() + 1, header.end()));
  const int k = scheme.tissueCount();
  const fs::path base = csv.parent_path();
  std::vector<LabelledItem> items;
  while (std::getline(in, line)) {
    ++lineNo;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string where = csv.string() + ":" + std::to_string(lineNo);
    const std::vector<std::string> f = splitCsvLine(t);
    if (int(f.size()) != k + 1) {
      report(problems, where, "expected " + std::to_string(k + 1) + " fields, found " + std::to_string(f.size()));
      continue;
    }
    LabelledItem item{base / f[0], {}};
    bool ok = true;
    for (int c = 0; c < k; ++c) {
      if (f[std::size_t(c + 1)] != "0" && f[std::size_t(c + 1)] != "1") {
        report(problems, where, "label of class '" + header[std::size_t(c + 1)] + "' is '" + f[std::size_t(c + 1)] +
                                    "', expected 0 or 1");
        ok = false;
        break;
      }
      item.label.push_back(f[std::size_t(c + 1)] == "1");
    }
    if (!ok) continue;
    std::error_code ec;
    if (!fs::is_regular_file(item.image, ec)) {
      report(problems, item.image.string(), "image listed in " + where + " does not exist");
      continue;
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

bool isImageFile(const fs::path& path) {
  static const char* exts[] = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"};
  const std::string e = lower(path.extension().string());
  for (const char* x : exts)
    if (e == x) return true;
  return false;
}

std::string datasetKindName(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::Bcss: return "bcss";
    case DatasetKind::Luad: return "luad";
    case DatasetKind::Wsss4luad: return "wsss4luad";
    case DatasetKind::Csv: return "csv";
  }
  return "?";
}

DatasetKind parseDatasetKind(const std::string& name) {
  const std::string n = lower(name);
  if (n == "bcss" || n == "bcss-wsss") return DatasetKind::Bcss;
  if (n == "luad" || n == "luad-histoseg") return DatasetKind::Luad;
  if (n == "wsss4luad") return DatasetKind::Wsss4luad;
  if (n == "csv") return DatasetKind::Csv;
  throw InputError("--dataset " + name, "unknown dataset kind (auto | bcss | luad | wsss4luad | csv)");
}

ClassScheme schemeFor(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::Bcss: return bcssScheme();
    case DatasetKind::Luad: return luadScheme();
    case DatasetKind::Wsss4luad: return wsss4luadScheme();
    case DatasetKind::Csv: return customScheme({});
  }
  return luadScheme();
}

Dataset Dataset::open(const fs::path& rootIn, const std::string& hint, std::vector<std::string>* problems) {
  std::error_code ec;
  if (!fs::exists(rootIn, ec)) throw InputError(rootIn.string(), "dataset folder does not exist");
  Dataset d;
  const fs::path csv = csvFileOf(rootIn);
  d.root_ = isDir(rootIn) ? rootIn : rootIn.parent_path();

  const std::string h = lower(hint.empty() ? "auto" : hint);
  if (h != "auto") {
    d.kind_ = parseDatasetKind(h);
  } else if (!csv.empty()) {
    d.kind_ = DatasetKind::Csv;
  } else if (isDir(d.root_ / "training") && kindFromTrainingNames(d.root_ / "training", d.kind_)) {
  } else if (isDir(d.root_ / "train") && kindFromTrainingNames(d.root_ / "train", d.kind_)) {
  } else if (!kindFromMaskPalette(d.root_, d.kind_)) {
    throw InputError(d.root_.string(),
                     "not a recognised dataset layout (expected train/ with labelled names like "
                     "'x-[1 0 0 1].png', training/, labels.csv, or val|test/{img,mask}); "
                     "give --dataset bcss|luad|wsss4luad|csv");
  }
  d.scheme_ = schemeFor(d.kind_);

  if (d.kind_ == DatasetKind::Csv) {
    if (csv.empty()) throw InputError((d.root_ / "labels.csv").string(), "missing CSV of labels");
    d.trainFolder_ = csv;
    d.train_ = scanCsv(csv, d.scheme_, problems);
  } else {
    const fs::path training = d.root_ / "training", train = d.root_ / "train";
    if (d.kind_ == DatasetKind::Wsss4luad)
      d.trainFolder_ = isDir(training) ? training : train;
    else
      d.trainFolder_ = isDir(train) ? train : training;
    if (isDir(d.trainFolder_)) d.train_ = scanTrainFolder(d.trainFolder_, d.scheme_.tissueCount(), problems);
  }
  refuseSharedStems(d.train_, problems);
  if (isDir(d.root_ / "val")) d.val_ = scanMaskedSplit(d.root_ / "val", problems);
  if (isDir(d.root_ / "test")) d.test_ = scanMaskedSplit(d.root_ / "test", problems);
  return d;
}

bool Dataset::hasSplit(const std::string& split) const {
  if (split == "train") return !train_.empty();
  if (split == "val") return !val_.empty();
  if (split == "test") return !test_.empty();
  return false;
}

fs::path Dataset::splitFolder(const std::string& split) const {
  if (split == "train") return trainFolder_;
  if (split == "val" || split == "test") return root_ / split;
  return {};
}

const std::vector<LabelledItem>& Dataset::train() const {
  if (train_.empty()) {
    std::error_code ec;
    const bool exists = fs::exists(trainFolder_, ec) && !trainFolder_.empty();
    throw InputError(trainFolder_.empty() ? (root_ / "train").string() : trainFolder_.string(),
                     exists ? "training split is empty (no labelled images)" : "missing training split folder");
  }
  return train_;
}

const std::vector<MaskedItem>& Dataset::masked(const std::string& split) const {
  if (split != "val" && split != "test") throw InputError("--split " + split, "expected val or test");
  const std::vector<MaskedItem>& items = split == "val" ? val_ : test_;
  if (items.empty()) {
    const fs::path dir = root_ / split;
    throw InputError(dir.string(), isDir(dir) ? "split is empty (no image/mask pairs)" : "missing split folder");
  }
  return items;
}

std::vector<LabelledItem> deriveLabelsFromMasks(const std::vector<MaskedItem>& items, const ClassScheme& scheme,
                                                int minPixels) {
  const int k = scheme.tissueCount();
  std::vector<LabelledItem> out;
  out.reserve(items.size());
  for (const MaskedItem& item : items) {
    const cv::Mat mask = readIndexMask(item.mask);
    std::vector<long> counts(256, 0);
    for (int y = 0; y < mask.rows; ++y) {
      const unsigned char* m = mask.ptr<unsigned char>(y);
      for (int x = 0; x < mask.cols; ++x) ++counts[m[x]];
    }
    LabelledItem li{item.image, std::vector<int>(std::size_t(k), 0)};
    for (int c = 0; c < k; ++c) li.label[std::size_t(c)] = counts[std::size_t(c)] >= std::max(1, minPixels) ? 1 : 0;
    out.push_back(std::move(li));
  }
  return out;
}

MaskedSample loadMaskedSample(const MaskedItem& item) {
  MaskedSample s;
  s.image = readRgbImage(item.image);
  s.mask = readIndexMask(item.mask);
  auto sizeText = [](const cv::Mat& m) { return std::to_string(m.cols) + "x" + std::to_string(m.rows); };
  if (s.mask.size() != s.image.size())
    throw InputError(item.mask.string(), "mask is " + sizeText(s.mask) + " but its image " + item.image.string() +
                                             " is " + sizeText(s.image));
  if (!item.backgroundMask.empty()) {
    s.backgroundMask = readIndexMask(item.backgroundMask);
    if (s.backgroundMask.size() != s.image.size())
      throw InputError(item.backgroundMask.string(), "background mask is " + sizeText(s.backgroundMask) +
                                                         " but its image " + item.image.string() + " is " +
                                                         sizeText(s.image));
  }
  return s;
}

}  // namespace arml::data
