#pragma once
// A weakly labelled training set made from a split that has pixel masks (`--derive-labels-from-masks`):
// for real data with masks but without image-level training labels (e.g. WSSS4LUAD val), and to
// measure how pseudo masks compare with the truth.
//
// The set is written as an ordinary dataset folder of the source's layout family, made of symbolic
// links, so every stage reads it as it reads any dataset and a user can look at it:
//   out/train/<stem>-<label>.png      -> the split's image (label in the dataset's file-name style)
//   out/train_mask/<same name>        -> the split's mask (ground truth of the training images)
//   out/val, out/test                 -> the source's val/test folders (when present)
// CSV datasets get out/labels.csv instead of labelled names.
#include <filesystem>
#include <string>

#include "data/dataset.h"

namespace arml::data {

// Replaces `out` (only links live there) and returns it. InputError when the split has no masks or
// no image keeps any tissue class.
std::filesystem::path writeDerivedDataset(const Dataset& source, const std::string& split,
                                          const std::filesystem::path& out, int minPixels = 1);

// The ground-truth mask of a training image when the dataset keeps one (train_mask/<file name>,
// as written above and by the synthetic generator), else an empty path.
std::filesystem::path trainingTruthMask(const Dataset& dataset, const LabelledItem& item);

}  // namespace arml::data
