#pragma once
// Where this process stands in a data-parallel job: its rank, the number of ranks and the
// rendezvous address. Read from the environment that torchrun and Slurm set (RANK, WORLD_SIZE,
// LOCAL_RANK, MASTER_ADDR, MASTER_PORT; SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID as fallbacks),
// or made for the N local worker processes of `--nproc N`. LibTorch-free.
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace arml::distributed {

struct WorldSpec {
  int rank = 0;
  int worldSize = 1;
  int localRank = 0;
  std::string masterAddr = "127.0.0.1";
  int masterPort = 29500;
  // A collective (or the rendezvous) that has not completed by then fails the job instead of
  // hanging: this is how a rank that died ends the others.
  std::chrono::seconds timeout{300};
  // Whether rank 0 serves the TCPStore; false under torchrun, whose agent serves it
  // (TORCHELASTIC_USE_AGENT_STORE=True).
  bool rankZeroServesStore = true;

  bool isDistributed() const { return worldSize > 1; }
  bool isRankZero() const { return rank == 0; }
};

using Environment = std::map<std::string, std::string>;

// The process's environment, as a map (so that readers are testable).
Environment processEnvironment();

// The job this process belongs to when the environment describes one (WORLD_SIZE > 1, or a
// Slurm step with more than one task); nullopt when it does not. Inconsistent values (a rank
// outside [0, WORLD_SIZE), a port that is not a number, RANK without WORLD_SIZE...) are an
// InputError naming the variable.
std::optional<WorldSpec> worldFromEnvironment(const Environment& env);

// Rank `rank` of `nproc` local processes rendezvousing on 127.0.0.1:port.
WorldSpec localWorld(int rank, int nproc, int port);

}  // namespace arml::distributed
