#pragma once
// Stage 2 of ARML: the mutual-learning segmenter trainer (spec §4.2–4.7).
//
// Peers:
//   shared (default, the reference): one PSPNet run three times per step on the same batch in train mode;
//     the main pass keeps its graph, the two peer passes run under NoGradGuard and differ from it only
//     through Dropout2d masks. Loss 0.8·SWV + 0.2·SRM (stage2_loss.h).
//   independent: three separately initialised PSPNets. Each one learns symmetrically from the other two:
//     net k minimises stage2Loss(z_k; z_a, z_b) with the other two outputs detached (its SWV votes are
//     their agreement, its SRM relates its batch to theirs). Each has its own SGD with the same schedule.
//     The first network is the one validated, kept as best and reported; the peers are saved beside it.
//
// Optimisation: SGD lr 5e-3, momentum 0.9, weight decay 5e-4, one group, poly 0.9 per iteration over
// epochs·⌈N/batch⌉ steps; augmentation h-flip + PIL blur p 0.5 (data/augmentation.h, stage 2).
// A trailing batch of one image is skipped (BatchNorm of the split-attention MLP cannot train on one
// sample; the reference would crash there) with a warning event.
//
// Masks: the effective set of data/mask_set.h from masksDir, editsDir and reviewFile; config.json's
// "mask_set" records it (folders, counts corrected / generated / excluded, digest of the masks).
// Run folder: config.json, metrics.csv (one row per epoch), checkpoints/last.pt (every epoch and on
// cancel, with optimizer state for resume), checkpoints/best.pt (best val mIoU), peer checkpoints
// checkpoints/last-peer{1,2}.pt in independent mode, val_metrics.json (of the best epoch) and
// test_metrics.{json,csv} (best checkpoint on the test split). events.jsonl is the caller's business.
// Resume: with options.resume and a checkpoints/last.pt from the same configuration, training continues
// at the saved epoch and step (the batch order and augmentation of an epoch are seeded, so the remaining
// batches are the same ones an uninterrupted run would see).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/cancel_token.h"
#include "core/event_sink.h"
#include "eval/metrics_io.h"
#include "train/stage2_loss.h"

namespace arml::data {
class Dataset;
}

namespace arml::distributed {
class DataParallelGroup;
}

namespace arml::train {

enum class PeerMode { Shared, Independent };
PeerMode parsePeerMode(const std::string& name);  // "shared" | "independent"; InputError otherwise
std::string peerModeName(PeerMode mode);

struct MutualTrainerOptions {
  // The dataset's root as config.json records it; trainMutual(dataset, ...) trains on the dataset it
  // is given (opened once by its caller), the overload without one opens dataRoot with datasetHint.
  std::filesystem::path dataRoot;
  std::string datasetHint = "auto";
  std::filesystem::path masksDir;  // palette/index PNGs named <training image stem>.png
  // Reviewed masks (data/mask_set.h): edits/<stem>.png replaces the generated mask, patches the
  // review rejects are left out. Both optional; config.json records the mask set used.
  std::filesystem::path editsDir;
  std::filesystem::path reviewFile;
  std::filesystem::path runDir;

  int epochs = 10;
  int batchSize = 20;
  double lr = 5e-3;
  double momentum = 0.9;
  double weightDecay = 5e-4;
  Stage2LossWeights loss;
  PeerMode peers = PeerMode::Shared;

  int widthDivisor = 1;      // 1 = the reference PSPNet; 8 for CPU demos and tests
  double dropout = 0.2;
  int patchSize = 224;       // training images/masks resized to this (0 = native size, all equal)
  std::filesystem::path initWeights;  // optional ImageNet ResNeSt / smp PSPNet weights imported by name
  // Receives the import report of initWeights (models/initial_weights.h) before training starts.
  std::function<void(const std::string& report)> onInitReport;

  std::string device = "cpu";
  std::string precision = "fp32";  // fp32 | bf16 | fp16 (CUDA) | auto: train/training_device.h
  int workers = 2;
  std::uint64_t seed = 0;
  bool resume = true;
  bool validate = true;      // val mIoU after every epoch (needs a val split); best.pt follows it
  bool finalTest = true;     // score best.pt on the test split at the end (when present)
  std::int64_t maxStepsPerEpoch = 0;  // > 0: stop each epoch after this many steps (smoke runs, benches)

  // Data-parallel training (train/training_loop.h): this process is one rank; batchSize stays the global
  // batch, each rank trains the team on its slice (at least 2 images: a global batch with fewer than
  // 2 per rank is skipped, as a batch of one is alone) with its own SWV/SRM losses and BatchNorm
  // statistics, the gradients of every member are averaged over the ranks. Validation is sharded over
  // the ranks with rank 0's BatchNorm statistics (the model it saves) and its confusion matrices summed,
  // so best.pt decisions agree; the final test runs on rank 0. Not owned; null: one process.
  distributed::DataParallelGroup* dataParallel = nullptr;
};

struct MutualTrainResult {
  int epochsCompleted = 0;
  int bestEpoch = -1;                  // 0-based; -1 when no validation ran
  double bestValMiou = 0;
  double lastLoss = 0;
  std::optional<eval::MetricsReport> test;
  std::filesystem::path lastCheckpoint, bestCheckpoint;
  int trainImages = 0;  // patches the trainer saw (after the review's exclusions)
  nlohmann::json maskSet;  // the "mask_set" of config.json (data/mask_set.h maskSetJson)
};

// Trains on `dataset`'s training split with the masks of options (resume, last.pt, metrics.csv:
// train/training_loop.h); validates on its val split, tests on its test split.
// Throws InputError (bad data, missing masks), RuntimeFailure (NaN loss, naming epoch and step),
// Cancelled (after writing checkpoints/last.pt).
MutualTrainResult trainMutual(const data::Dataset& dataset, const MutualTrainerOptions& options,
                              const CancelToken& cancel, EventSink& events);
// The same after opening options.dataRoot (options.datasetHint): for callers without an open dataset.
MutualTrainResult trainMutual(const MutualTrainerOptions& options, const CancelToken& cancel, EventSink& events);

}  // namespace arml::train
