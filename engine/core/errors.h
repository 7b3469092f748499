#pragma once
// Error types that map to the CLI exit codes of DESIGN.md:
//   InputError      -> 2   bad usage or bad input (a file, a flag, a dataset folder)
//   RuntimeFailure  -> 3   something went wrong while running (NaN loss, disk full, ...)
//   Cancelled       -> 130 the user stopped the job (after a checkpoint was saved)
// Messages are one line and name the file and the problem: "<path>: <what is wrong>".
#include <stdexcept>
#include <string>

namespace arml {

enum ExitCode : int { kExitOk = 0, kExitBadInput = 2, kExitRuntime = 3, kExitCancelled = 130 };

class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
  // "<path>: <problem>"
  InputError(const std::string& path, const std::string& problem)
      : std::runtime_error(path + ": " + problem) {}
};

class RuntimeFailure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Cancelled : public std::runtime_error {
public:
  Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace arml
