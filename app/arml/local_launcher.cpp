#include "local_launcher.h"

#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.h"

namespace arml::cli {
namespace {

constexpr int kMaxRanks = 1024;
volatile sig_atomic_t gRankCount = 0;
pid_t gRanks[kMaxRanks];  // written before gRankCount grows; read by the signal handler

void forwardToRanks(int sig) {
  for (int r = 0; r < gRankCount; ++r)
    if (gRanks[r] > 0) kill(gRanks[r], sig);
}

// A free TCP port on the loopback interface, for rank 0's store.
int freeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw RuntimeFailure(std::string("--nproc: no socket for the rendezvous port: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!ok) throw RuntimeFailure(std::string("--nproc: no free port on 127.0.0.1: ") + std::strerror(errno));
  return ntohs(addr.sin_port);
}

// The command line without "--nproc N" / "--nproc=N".
std::vector<std::string> workerArguments(int argc, char** argv) {
  std::vector<std::string> out;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--nproc") {
      ++i;
      continue;
    }
    if (a.rfind("--nproc=", 0) == 0) continue;
    out.push_back(a);
  }
  return out;
}

pid_t startRank(const std::vector<std::string>& args, int rank, int nproc, int port) {
  std::vector<char*> argvOut;
  for (const auto& a : args) argvOut.push_back(const_cast<char*>(a.c_str()));
  argvOut.push_back(nullptr);
  const std::string env[] = {"RANK=" + std::to_string(rank), "WORLD_SIZE=" + std::to_string(nproc),
                             "LOCAL_RANK=" + std::to_string(rank), "LOCAL_WORLD_SIZE=" + std::to_string(nproc),
                             "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + std::to_string(port)};
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw RuntimeFailure(std::string("--nproc: cannot start rank ") + std::to_string(rank) + ": " + std::strerror(errno));
  if (pid > 0) return pid;
  // The child: only async-signal-safe calls until exec.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(kExitRuntime);  // the launcher is already gone
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
  if (rank != 0) {
    const int devNull = open("/dev/null", O_WRONLY);
    if (devNull >= 0) dup2(devNull, STDOUT_FILENO);
  }
  execv("/proc/self/exe", argvOut.data());
  _exit(127);
}

std::string describeStatus(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("signal ") + strsignal(WTERMSIG(status));
  return "status " + std::to_string(status);
}

bool failed(int status) {
  return !(WIFEXITED(status) && (WEXITSTATUS(status) == kExitOk || WEXITSTATUS(status) == kExitCancelled));
}

}  // namespace

int runLocalWorkers(int argc, char** argv, int nproc) {
  if (nproc < 1 || nproc > kMaxRanks)
    throw InputError("--nproc " + std::to_string(nproc), "must be between 1 and " + std::to_string(kMaxRanks));
  const std::vector<std::string> args = workerArguments(argc, argv);
  const int port = freeLoopbackPort();
  struct sigaction forward {};
  forward.sa_handler = forwardToRanks;
  sigemptyset(&forward.sa_mask);
  sigaction(SIGINT, &forward, nullptr);
  sigaction(SIGTERM, &forward, nullptr);
  std::cout.flush();
  for (int r = 0; r < nproc; ++r) {
    gRanks[r] = startRank(args, r, nproc, port);
    gRankCount = r + 1;
  }

  std::vector<int> statuses(nproc, -1);
  int running = nproc, firstFailure = -1;
  auto deadline = std::chrono::steady_clock::time_point::max();
  while (running > 0) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, firstFailure < 0 ? 0 : WNOHANG);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) break;
    if (pid == 0) {  // a rank failed; the others are ending
      if (std::chrono::steady_clock::now() > deadline) {
        forwardToRanks(SIGKILL);
        deadline = std::chrono::steady_clock::time_point::max();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    for (int r = 0; r < nproc; ++r) {
      if (gRanks[r] != pid) continue;
      statuses[r] = status;
      gRanks[r] = -1;
      --running;
      if (failed(status) && firstFailure < 0) {
        firstFailure = r;
        std::cerr << "error: rank " << r << " of " << nproc << " failed (" << describeStatus(status)
                  << "); ending the other ranks\n";
        forwardToRanks(SIGTERM);
        deadline = std::chrono::steady_clock::now() + kGraceSeconds;
      }
    }
  }
  if (firstFailure < 0) return WEXITSTATUS(statuses[0]);
  // A rank that read bad input ends the others with collective errors (exit 3), which may be reaped
  // first: the job says bad input whenever a rank did, so that scripts see what the user must fix.
  for (const int status : statuses)
    if (WIFEXITED(status) && WEXITSTATUS(status) == kExitBadInput) return kExitBadInput;
  const int s = statuses[firstFailure];
  return WIFEXITED(s) ? WEXITSTATUS(s) : kExitRuntime;
}

}  // namespace arml::cli
