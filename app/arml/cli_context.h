#pragma once
// What every `arml` subcommand shares: the common options and the event sink.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/event_sink.h"

namespace arml::distributed {
class DataParallelGroup;
}

namespace arml::cli {

struct CommonOptions {
  std::string device = "auto";
  int threads = 0;  // 0 = all cores
  long seed = 0;
  std::string events;  // FILE or "-"
  std::string dataset = "auto";
  int nproc = 0;  // --nproc N: run as N local worker processes (local_launcher.h); 0/1: this one
  bool syncBatchNorm = false;  // --sync-batch-norm: BatchNorm statistics over all ranks (SyncBN)
};

struct Context {
  CommonOptions common;
  std::shared_ptr<EventSink> events = std::make_shared<EventSink>();
  // Set when this process is one rank of a data-parallel job (data_parallel_job.h); the training
  // commands hand it to their trainer.
  std::shared_ptr<distributed::DataParallelGroup> dataParallel;
};

// A subcommand registers its options on `sub` and returns the function that runs it.
// The function returns an exit code or throws InputError / RuntimeFailure / Cancelled.
using Runner = std::function<int(Context&)>;
using Registrar = Runner (*)(CLI::App& sub, Context& ctx);

struct CommandSpec {
  const char* name;
  const char* description;
  Registrar registrar;
};

// The table of subcommands (commands.cpp).
const std::vector<CommandSpec>& commandTable();

}  // namespace arml::cli
