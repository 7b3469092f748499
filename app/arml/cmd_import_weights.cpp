// arml import-weights --from FILE(.pth|.pt|.tar|.params) --arch resnet38d|resnet38d-lite|pspnet --out CKPT
//   [--sha256 HEX]
// Reads a third-party or reference weight file, copies it by name into the chosen network, prints
// the import report and writes an ARML checkpoint holding the network's complete state. The import
// policy (refusal when nothing or too little matches) is models/initial_weights.h's. With --sha256
// the file must have that SHA-256 (or one starting so) before anything is read or written.
#include <iostream>
#include <memory>

#include <torch/torch.h>

#include "cli_context.h"
#include "file_sha256.h"
#include "core/errors.h"
#include "core/output_guard.h"
#include "models/checkpoint.h"
#include "models/initial_weights.h"
#include "models/pspnet.h"
#include "models/resnet38d_classifier.h"
#include "models/state_dict_import.h"

namespace arml::cli {

namespace {

struct ImportWeightsOptions {
  std::string from;
  std::string arch = "resnet38d";
  std::string out;
  int classes = 4;
  std::string ars = "off";
  int widthDivisor = 1;  // pspnet only; resnet38d-lite is the 1/8-width ResNet38d
  std::vector<std::string> skipMismatch;
  bool strict = false;
  std::string sha256;  // expected sum or its start; empty: not checked
};

int run(const ImportWeightsOptions& o, Context& ctx) {
  using namespace arml::models;
  OutputGuard guard;
  guard.addInput(o.from);
  guard.claimOutput(o.out, o.from);
  if (!o.sha256.empty()) {
    verifySha256(o.from, o.sha256);  // InputError naming the file: exit 2, nothing written
    std::cout << o.from << ": SHA-256 matches " << o.sha256 << std::endl;
  }
  const bool isPsp = o.arch == "pspnet";
  std::shared_ptr<torch::nn::Module> net;
  nlohmann::json meta = {{"arch", o.arch}, {"classes", o.classes}};
  if (isPsp) {
    PSPNetOptions p;
    p.numClasses = o.classes;
    p.widthDivisor = o.widthDivisor;
    net = PSPNet(p).ptr();
    meta["width_divisor"] = o.widthDivisor;
  } else {
    ClassifierOptions c;
    c.widthDivisor = widthDivisorForArch(o.arch);  // InputError for unknown names
    c.classes = o.classes;
    c.ars = parseArsMode(o.ars);
    net = Resnet38dClassifier(c).ptr();
    meta["ars"] = toString(c.ars);
  }

  const StateDict weights = loadStateDict(o.from);
  InitialWeightsOptions options;
  options.skipHeadMismatch = false;  // another class count is refused unless --skip-mismatch fc8.
  options.extraSkipMismatchPrefixes = o.skipMismatch;
  options.strict = o.strict;
  // Refuses (exit 2, with the report summary) when nothing or too little matches; initial_weights.h.
  const ImportReport report =
      importInitialWeights(*net, weights, isPsp ? WeightTarget::Segmenter : WeightTarget::Classifier, options);
  std::cout << report.toString() << std::endl;

  Checkpoint checkpoint;
  checkpoint.model = moduleStateDict(*net);
  meta["imported_from"] = o.from;
  meta["import_format"] = weightFileFormatName(weights.format);
  meta["import_summary"] = report.summary();
  checkpoint.meta = meta;
  saveCheckpoint(o.out, checkpoint);
  ctx.events->artifact("checkpoint", o.out);
  std::cout << "wrote " << o.out << std::endl;
  return 0;
}

}  // namespace

Runner registerImportWeights(CLI::App& sub, Context&) {
  auto o = std::make_shared<ImportWeightsOptions>();
  sub.add_option("--from", o->from, "weight file: PyTorch .pth/.pt (zip or legacy) or MXNet .params")->required();
  sub.add_option("--arch", o->arch, "network the weights are for")
      ->check(CLI::IsMember({"resnet38d", "resnet38d-lite", "pspnet"}));
  sub.add_option("--out", o->out, "checkpoint to write")->required();
  sub.add_option("--classes", o->classes, "number of classes of the network (default 4)");
  sub.add_option("--ars", o->ars, "resnet38d: ARS modules off|reference|intended (default off)");
  sub.add_option("--width-divisor", o->widthDivisor, "pspnet: channel width divisor (1 = reference)");
  sub.add_option("--skip-mismatch", o->skipMismatch,
                 "name prefixes whose shape mismatches are skipped instead of refused, e.g. fc8.");
  sub.add_flag("--strict", o->strict, "fail when any weight is missing or unexpected");
  sub.add_option("--sha256", o->sha256,
                 "refuse the file unless its SHA-256 is HEX (or starts with HEX, at least 8 digits)");
  return [o](Context& ctx) { return run(*o, ctx); };
}

}  // namespace arml::cli
