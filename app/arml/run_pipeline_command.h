#pragma once
// Shared by `arml pipeline` and `arml demo`: resolves the settings, tees the events into
// RUN/events.jsonl, runs the pipeline and prints the summary table.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_context.h"

namespace arml::cli {

struct PipelineArgs {
  std::string data, out, preset = "paper", configFile, deriveFrom;
  std::vector<std::string> overrides;  // --set key.path=value
  int minLabelPixels = 1;
};

// Registers --preset, --config, --set, --derive-labels-from-masks, --min-label-pixels on `sub`.
void addPipelineOptions(CLI::App& sub, PipelineArgs& args);

// preset <- config file <- flags <- --set, with the common options (device, seed) applied.
nlohmann::json resolvePipelineConfig(const PipelineArgs& args, const Context& ctx);

// Runs it in args.out and prints the three headline figures; returns the summary. One rank of a
// data-parallel job (ctx.dataParallel) when there is one: ranks other than 0 print nothing, return null.
nlohmann::json runPipelineCommand(const PipelineArgs& args, Context& ctx);

}  // namespace arml::cli
