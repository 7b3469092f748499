// `arml`: the headless command line of ARML Studio. Links only the engine (no Qt).
#include <iostream>
#include <map>

#include "cli_context.h"
#include "core/cancel_token.h"
#include "core/compute.h"
#include "core/errors.h"

using namespace arml;

int main(int argc, char** argv) {
  CLI::App app{"arml — weakly supervised tissue segmentation (ARML) for H&E histology"};
  app.require_subcommand(1);
  app.fallthrough();  // common options may also follow the subcommand
  app.set_version_flag("--version", std::string("arml ") + ARML_VERSION);

  cli::Context ctx;
  auto& c = ctx.common;
  app.add_option("--device", c.device, "auto | cpu | cuda[:N]")->capture_default_str();
  app.add_option("--threads", c.threads, "compute threads (0 = all cores)")->capture_default_str();
  app.add_option("--seed", c.seed, "random seed")->capture_default_str();
  app.add_option("--events", c.events, "write progress events as JSON lines to FILE, or - for stdout");
  app.add_option("--dataset", c.dataset, "auto | bcss | luad | wsss4luad | csv")->capture_default_str();

  std::map<CLI::App*, cli::Runner> runners;
  for (const auto& spec : cli::commandTable()) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.description);
    runners[sub] = spec.registrar(*sub, ctx);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }

  int exitCode = kExitOk;
  try {
    if (!c.events.empty()) ctx.events = std::make_shared<EventSink>(c.events);
    setComputeThreads(c.threads);
    installCancelSignalHandlers();
    for (auto& [sub, run] : runners)
      if (sub->parsed()) exitCode = run(ctx);
  } catch (const InputError& e) {
    exitCode = kExitBadInput;
    std::cerr << "error: " << e.what() << "\n";
    ctx.events->error(e.what(), exitCode);
  } catch (const Cancelled&) {
    exitCode = kExitCancelled;
    std::cerr << "cancelled\n";
  } catch (const std::exception& e) {
    exitCode = kExitRuntime;
    std::cerr << "error: " << e.what() << "\n";
    ctx.events->error(e.what(), exitCode);
  }
  ctx.events->done(exitCode);
  return exitCode;
}
