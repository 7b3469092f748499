#include "train/training_loop.h"

#include <algorithm>

#include <torch/torch.h>

#include "compute/convolution_gradient_guard.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "distributed/data_parallel_group.h"
#include "run/run_files.h"
#include "tensors/batch_loader.h"
#include "train/poly_optimizer.h"
#include "train/rng_state.h"
#include "train/training_device.h"

namespace arml::train {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
const std::string kMomentumPrefix = "momentum_buffer/";
}

TrainingLoop::TrainingLoop(TrainingLoopOptions options, EventSink& events)
    : o_(std::move(options)),
      events_(events),
      layout_(o_.runDir),
      last_(layout_.lastCheckpoint()),
      metricsCsv_(o_.metricsHeader + "\n") {}

void TrainingLoop::begin(const json& config, const Hooks& hooks) {
  if (o_.resume && fs::exists(last_)) {
    const models::Checkpoint ck = models::loadCheckpoint(last_);
    if (ck.meta.value("config", json()) != config)
      throw InputError(last_.string(),
                       "was written with a different configuration; use another --out or " + o_.resumeOffHint);
    hooks.restore(ck);
    resumed_ = true;
    startEpoch_ = int(ck.epoch);
    skipSteps_ = ck.meta.value("step_in_epoch", std::int64_t(0));
    restoreRngState(ck.rngState);
    if (fs::exists(layout_.metrics())) {
      const auto bytes = readFileBytes(layout_.metrics());
      metricsCsv_.assign(bytes.begin(), bytes.end());
    }
    events_.emit("resume", {{"stage", o_.stage}, {"epoch", startEpoch_}, {"step", skipSteps_},
                            {"checkpoint", last_.string()}});
  }
  if (o_.dataParallel) checkRanksResumeAlike();
  if (!writesRunFolder()) return;
  // Only now, with every check passed (a refused resume changes nothing), does the run folder change.
  fs::create_directories(layout_.checkpoints());
  run::writeTrainerConfig(layout_.config(), config);
}

bool TrainingLoop::writesRunFolder() const { return !o_.dataParallel || o_.dataParallel->world().isRankZero(); }

// Rank 0's resume point against this rank's: a rank that could not read last.pt (a run folder not
// shared between nodes) would otherwise train other steps than the rest and hang the job.
void TrainingLoop::checkRanksResumeAlike() const {
  const at::Tensor mine = torch::tensor({std::int64_t(resumed_), std::int64_t(startEpoch_), skipSteps_});
  const at::Tensor rankZero = mine.clone();
  o_.dataParallel->broadcastFromRankZero({rankZero});
  if (!torch::equal(mine, rankZero))
    throw RuntimeFailure("rank " + std::to_string(o_.dataParallel->world().rank) + " resumes " + o_.stageLabel +
                         " at epoch " + std::to_string(startEpoch_) + ", step " + std::to_string(skipSteps_) +
                         " but rank 0 at epoch " + std::to_string(rankZero[1].item<std::int64_t>()) + ", step " +
                         std::to_string(rankZero[2].item<std::int64_t>()) + ": " + last_.string() +
                         " must be on a file system that every rank reads");
}

void TrainingLoop::throwIfAnyRankCancelled(const CancelToken& cancel) const {
  if (!o_.dataParallel) return cancel.throwIfCancelled();
  if (o_.dataParallel->anyRank(cancel.isCancelled())) throw Cancelled();
}

void TrainingLoop::run(data::BatchLoader& loader, const Hooks& hooks, const CancelToken& cancel) {
  int epoch = startEpoch_;
  std::int64_t skip = skipSteps_;
  std::int64_t stepInEpoch = skip;  // what a resume after a cancel from here must redo
  // Ranks of a data-parallel job stop only where all agree to (throwIfAnyRankCancelled), never inside
  // the loader, at a moment that differs between ranks.
  const CancelToken notCancelledHere;
  const CancelToken& loaderCancel = o_.dataParallel ? notCancelledHere : cancel;
  const ConvolutionGradientGuard rightGradients;
  if (ConvolutionGradientGuard::active()) events_.warning(ConvolutionGradientGuard::explanation());
  try {
    for (; epoch < o_.epochs; ++epoch) {
      epochStart_ = std::chrono::steady_clock::now();
      loader.startEpoch(epoch);
      hooks.beginEpoch(epoch);
      for (std::int64_t i = 0; i < o_.stepsPerEpoch; ++i) {
        stepInEpoch = std::max(i, skip);
        throwIfAnyRankCancelled(cancel);
        auto batch = loader.next(loaderCancel);
        if (!batch) break;
        if (i < skip) continue;
        hooks.step(epoch, i, *batch);
        stepInEpoch = i + 1;
      }
      skip = 0;
      stepInEpoch = o_.stepsPerEpoch;  // a cancel from here on resumes at this epoch's end (validation)
      hooks.endEpoch(epoch);
      stepInEpoch = 0;
    }
  } catch (const Cancelled&) {
    hooks.saveLast(epoch, stepInEpoch);
    if (writesRunFolder()) events_.artifact("checkpoint", last_.string());
    throw;
  } catch (const std::exception& e) {
    if (!isOutOfMemory(e)) throw;
    throw RuntimeFailure(outOfMemoryMessage(o_.stageLabel, o_.device, o_.batchSize, o_.batchSetting, last_.string()));
  }
}

void TrainingLoop::appendMetricsRow(const std::string& row) {
  metricsCsv_ += row;
  if (writesRunFolder()) writeFileAtomically(layout_.metrics(), metricsCsv_);
}

double TrainingLoop::epochSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart_).count();
}

models::Checkpoint trainingCheckpoint(models::StateDict model, const PolyOptimizer* optimizer, int epoch,
                                      std::int64_t stepInEpoch, json meta) {
  models::Checkpoint ck;
  ck.model = std::move(model);
  if (optimizer) {
    for (const auto& [name, buf] : optimizer->momentumBuffers())
      ck.optimizer.insert(kMomentumPrefix + name, buf.detach().to(torch::kCPU).clone());
    ck.step = optimizer->globalStep();
  }
  ck.epoch = epoch;
  ck.rngState = rngStateBytes();
  ck.meta = std::move(meta);
  ck.meta["step_in_epoch"] = stepInEpoch;
  return ck;
}

void restoreOptimizer(PolyOptimizer& optimizer, const models::Checkpoint& ck, const c10::Device& device,
                      const fs::path& source) {
  for (const auto& [key, t] : ck.optimizer) {
    if (key.rfind(kMomentumPrefix, 0) == 0 &&
        !optimizer.setMomentumBuffer(key.substr(kMomentumPrefix.size()), t.to(device)))
      throw InputError(source.string(), "momentum buffer for an unknown parameter: " + key);
  }
  optimizer.setGlobalStep(ck.step);
}

}  // namespace arml::train
