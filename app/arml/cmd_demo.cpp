// `arml demo --out DIR`: synthetic H&E-like data (no download) and the cpu-demo pipeline on it,
// laid out as a project folder that arml-studio opens as it is (`arml-studio DIR`): DIR/project.json,
// DIR/data (generated), DIR/runs/demo (the pipeline's run, its pseudo masks reviewable at once).
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "core/atomic_file.h"
#include "core/cancel_token.h"
#include "data/synthetic_dataset.h"
#include "run_pipeline_command.h"

namespace arml::cli {

namespace {

// The app's project format (ui/project.cpp, format 1) with its default folders; the classes are
// left to the app, which reads them from the dataset when it opens the project. An existing
// project.json (the user's classes, names, hotkeys) is kept as it is.
void writeDemoProjectFile(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / "project.json";
  if (std::filesystem::exists(file)) return;
  const nlohmann::json project{{"format", "arml-studio-project"}, {"version", 1},   {"name", "ARML demo"},
                               {"dataset", "data"},                {"runs", "runs"}, {"masks", "masks"},
                               {"edits", "edits"}};
  for (const char* folder : {"masks", "edits"}) std::filesystem::create_directories(dir / folder);
  writeFileAtomically(file, project.dump(2) + "\n");
}

}  // namespace

Runner registerDemo(CLI::App& sub, Context&) {
  auto a = std::make_shared<PipelineArgs>();
  auto synth = std::make_shared<data::SyntheticOptions>();
  synth->train = 160;
  synth->val = 16;
  synth->test = 24;
  a->preset = "cpu-demo";
  sub.add_option("--out", a->out,
                 "demo project folder: DIR/project.json, DIR/data (generated), DIR/runs/demo (the pipeline); "
                 "open it with arml-studio DIR")
      ->required();
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
    writeDemoProjectFile(dir);
    PipelineArgs run = *a;
    run.data = dataDir.string();
    run.out = (dir / "runs" / "demo").string();
    runPipelineCommand(run, ctx);
    std::cout << "  project:      " << dir.string() << "  (open it with: arml-studio " << dir.string() << ")\n";
    return 0;
  };
}

}  // namespace arml::cli
