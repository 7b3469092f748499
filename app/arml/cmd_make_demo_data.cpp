// `arml make-demo-data --out DIR`: synthetic H&E-like patches with exact masks, LUAD-HistoSeg layout.
#include <iostream>

#include "cli_context.h"
#include "core/cancel_token.h"
#include "data/synthetic_dataset.h"

namespace arml::cli {

Runner registerMakeDemoData(CLI::App& sub, Context&) {
  auto out = std::make_shared<std::string>();
  auto opts = std::make_shared<data::SyntheticOptions>();
  sub.add_option("--out", *out, "output folder (train/, train_mask/, val/, test/)")->required();
  sub.add_option("--train", opts->train, "training patches")->capture_default_str();
  sub.add_option("--val", opts->val, "validation patches")->capture_default_str();
  sub.add_option("--test", opts->test, "test patches")->capture_default_str();
  sub.add_option("--patch-size", opts->patchSize, "patch width and height in pixels")->capture_default_str();
  sub.footer("The global --seed selects the patches; the same seed gives the same files.");
  return [out, opts](Context& ctx) {
    opts->seed = std::uint64_t(ctx.common.seed);
    const auto s = data::writeSyntheticDataset(*out, *opts, CancelToken::global());
    std::cout << "wrote " << s.train << " training, " << s.val << " val and " << s.test << " test patches to " << *out
              << " (training patches per class TE/NEC/LYM/TAS: " << s.trainImagesPerClass[0] << "/"
              << s.trainImagesPerClass[1] << "/" << s.trainImagesPerClass[2] << "/" << s.trainImagesPerClass[3] << ")\n";
    ctx.events->artifact("dataset", *out);
    return 0;
  };
}

}  // namespace arml::cli
