#include "run/run_layout.h"

#include <stdexcept>

namespace arml::run {
namespace fs = std::filesystem;

namespace {
void checkStage(int stage, const char* what) {
  if (stage != 1 && stage != 2)
    throw std::invalid_argument(std::string(what) + ": stage must be 1 or 2, got " + std::to_string(stage));
}
}  // namespace

std::string RunLayout::id() const {
  const fs::path name = root_.filename();
  return name.empty() ? root_.parent_path().filename().string() : name.string();
}

fs::path RunLayout::peerLastCheckpoint(int peer) const {
  if (peer < 1) throw std::invalid_argument("peerLastCheckpoint: peer must be 1 or more, got " + std::to_string(peer));
  return checkpoints() / ("last-peer" + std::to_string(peer) + ".pt");
}

fs::path RunLayout::keptModel(int stage) const {
  checkStage(stage, "keptModel");
  return checkpoints() / ("stage" + std::to_string(stage) + ".pt");
}

RunLayout RunLayout::stageRun(int stage) const {
  checkStage(stage, "stageRun");
  return RunLayout(root_ / ("stage" + std::to_string(stage)));
}

fs::path projectRunsDir(const fs::path& project) { return project / "runs"; }

}  // namespace arml::run
