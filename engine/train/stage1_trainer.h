#pragma once
// Stage 1 of ARML: the ResNet38d multi-label classifier trainer (spec §2.2–2.5).
//
// Per step: batch (stage-1 augmentation, RGB/255) → backbone → ARS from epoch `arsFromEpoch` on
// (epochs counted from 0; reference 2) → Dropout2d(0.5) → GAP → fc8 → multi-label soft-margin loss →
// PolyOptimizer step (four groups, stage1_param_groups.h; lr poly 0.9 over T = ⌊N/batch⌋·epochs).
// Frozen: conv1a, b2, b2_1, b2_2 and every BatchNorm (eval mode, affine fixed).
// ARS modes (models::ArsMode): reference — momentum 5e-4 (the reference's positional slip), CCA
// skipped while γ = 0 but its convs decay as in the reference, AMM MLP fixed at its random init;
// intended — γ and the MLP trained, momentum 0.9; off — no ARS. `momentum` overrides either.
//
// Run folder: config.json, metrics.csv (one row per epoch), checkpoints/last.pt (every epoch and on
// cancel: model incl. ARS modules, momentum buffers, global step, epoch, step in epoch, torch RNG
// state) and, at the end, checkpoints/final.pt: the inference model (Net_CAM names only — the
// reference also drops the ARS weights after training) for CAMs and pseudo masks.
// Resume (options.resume and a last.pt written with the same configuration): training continues at the
// saved epoch and step; batch order and augmentation are seeded per epoch, dropout continues from the
// saved RNG state, so the result equals an uninterrupted run.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/cancel_token.h"
#include "core/event_sink.h"
#include "models/resnet38d_classifier.h"

namespace arml::data {
class Dataset;
}
namespace arml::distributed {
class DataParallelGroup;
}

namespace arml::train {

struct Stage1TrainerOptions {
  // The dataset's root as config.json records it; trainStage1(dataset, ...) trains on the dataset it
  // is given (opened once by its caller), the overload without one opens dataRoot with datasetHint.
  std::filesystem::path dataRoot;
  std::string datasetHint = "auto";
  std::filesystem::path runDir;

  int epochs = 20;
  int batchSize = 20;
  double lr = 0.01;            // group 0; groups 1–3 get 2×, 10×, 20×
  double weightDecay = 5e-4;
  std::optional<double> momentum;  // default: 0.9 for ArsMode::Intended, else 5e-4 (reference)

  int widthDivisor = 1;        // 1 = resnet38d, 8 = resnet38d-lite
  models::ArsMode ars = models::ArsMode::Reference;
  models::CcaSoftmax ccaSoftmax = models::CcaSoftmax::QueryRows;
  int arsFromEpoch = 2;
  // ARML checkpoint, reference .pth or MXNet .params (by name); without one the network starts from
  // the reference's Kaiming init (Resnet38dClassifierImpl::initFromScratch).
  std::filesystem::path initWeights;
  // Receives the import report of initWeights (matched / missing / unexpected ... with names)
  // before training starts; e.g. the CLI prints it.
  std::function<void(const std::string& report)> onInitReport;
  // "reference": conv1a/b2* and every BatchNorm frozen (needs pretrained statistics); "none": all
  // layers learn, BatchNorm with batch statistics; "auto": reference with initWeights, else none
  // (frozen identity BatchNorms make a network trained from scratch diverge).
  std::string freeze = "auto";

  std::string device = "cpu";
  std::string precision = "fp32";  // fp32 | bf16 | fp16 (CUDA) | auto: train/training_device.h
  int workers = 2;
  std::uint64_t seed = 0;
  bool resume = true;
  int patchSize = 224;                // training images resized to this (0 = native size, all equal)
  std::int64_t maxStepsPerEpoch = 0;  // > 0: cap the steps of each epoch (smoke runs, benches)

  // Data-parallel training (train/training_loop.h): this process is one rank of the group; batchSize
  // stays the global batch, of which each rank computes its slice. Dropout2d's masks (backbone and head) are
  // drawn for the whole global batch on every rank (same seed, same RNG state) and sliced
  // (models/batch_slice_dropout.h), so that N ranks compute what one process does; BatchNorm with batch statistics (freeze none) normalises per rank's slice,
  // as PyTorch's DDP does. Not owned; null: one process.
  distributed::DataParallelGroup* dataParallel = nullptr;

  // Called on the training thread after every optimiser step (epoch, steps done in that epoch);
  // for in-process callers and tests. May set the cancel token.
  std::function<void(int epoch, std::int64_t stepsDoneInEpoch)> afterStep;
};

struct Stage1TrainResult {
  int epochsCompleted = 0;
  std::int64_t globalSteps = 0;
  double lastLoss = 0;
  double lastEpochLoss = 0;
  std::filesystem::path lastCheckpoint, finalCheckpoint;
};

// Trains on `dataset`'s training split (resume, last.pt, metrics.csv: train/training_loop.h).
// Throws InputError (bad data or options, unreadable --init), RuntimeFailure (NaN loss, naming epoch
// and step; checkpoints keep their previous contents), Cancelled (after writing checkpoints/last.pt).
Stage1TrainResult trainStage1(const data::Dataset& dataset, const Stage1TrainerOptions& options,
                              const CancelToken& cancel, EventSink& events);
// The same after opening options.dataRoot (options.datasetHint): for callers without an open dataset.
Stage1TrainResult trainStage1(const Stage1TrainerOptions& options, const CancelToken& cancel, EventSink& events);

// Whether the reference freezing applies ("auto" resolved); InputError for an unknown value.
bool stage1ReferenceFreeze(const Stage1TrainerOptions& options);

// SGD momentum the options resolve to.
double stage1Momentum(const Stage1TrainerOptions& options);

}  // namespace arml::train
