// `arml demo --out DIR`: synthetic H&E-like data (no download) and the cpu-demo pipeline on it.
#include <iostream>

#include "cli_context.h"
#include "core/cancel_token.h"
#include "data/synthetic_dataset.h"
#include "run_pipeline_command.h"

namespace arml::cli {

Runner registerDemo(CLI::App& sub, Context&) {
  auto a = std::make_shared<PipelineArgs>();
  auto synth = std::make_shared<data::SyntheticOptions>();
  synth->train = 160;
  synth->val = 16;
  synth->test = 24;
  a->preset = "cpu-demo";
  sub.add_option("--out", a->out, "demo folder: DIR/data (generated) and DIR/run (the pipeline)")->required();
  sub.add_option("--train", synth->train, "synthetic training patches")->capture_default_str();
  sub.add_option("--val", synth->val, "synthetic validation patches")->capture_default_str();
  sub.add_option("--test", synth->test, "synthetic test patches")->capture_default_str();
  addPipelineOptions(sub, *a);
  return [a, synth](Context& ctx) {
    const std::filesystem::path dir = a->out;
    const std::filesystem::path dataDir = dir / "data";
    synth->seed = static_cast<std::uint64_t>(ctx.common.seed);
    if (!std::filesystem::exists(dataDir / "test")) {
      std::cout << "generating synthetic demo data in " << dataDir.string() << " ...\n";
      data::writeSyntheticDataset(dataDir, *synth, CancelToken::global());
    }
    PipelineArgs run = *a;
    run.data = dataDir.string();
    run.out = (dir / "run").string();
    runPipelineCommand(run, ctx);
    return 0;
  };
}

}  // namespace arml::cli
