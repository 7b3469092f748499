#pragma once
// One writer per output folder: an advisory lock (flock) on <folder>/.arml.lock, held for the
// lifetime of the object. The kernel drops it when the process ends in any way (exit, crash,
// kill -9), so a lock file left behind by a dead process never blocks; only a live writer does.
#include <filesystem>
#include <string>

namespace arml {

class FolderLock {
public:
  // Creates the folder when needed. Throws InputError naming the folder (and the pid that holds
  // it, when known) when another process holds the lock; RuntimeFailure when the lock file cannot
  // be created. `what` names the job for the message, e.g. "pseudo-masks".
  FolderLock(const std::filesystem::path& folder, const std::string& what);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  static std::filesystem::path lockFile(const std::filesystem::path& folder);

private:
  int fd_ = -1;
};

}  // namespace arml
