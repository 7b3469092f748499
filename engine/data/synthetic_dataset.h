#pragma once
// Synthetic H&E-like demo data with exact masks, for the demo, tests and benchmarks.
//
// Each patch is a warped Voronoi partition into 1–4 tissue regions (about 30 % one class, 40 % two,
// 25 % three, 5 % four) of the LUAD-HistoSeg classes, sometimes with a white background region:
//   0 TE  tumour epithelium: dense, large, irregular dark-purple nuclei on purple-pink cytoplasm
//   1 NEC necrosis: pale pink-grey, granular debris and faded ghost nuclei
//   2 LYM lymphocytes: densely packed small, round, very dark nuclei
//   3 TAS stroma: pink oriented fibres with sparse spindle-shaped nuclei
//   4 white background (gray > 200, like glass)
// The whole image gets a slight blur and noise; the mask is the exact region map.
// Written in the LUAD-HistoSeg layout:
//   out/train/synth-NNNN-[a b c d].png   label = classes present in its mask (≥ 1 pixel)
//   out/train_mask/synth-NNNN-[a b c d].png  the exact masks of the training patches (palette PNG)
//   out/{val,test}/img/NNNN.png, out/{val,test}/mask/NNNN.png  (palette PNG, LUAD palette)
#include <cstdint>
#include <filesystem>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/cancel_token.h"

namespace arml::data {

struct SyntheticPatch {
  cv::Mat image;  // RGB CV_8UC3
  cv::Mat mask;   // CV_8UC1, 0..3 tissue, 4 background
};

// One patch, a pure function of (seed, size).
SyntheticPatch makeSyntheticPatch(std::uint64_t seed, int size = 224);

struct SyntheticOptions {
  int train = 48;
  int val = 12;
  int test = 12;
  int patchSize = 224;
  std::uint64_t seed = 0;
};

struct SyntheticSummary {
  int train = 0, val = 0, test = 0;
  std::vector<int> trainImagesPerClass;  // 4 entries
};

// Writes the data set under `out` (created if missing; existing files of the same name replaced).
SyntheticSummary writeSyntheticDataset(const std::filesystem::path& out, const SyntheticOptions& options,
                                       const CancelToken& cancel);

}  // namespace arml::data
