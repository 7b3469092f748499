#include "core/cancel_token.h"

#include <csignal>

namespace arml {

CancelToken& CancelToken::global() {
  static CancelToken token;
  return token;
}

namespace {
static_assert(std::atomic<bool>::is_always_lock_free, "signal handler needs a lock-free flag");

void onSignal(int sig) {
  CancelToken::global().cancel();
  std::signal(sig, SIG_DFL);  // a second Ctrl-C ends the process immediately
}
}  // namespace

void installCancelSignalHandlers() {
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
}

}  // namespace arml
