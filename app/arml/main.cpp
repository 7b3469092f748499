// `arml`: the headless command line of ARML Studio. Links only the engine (no Qt).
#include <cstdint>
#include <iostream>
#include <map>

#include "cli_context.h"
#include "compute/compute.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "core/image_limits.h"
#include "core/out_of_memory.h"
#include "data_parallel_job.h"
#include "distributed/data_parallel_group.h"
#include "local_launcher.h"

using namespace arml;

int main(int argc, char** argv) {
  CLI::App app{"arml — weakly supervised tissue segmentation (ARML) for H&E histology"};
  app.require_subcommand(1);
  app.fallthrough();  // common options may also follow the subcommand
  app.set_version_flag("--version", std::string("arml ") + ARML_VERSION);

  cli::Context ctx;
  auto& c = ctx.common;
  app.add_option("--device", c.device, "auto | cpu | cuda[:N]")->capture_default_str();
  app.add_option("--threads", c.threads, "compute threads (0 = all cores)")->capture_default_str();
  app.add_option("--seed", c.seed, "random seed")->capture_default_str();
  app.add_option("--events", c.events, "write progress events as JSON lines to FILE, or - for stdout");
  app.add_option("--dataset", c.dataset, "auto | bcss | luad | wsss4luad | csv")->capture_default_str();
  std::uint64_t maxPixels = 0;  // 0: ARML_MAX_IMAGE_PIXELS or the default (core/image_limits.h)
  app.add_option("--max-image-pixels", maxPixels,
                 "refuse images whose header declares more pixels than this before decoding them (default " +
                     std::to_string(kDefaultMaxImagePixels) + " = 16384x16384, or ARML_MAX_IMAGE_PIXELS; "
                     "whole slides are read by tiles and not affected)");

  app.add_option("--nproc", c.nproc,
                 "train-cls, train-seg, pipeline: run as N local worker processes (data parallel: one per GPU, or CPU processes); "
                 "the global batch stays --batch");
  app.add_flag("--sync-batch-norm", c.syncBatchNorm,
               "data-parallel training: BatchNorm normalises with the whole global batch's statistics, exchanged "
               "between the processes (SyncBN; slower); without it each process uses its own slice's, as PyTorch DDP");

  std::map<CLI::App*, cli::Runner> runners;
  for (const auto& spec : cli::commandTable()) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.description);
    runners[sub] = spec.registrar(*sub, ctx);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }

  std::string command;
  for (auto& [sub, run] : runners)
    if (sub->parsed()) command = sub->get_name();

  int exitCode = kExitOk;
  try {
    if (c.nproc > 1) {
      if (!cli::trainsDataParallel(command))
        throw InputError("--nproc " + std::to_string(c.nproc), "only train-cls, train-seg and pipeline train with several processes");
      return cli::runLocalWorkers(argc, argv, c.nproc);
    }
    ctx.dataParallel = cli::joinDataParallelJob(command, ctx);
    if (c.syncBatchNorm && !ctx.dataParallel)
      std::cerr << "note: --sync-batch-norm has no effect in one process (use --nproc N or a torchrun/Slurm job)\n";
    if (!c.events.empty() && (!ctx.dataParallel || ctx.dataParallel->world().isRankZero()))
      ctx.events = std::make_shared<EventSink>(c.events);
    if (maxPixels > 0) setMaxImagePixels(maxPixels);
    setComputeThreads(c.threads);
    installCancelSignalHandlers();
    for (auto& [sub, run] : runners)
      if (sub->parsed()) exitCode = run(ctx);
  } catch (const InputError& e) {
    exitCode = kExitBadInput;
    std::cerr << "error: " << e.what() << "\n";
    ctx.events->error(e.what(), exitCode);
  } catch (const Cancelled&) {
    exitCode = kExitCancelled;
    std::cerr << "cancelled\n";
  } catch (const std::exception& e) {
    // One line: LibTorch appends a stack trace to its messages.
    exitCode = kExitRuntime;
    const std::string message = (isOutOfMemory(e) ? "not enough memory: " : "") + firstLine(e.what());
    std::cerr << "error: " << message << "\n";
    ctx.events->error(message, exitCode);
  }
  ctx.events->done(exitCode);
  return exitCode;
}
