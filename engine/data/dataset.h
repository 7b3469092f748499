#pragma once
// Dataset folders on disk and their auto-detection. Free of LibTorch and Qt (the GUI includes it).
//
// Layouts read (root = the folder the user points at):
//   bcss       root/train/<name>[abcd].png            root/{val,test}/{img,mask}/<name>.png
//   luad       root/train/<name>[a b c d].png         root/{val,test}/{img,mask}/<name>.png
//   wsss4luad  root/training/<name>[a, b, c].png      root/{val,test}/{img,mask,background-mask}/<name>.png
//              (root/train/ is accepted as well)
//   csv        root/labels.csv (or a .csv file given as root) with the header
//                  file,<class name 1>,<class name 2>,...
//              and one row per image: a path relative to the CSV's folder, then 0/1 per class, e.g.
//                  file,tumour,stroma,normal
//                  patches/a.png,1,0,0
//              Blank lines and lines starting with '#' are skipped; fields are not quoted (no commas
//              in file names). val/test splits may sit beside it as root/{val,test}/{img,mask}/.
// Detection ("auto"): a .csv root or root/labels.csv -> csv; root/training -> wsss4luad; otherwise the
// label style of the first training file name decides ([1101] bcss, [1 0 0 1] luad, [1, 0, 0]
// wsss4luad); without training files the palette of the first val/test mask decides. A hint other
// than "auto" overrides detection.
// Images and masks of val/test are paired by file stem; a mask without its image, an image without
// its mask, or a training name without a valid label is an InputError naming the file.
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "data/class_scheme.h"
#include "data/image_label.h"

namespace arml::data {

enum class DatasetKind { Bcss, Luad, Wsss4luad, Csv };

std::string datasetKindName(DatasetKind kind);  // "bcss", "luad", "wsss4luad", "csv"
// "bcss" | "luad" | "wsss4luad" | "csv" (also "bcss-wsss", "luad-histoseg"); InputError otherwise.
DatasetKind parseDatasetKind(const std::string& name);
ClassScheme schemeFor(DatasetKind kind);

struct LabelledItem {
  std::filesystem::path image;
  std::vector<int> label;  // 0/1 per tissue class
};

struct MaskedItem {
  std::filesystem::path image;
  std::filesystem::path mask;
  std::filesystem::path backgroundMask;  // empty when the dataset has none
};

class Dataset {
public:
  // Scans the folder (file names only, no pixels decoded). With problems == nullptr the first bad
  // file throws InputError; otherwise each problem is appended as "<path>: <what>" and that file is
  // skipped (used by `arml inspect-data`). A root that does not exist or matches no layout always
  // throws.
  static Dataset open(const std::filesystem::path& root, const std::string& hint = "auto",
                      std::vector<std::string>* problems = nullptr);

  DatasetKind kind() const { return kind_; }
  const ClassScheme& scheme() const { return scheme_; }
  const std::filesystem::path& root() const { return root_; }

  // "train", "val" or "test": present with at least one item.
  bool hasSplit(const std::string& split) const;
  // Folder of a split ("" when the layout has none).
  std::filesystem::path splitFolder(const std::string& split) const;

  // Throw InputError naming the folder when the split is missing or empty.
  const std::vector<LabelledItem>& train() const;
  const std::vector<MaskedItem>& masked(const std::string& split) const;  // "val" | "test"

private:
  DatasetKind kind_ = DatasetKind::Luad;
  ClassScheme scheme_;
  std::filesystem::path root_;
  std::filesystem::path trainFolder_;  // folder or CSV file
  std::vector<LabelledItem> train_;
  std::vector<MaskedItem> val_, test_;
};

// Turns a split with pixel masks into a weakly labelled set: label_c = 1 when at least minPixels
// pixels of its mask have index c (c < scheme.tissueCount(); background and other indices are
// ignored). minPixels = 1 means "any pixel"; a larger value ignores slivers at region borders.
std::vector<LabelledItem> deriveLabelsFromMasks(const std::vector<MaskedItem>& items, const ClassScheme& scheme,
                                                int minPixels = 1);

// True for .png .jpg .jpeg .tif .tiff .bmp (case-insensitive).
bool isImageFile(const std::filesystem::path& path);

// Reads an image and its mask (and background mask) and checks that their sizes agree; InputError
// naming the mask otherwise. image: RGB CV_8UC3; masks: CV_8UC1 indices.
struct MaskedSample {
  cv::Mat image, mask, backgroundMask;
};
MaskedSample loadMaskedSample(const MaskedItem& item);

}  // namespace arml::data
