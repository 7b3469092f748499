// `arml train-cls --data ROOT --out RUN [--arch resnet38d|resnet38d-lite] [--ars reference|intended|off]
//  [--epochs N --batch N --lr X --init FILE --resume] [--nproc N]`: stage-1 classifier training (spec §2),
// checkpointing every epoch to RUN/checkpoints/last.pt and writing RUN/checkpoints/final.pt.
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
#include "train/pipeline_config.h"
#include "train/stage1_trainer.h"

namespace arml::cli {

Runner registerTrainCls(CLI::App& sub, Context&) {
  struct Args {
    std::string data, out, arch = "resnet38d", ars = "reference", ccaSoftmax = "query-rows", init, freeze = "auto",
                precision = "fp32";
    int epochs = 20, batch = 20, workers = 2, arsFromEpoch = 2, patchSize = 224;
    double lr = 0.01, weightDecay = 5e-4, momentum = -1;
    long maxSteps = 0;
    bool resume = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--data", a->data, "dataset root (its training split is used)")->required();
  sub.add_option("--out", a->out, "run folder (config.json, metrics.csv, checkpoints/)")->required();
  sub.add_option("--arch", a->arch, "resnet38d | resnet38d-lite (1/8 width, for CPUs)")->capture_default_str();
  sub.add_option("--ars", a->ars,
                 "activation relocalization: reference (as the published code runs) | intended (train "
                 "CCA gamma and AMM MLP, momentum 0.9) | off")
      ->capture_default_str();
  sub.add_option("--cca-softmax", a->ccaSoftmax, "query-rows (reference) | keys (CCNet)")->capture_default_str();
  sub.add_option("--ars-from-epoch", a->arsFromEpoch, "first epoch (0-based) with ARS")->capture_default_str();
  sub.add_option("--epochs", a->epochs, "epochs")->capture_default_str();
  sub.add_option("--batch", a->batch, "images per step")->capture_default_str();
  sub.add_option("--lr", a->lr, "base learning rate (conv weights; biases 2x, fc8 10x)")->capture_default_str();
  sub.add_option("--weight-decay", a->weightDecay, "weight decay")->capture_default_str();
  sub.add_option("--momentum", a->momentum, "SGD momentum (default: 5e-4 as the reference, 0.9 with --ars intended)");
  sub.add_option("--init", a->init, "initial weights: ARML checkpoint, reference .pth or MXNet .params");
  sub.add_option("--freeze", a->freeze,
                 "reference (conv1a/b2* and BatchNorms frozen, needs pretrained --init) | none (all learn) | "
                 "auto (reference with --init, none without)")
      ->capture_default_str();
  sub.add_option("--precision", a->precision, "fp32 | bf16 | fp16 (CUDA, loss scaling) | auto (bf16 where the GPU has it)")
      ->capture_default_str();
  sub.add_option("--workers", a->workers, "data loading threads")->capture_default_str();
  sub.add_option("--patch-size", a->patchSize, "training images are resized to this square size (0 = keep)")
      ->capture_default_str();
  sub.add_option("--max-steps-per-epoch", a->maxSteps, "cap the steps per epoch (0 = all; smoke runs)")
      ->capture_default_str();
  sub.add_flag("--resume", a->resume, "continue RUN from checkpoints/last.pt");
  return [a](Context& ctx) {
    train::Stage1TrainerOptions o;
    o.dataRoot = a->data;
    o.datasetHint = ctx.common.dataset;
    o.runDir = a->out;
    o.widthDivisor = models::widthDivisorForArch(a->arch);
    o.ars = models::parseArsMode(a->ars);
    if (a->ccaSoftmax == "keys") o.ccaSoftmax = models::CcaSoftmax::Keys;
    else if (a->ccaSoftmax != "query-rows")
      throw InputError("--cca-softmax " + a->ccaSoftmax, "unknown axis (use query-rows or keys)");
    o.arsFromEpoch = a->arsFromEpoch;
    o.epochs = a->epochs;
    o.batchSize = a->batch;
    o.lr = a->lr;
    o.weightDecay = a->weightDecay;
    if (a->momentum >= 0) o.momentum = a->momentum;
    o.initWeights = a->init;
    o.onInitReport = [](const std::string& report) { std::cout << report << std::endl; };
    o.freeze = a->freeze;
    o.workers = a->workers;
    o.patchSize = a->patchSize;
    o.maxStepsPerEpoch = a->maxSteps;
    o.seed = static_cast<std::uint64_t>(ctx.common.seed);
    o.device = deviceForRank(resolveDeviceName(ctx.common.device), ctx);
    o.dataParallel = ctx.dataParallel.get();
    o.precision = a->precision;
    o.resume = a->resume;
    train::validateStage1Options(o);  // the pipeline's stage 1 is checked by the same function
    if (!o.initWeights.empty() && !std::filesystem::exists(o.initWeights))
      throw InputError(o.initWeights.string(), "no such file (--init)");
    OutputGuard guard;  // the run's files may not land on --init (e.g. --init RUN/checkpoints/final.pt)
    guard.addInput(o.initWeights);
    const run::RunLayout layout(o.runDir);
    guard.claimOutput(layout.config(), "--out");
    guard.claimOutput(layout.metrics(), "--out");
    guard.claimOutput(layout.lastCheckpoint(), "--out");
    guard.claimOutput(layout.finalCheckpoint(), "--out");
    const auto last = layout.lastCheckpoint();
    if (!o.resume && std::filesystem::exists(last))
      throw InputError(o.runDir.string(), "already holds a training run; pass --resume to continue it or choose another --out");

    const data::Dataset dataset = data::Dataset::open(o.dataRoot, o.datasetHint);  // opened once, here
    const train::Stage1TrainResult r = train::trainStage1(dataset, o, CancelToken::global(), *ctx.events);
    if (ctx.dataParallel && !ctx.dataParallel->world().isRankZero()) return 0;  // rank 0 reports
    std::cout << "stage 1: " << r.epochsCompleted << " epochs, " << r.globalSteps << " steps, last epoch loss "
              << r.lastEpochLoss << "\n  model: " << r.finalCheckpoint.string() << "\n";
    return 0;
  };
}

}  // namespace arml::cli
