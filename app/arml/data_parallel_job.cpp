#include "data_parallel_job.h"

#include <iostream>

#include "core/errors.h"
#include "distributed/data_parallel_group.h"
#include "distributed/world_spec.h"

namespace arml::cli {

bool trainsDataParallel(const std::string& command) { return command == "train-cls" || command == "train-seg" || command == "pipeline"; }

std::shared_ptr<distributed::DataParallelGroup> joinDataParallelJob(const std::string& command, Context& ctx) {
  if (!trainsDataParallel(command)) return nullptr;
  const auto world = distributed::worldFromEnvironment(distributed::processEnvironment());
  if (!world) return nullptr;
  if (!world->isRankZero()) ctx.events = std::make_shared<EventSink>();  // rank 0 reports for the job
  auto group = std::make_shared<distributed::DataParallelGroup>(*world);
  group->setSyncBatchNorm(ctx.common.syncBatchNorm);
  return group;
}

std::string deviceForRank(const std::string& device, const Context& ctx) {
  if (!ctx.dataParallel || device != "cuda") return device;
  return "cuda:" + std::to_string(ctx.dataParallel->world().localRank);
}

}  // namespace arml::cli
