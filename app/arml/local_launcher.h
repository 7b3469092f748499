#pragma once
// `--nproc N`: the local launcher of a data-parallel job (issue #13). Starts N copies of the same
// `arml` command line without --nproc, as ranks 0..N-1 (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE,
// MASTER_ADDR=127.0.0.1, MASTER_PORT = a free port), the way torchrun would on one node.
//   output   — rank 0's stdout (the --events stream, the summary) passes through; the other ranks'
//              stdout is dropped, every rank's stderr passes through (errors name their rank).
//   signals  — SIGINT and SIGTERM are forwarded to every rank, so that Stop in the app ends all of them
//              and rank 0 writes last.pt (the ranks agree on the step to stop at). The ranks run in their
//              own process group (a terminal's Ctrl-C reaches them once, through the launcher) and die
//              with the launcher (PR_SET_PDEATHSIG).
//   failure  — when a rank fails (non-zero exit, or killed by a signal) the others get SIGTERM, and
//              SIGKILL after kGraceSeconds; the launcher names the rank and its exit status on stderr
//              and exits non-zero (the failed rank's exit code, or 3 after a signal).
// Returns the launcher's exit code: rank 0's when every rank ended the same way.
#include <chrono>

namespace arml::cli {

constexpr std::chrono::seconds kGraceSeconds{20};

int runLocalWorkers(int argc, char** argv, int nproc);

}  // namespace arml::cli
