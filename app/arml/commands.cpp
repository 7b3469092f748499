// The subcommands of `arml`, in the order `arml --help` lists them. Each lives in cmd_<name>.cpp.
#include "cli_context.h"

namespace arml::cli {

Runner registerVersionInfo(CLI::App& sub, Context& ctx);
Runner registerBench(CLI::App& sub, Context& ctx);
Runner registerImportWeights(CLI::App& sub, Context& ctx);
Runner registerCams(CLI::App& sub, Context& ctx);
Runner registerPseudoMasks(CLI::App& sub, Context& ctx);
Runner registerInspectData(CLI::App& sub, Context& ctx);
Runner registerMakeDemoData(CLI::App& sub, Context& ctx);
Runner registerTrainCls(CLI::App& sub, Context& ctx);
Runner registerPipeline(CLI::App& sub, Context& ctx);
Runner registerDemo(CLI::App& sub, Context& ctx);
Runner registerTrainSeg(CLI::App& sub, Context& ctx);
Runner registerEvaluate(CLI::App& sub, Context& ctx);
Runner registerPredict(CLI::App& sub, Context& ctx);
Runner registerReviewScores(CLI::App& sub, Context& ctx);
Runner registerReviewSummary(CLI::App& sub, Context& ctx);
Runner registerAnnotations(CLI::App& sub, Context& ctx);

const std::vector<CommandSpec>& commandTable() {
  static const std::vector<CommandSpec> table = {
      {"demo", "generate synthetic demo data and run the cpu-demo pipeline on it (minutes on 2 cores)", registerDemo},
      {"pipeline", "stage 1 -> pseudo masks -> stage 2 -> evaluation in one resumable run folder", registerPipeline},
      {"info", "print versions of the engine's libraries and the compute device", registerVersionInfo},
      {"bench", "measure throughput and peak memory", registerBench},
      {"import-weights", "import .pth/.params weights into a network and write an ARML checkpoint", registerImportWeights},
      {"cams", "class activation maps of images: plain, relocalized or Grad-CAM (overlays, --npy raw maps)", registerCams},
      {"pseudo-masks", "Grad-CAM pseudo masks of a training split: OUT/<layer>/<stem>.png (resumable)", registerPseudoMasks},
      {"inspect-data", "show a dataset's detected layout, classes, counts per split and class, and problems", registerInspectData},
      {"make-demo-data", "write synthetic H&E-like patches with exact masks (LUAD-HistoSeg layout)", registerMakeDemoData},
      {"train-cls", "stage 1: train the ResNet38d classifier (ARS, poly SGD); checkpoints every epoch, --resume", registerTrainCls},
      {"train-seg", "stage 2: train the PSPNet-ResNeSt segmenter on pseudo masks (SWV + SRM mutual learning), --resume", registerTrainSeg},
      {"evaluate", "score a stage-2 segmenter on a val/test split (mIoU, FwIoU, Dice, confusion matrix; --json/--csv)", registerEvaluate},
      {"predict", "segment an image (mask PNG, probabilities .npy, overlay) or a whole slide (pyramidal TIFF)", registerPredict},
      {"review-scores", "per training patch (and slide patch with --review), the review queue's sort keys: relocalization change, stage-2 peer disagreement", registerReviewScores},
      {"review-summary", "what reviewers changed: pixels per class and the generated -> corrected confusion matrix", registerReviewSummary},
      {"annotations", "export every corrected mask as GeoJSON / ASAP XML (slide patches in level-0 coordinates), or import one", registerAnnotations},
  };
  return table;
}

}  // namespace arml::cli
