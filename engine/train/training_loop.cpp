#include "train/training_loop.h"

#include <algorithm>

#include <torch/torch.h>

#include "core/atomic_file.h"
#include "core/errors.h"
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
  // Only now, with every check passed (a refused resume changes nothing), does the run folder change.
  fs::create_directories(layout_.checkpoints());
  run::writeTrainerConfig(layout_.config(), config);
}

void TrainingLoop::run(data::BatchLoader& loader, const Hooks& hooks, const CancelToken& cancel) {
  int epoch = startEpoch_;
  std::int64_t skip = skipSteps_;
  std::int64_t stepInEpoch = skip;  // what a resume after a cancel from here must redo
  try {
    for (; epoch < o_.epochs; ++epoch) {
      epochStart_ = std::chrono::steady_clock::now();
      loader.startEpoch(epoch);
      hooks.beginEpoch(epoch);
      for (std::int64_t i = 0; i < o_.stepsPerEpoch; ++i) {
        stepInEpoch = std::max(i, skip);
        cancel.throwIfCancelled();
        auto batch = loader.next(cancel);
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
    events_.artifact("checkpoint", last_.string());
    throw;
  } catch (const std::exception& e) {
    if (!isOutOfMemory(e)) throw;
    throw RuntimeFailure(outOfMemoryMessage(o_.stageLabel, o_.device, o_.batchSize, o_.batchSetting, last_.string()));
  }
}

void TrainingLoop::appendMetricsRow(const std::string& row) {
  metricsCsv_ += row;
  writeFileAtomically(layout_.metrics(), metricsCsv_);
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
