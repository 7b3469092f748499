#pragma once
// How an `arml` training command joins a data-parallel job (issue #13): as one of the N local worker
// processes that `--nproc N` starts (local_launcher.h), or as one rank of a job that torchrun or Slurm
// started (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT; distributed/world_spec.h).
#include <memory>
#include <string>

#include "cli_context.h"

namespace arml::cli {

// train-cls, train-seg, pipeline: the commands that train data-parallel and take --nproc.
bool trainsDataParallel(const std::string& command);

// For a data-parallel command in an environment that describes a job of more than one rank: joins it
// (blocks until every rank has, bounded by ARML_COLLECTIVE_TIMEOUT) and, on ranks other than 0, silences
// the events (only rank 0 reports). Other commands ignore the environment (a Slurm array step of
// `arml predict` is no training job). Returns null when this process trains alone.
std::shared_ptr<distributed::DataParallelGroup> joinDataParallelJob(const std::string& command, Context& ctx);

// "cuda" on a rank: the GPU of its local rank ("cuda:LOCAL_RANK"), one GPU per process; other devices
// (cpu, an explicit cuda:N) unchanged.
std::string deviceForRank(const std::string& device, const Context& ctx);

}  // namespace arml::cli
