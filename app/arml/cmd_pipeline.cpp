// `arml pipeline --data ROOT --out RUN [--preset paper|cpu-demo] [--config FILE] [--set k=v]...`
#include "cli_context.h"
#include "run_pipeline_command.h"

namespace arml::cli {

Runner registerPipeline(CLI::App& sub, Context&) {
  auto a = std::make_shared<PipelineArgs>();
  sub.add_option("--data", a->data, "dataset root")->required();
  sub.add_option("--out", a->out, "run folder; re-running the same command continues where it stopped")->required();
  addPipelineOptions(sub, *a);
  return [a](Context& ctx) {
    runPipelineCommand(*a, ctx);
    return 0;
  };
}

}  // namespace arml::cli
