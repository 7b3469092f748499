#pragma once
// Pseudo masks for a whole training split (spec §3): Grad-CAM with the ground-truth image labels
// of the file names, written as DIR/<layer>/<image stem>.png (8-bit palette PNG, index = class,
// backgroundIndex = white background). Resumable: a mask that is already a complete, valid PNG of
// the image's size is kept (and counted); every write is atomic, so a stopped job leaves no
// half-written file. Images without a positive label are reported (warning event) and skipped.
//
// The output folder belongs to one producer at a time: one job writes into it at once (a lock on
// DIR/.arml.lock; a second job is refused with a message), and with `producer` set the folder's
// record (DIR/.arml-producer.json, core/producer_record.h) must name the same producer, so that
// masks another model (or another background rule) wrote are never counted as done; `replace`
// removes them instead. Two training images whose masks would share a path are an InputError
// naming both, before anything is written; so is a mask path that is one of the inputs.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cam/cam_layer.h"
#include "cam/cam_model.h"
#include "core/cancel_token.h"
#include "core/event_sink.h"
#include "data/dataset.h"

namespace arml::cam {

enum class BackgroundRule {
  Auto,   // white background for LUAD-style data (luad, wsss4luad), none for bcss / csv
  White,  // channel K = 1.000001 · white(img)
  None,   // channel K = 0 (BCSS: white areas are tissue such as fat)
};
BackgroundRule parseBackgroundRule(const std::string& text);  // auto | white | none
bool usesWhiteBackground(BackgroundRule rule, data::DatasetKind kind);

struct PseudoMaskJobOptions {
  std::vector<CamLayer> layers{CamLayer::Bn7};
  int batch = 4;                   // images per forward (equal-sized images are batched together)
  std::string precision = "fp32";  // or "bf16"
  BackgroundRule background = BackgroundRule::Auto;
  // What makes the masks (e.g. the model's digest); null: no producer record is kept or checked.
  // The job adds the resolved background rule, precision and dataset to it.
  nlohmann::json producer;
  bool replace = false;  // recompute a folder another producer filled (its layer folders' masks are removed)
};

struct PseudoMaskJobSummary {
  int images = 0;          // training images in the split
  int written = 0;         // images computed now
  int resumed = 0;         // images whose masks were all present and valid
  int skippedNoLabel = 0;  // images without any positive label
  double seconds = 0;      // wall time
  // Per layer, pixel count of each mask index 0..backgroundIndex over all masks of the split.
  std::vector<std::pair<CamLayer, std::vector<long long>>> areas;

  // {"images", "written", "resumed", "skipped_no_label", "seconds",
  //  "areas": {"bn7": {"<abbreviation>": fraction, ..., "background": fraction}}}
  nlohmann::json toJson(const data::ClassScheme& scheme) const;
};

// The mask path of an image for one layer.
std::filesystem::path pseudoMaskPath(const std::filesystem::path& outDir, CamLayer layer,
                                     const std::filesystem::path& image);

// True when `path` is a readable index PNG of the given size whose values are all ≤ maxIndex.
bool isCompleteMask(const std::filesystem::path& path, int width, int height, int maxIndex);

// Runs the job on the model's device. The model's class count must equal the dataset's tissue
// class count (InputError otherwise). Emits progress events ("pseudo-masks", done, total), a
// warning per skipped image, and throws Cancelled between batches when `cancel` is set.
PseudoMaskJobSummary generatePseudoMasks(CamModel& model, const data::Dataset& dataset,
                                         const std::filesystem::path& outDir, const PseudoMaskJobOptions& options,
                                         EventSink& events, const CancelToken& cancel);

}  // namespace arml::cam
