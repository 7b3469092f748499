// `arml train-seg --data ROOT --masks DIR --out RUN [--edits DIR --review FILE] [--peers shared|independent]
//  [--epochs N --batch N --lr X --width-divisor D --init FILE --resume]`: stage 2, the mutual-learning
// PSPNet-ResNeSt segmenter (spec §4) trained on any folder of pseudo masks (palette PNGs named like the
// training images' stems); with --edits/--review on the reviewed set (corrected masks where they exist,
// rejected patches left out; config.json's "mask_set" records what was used).
#include <filesystem>
#include <iostream>

#include "cli_context.h"
#include "compute/compute.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "core/output_guard.h"
#include "data_parallel_job.h"
#include "distributed/data_parallel_group.h"
#include "data/dataset.h"
#include "run/run_layout.h"
#include "train/mutual_trainer.h"
#include "train/pipeline_config.h"

namespace arml::cli {

Runner registerTrainSeg(CLI::App& sub, Context&) {
  struct Args {
    std::string data, masks, out, peers = "shared", init, edits, review, precision = "fp32";
    int epochs = 10, batch = 20, workers = 2, widthDivisor = 1, patchSize = 224;
    double lr = 5e-3, momentum = 0.9, weightDecay = 5e-4, dropout = 0.2;
    long maxSteps = 0;
    bool resume = false, noVal = false, noTest = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--data", a->data, "dataset root (training images; val/test splits with pixel masks)")->required();
  sub.add_option("--masks", a->masks, "pseudo-mask folder: <training image stem>.png, class index per pixel")->required();
  sub.add_option("--edits", a->edits, "corrected masks (a project's edits/ folder): <stem>.png replaces the pseudo mask");
  sub.add_option("--review", a->review, "review.json: patches marked rejected are left out of training");
  sub.add_option("--out", a->out, "run folder (config.json, metrics.csv, checkpoints/, *_metrics.json)")->required();
  sub.add_option("--precision", a->precision, "fp32 | bf16 | fp16 (CUDA, loss scaling) | auto (bf16 where the GPU has it)")
      ->capture_default_str();
  sub.add_option("--peers", a->peers,
                 "shared: one network, three dropout passes (reference) | independent: three networks, each "
                 "learning from the other two")
      ->capture_default_str();
  sub.add_option("--epochs", a->epochs, "epochs")->capture_default_str();
  sub.add_option("--batch", a->batch, "images per step (at least 2)")->capture_default_str();
  sub.add_option("--lr", a->lr, "base learning rate (poly decay 0.9 per iteration)")->capture_default_str();
  sub.add_option("--momentum", a->momentum, "SGD momentum")->capture_default_str();
  sub.add_option("--weight-decay", a->weightDecay, "weight decay")->capture_default_str();
  sub.add_option("--dropout", a->dropout, "Dropout2d after the PSP bottleneck (the peers' diversity)")->capture_default_str();
  sub.add_option("--width-divisor", a->widthDivisor, "1 = reference PSPNet-ResNeSt; 8 = lite network for CPUs")
      ->capture_default_str();
  sub.add_option("--init", a->init, "initial weights imported by name: ImageNet ResNeSt-101e or smp PSPNet .pth");
  sub.add_option("--workers", a->workers, "data loading threads")->capture_default_str();
  sub.add_option("--patch-size", a->patchSize, "training images/masks are resized to this square size (0 = keep)")
      ->capture_default_str();
  sub.add_option("--max-steps-per-epoch", a->maxSteps, "cap the steps per epoch (0 = all; smoke runs)")->capture_default_str();
  sub.add_flag("--no-val", a->noVal, "skip the per-epoch validation (best.pt is then the last epoch)");
  sub.add_flag("--no-test", a->noTest, "skip the final test-split evaluation");
  sub.add_flag("--resume", a->resume, "continue RUN from checkpoints/last.pt");
  return [a](Context& ctx) {
    train::MutualTrainerOptions o;
    o.dataRoot = a->data;
    o.datasetHint = ctx.common.dataset;
    o.masksDir = a->masks;
    o.editsDir = a->edits;
    o.reviewFile = a->review;
    o.runDir = a->out;
    o.peers = train::parsePeerMode(a->peers);
    o.epochs = a->epochs;
    o.batchSize = a->batch;
    o.lr = a->lr;
    o.momentum = a->momentum;
    o.weightDecay = a->weightDecay;
    o.dropout = a->dropout;
    o.widthDivisor = a->widthDivisor;
    o.initWeights = a->init;
    o.onInitReport = [](const std::string& report) { std::cout << report << std::endl; };
    o.workers = a->workers;
    o.patchSize = a->patchSize;
    o.maxStepsPerEpoch = a->maxSteps;
    o.validate = !a->noVal;
    o.finalTest = !a->noTest;
    o.seed = static_cast<std::uint64_t>(ctx.common.seed);
    o.device = deviceForRank(resolveDeviceName(ctx.common.device), ctx);
    o.dataParallel = ctx.dataParallel.get();
    o.precision = a->precision;
    o.resume = a->resume;
    train::validateStage2Options(o);  // the pipeline's stage 2 is checked by the same function
    if (!o.initWeights.empty() && !std::filesystem::exists(o.initWeights))
      throw InputError(o.initWeights.string(), "no such file (--init)");
    OutputGuard guard;  // the run's files may not land on --init (e.g. --init RUN/checkpoints/final.pt)
    guard.addInput(o.initWeights);
    guard.addInputs(std::vector<std::filesystem::path>{o.masksDir, o.editsDir, o.reviewFile});
    const run::RunLayout layout(o.runDir);
    guard.claimOutput(layout.config(), "--out");
    guard.claimOutput(layout.metrics(), "--out");
    guard.claimOutput(layout.lastCheckpoint(), "--out");
    guard.claimOutput(layout.bestCheckpoint(), "--out");
    guard.claimOutput(layout.peerLastCheckpoint(1), "--out");
    guard.claimOutput(layout.peerLastCheckpoint(2), "--out");
    if (!o.resume && std::filesystem::exists(layout.lastCheckpoint()))
      throw InputError(o.runDir.string(), "already holds a training run; pass --resume to continue it or choose another --out");

    const data::Dataset dataset = data::Dataset::open(o.dataRoot, o.datasetHint);  // opened once, here
    const train::MutualTrainResult r = train::trainMutual(dataset, o, CancelToken::global(), *ctx.events);
    if (ctx.dataParallel && !ctx.dataParallel->world().isRankZero()) return 0;  // rank 0 reports
    std::cout << "stage 2: " << r.trainImages << " training patches (" << r.maskSet.value("corrected", 0)
              << " corrected, " << r.maskSet.value("excluded", 0) << " rejected left out), " << r.epochsCompleted
              << " epochs, last loss " << r.lastLoss;
    if (r.bestEpoch >= 0) std::cout << ", best val mIoU " << r.bestValMiou << " (epoch " << r.bestEpoch << ")";
    std::cout << "\n  model: " << r.bestCheckpoint.string() << "\n";
    if (r.test) std::cout << "  test: " << eval::toText(*r.test);
    return 0;
  };
}

}  // namespace arml::cli
