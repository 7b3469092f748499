#include "distributed/world_spec.h"

#include <cstdlib>

#include "core/errors.h"

extern char** environ;

namespace arml::distributed {

namespace {

const std::string* find(const Environment& env, const char* name) {
  const auto it = env.find(name);
  return it == env.end() || it->second.empty() ? nullptr : &it->second;
}

int integer(const Environment& env, const char* name, int fallback) {
  const std::string* text = find(env, name);
  if (!text) return fallback;
  std::size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text->size()) throw InputError(std::string(name) + "='" + *text + "' is not a whole number");
  return value;
}

// torchrun's names first, then Slurm's.
int firstInteger(const Environment& env, const char* name, const char* slurmName, int fallback) {
  return find(env, name) ? integer(env, name, fallback) : integer(env, slurmName, fallback);
}

}  // namespace

Environment processEnvironment() {
  Environment env;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text(*entry);
    const auto eq = text.find('=');
    if (eq != std::string::npos) env.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return env;
}

std::optional<WorldSpec> worldFromEnvironment(const Environment& env) {
  WorldSpec w;
  w.worldSize = firstInteger(env, "WORLD_SIZE", "SLURM_NTASKS", 1);
  if (w.worldSize <= 1) {
    if (find(env, "RANK") && integer(env, "RANK", 0) != 0)
      throw InputError("RANK=" + *find(env, "RANK") + " is set but WORLD_SIZE is not (or is 1)");
    return std::nullopt;
  }
  w.rank = firstInteger(env, "RANK", "SLURM_PROCID", -1);
  if (w.rank < 0 || w.rank >= w.worldSize)
    throw InputError("RANK (or SLURM_PROCID) must be in [0, " + std::to_string(w.worldSize) +
                     ") for WORLD_SIZE=" + std::to_string(w.worldSize) +
                     (w.rank < 0 ? ", and it is not set" : ", not " + std::to_string(w.rank)));
  w.localRank = firstInteger(env, "LOCAL_RANK", "SLURM_LOCALID", 0);
  if (w.localRank < 0) throw InputError("LOCAL_RANK must not be negative");
  if (const std::string* addr = find(env, "MASTER_ADDR")) w.masterAddr = *addr;
  w.masterPort = integer(env, "MASTER_PORT", w.masterPort);
  if (w.masterPort <= 0 || w.masterPort > 65535)
    throw InputError("MASTER_PORT=" + std::to_string(w.masterPort) + " is not a TCP port");
  const int timeout = integer(env, "ARML_COLLECTIVE_TIMEOUT", static_cast<int>(w.timeout.count()));
  if (timeout <= 0) throw InputError("ARML_COLLECTIVE_TIMEOUT must be a positive number of seconds");
  w.timeout = std::chrono::seconds(timeout);
  // torchrun's agent already serves the store at MASTER_ADDR:MASTER_PORT; rank 0 then joins it.
  if (const std::string* agent = find(env, "TORCHELASTIC_USE_AGENT_STORE")) w.rankZeroServesStore = *agent != "True";
  return w;
}

WorldSpec localWorld(int rank, int nproc, int port) {
  if (nproc < 1) throw InputError("--nproc must be at least 1, not " + std::to_string(nproc));
  if (rank < 0 || rank >= nproc) throw InputError("rank " + std::to_string(rank) + " outside --nproc " + std::to_string(nproc));
  WorldSpec w;
  w.rank = rank;
  w.worldSize = nproc;
  w.localRank = rank;
  w.masterPort = port;
  return w;
}

}  // namespace arml::distributed
