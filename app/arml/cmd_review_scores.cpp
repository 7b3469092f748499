// `arml review-scores --data ROOT [--cls CKPT] [--seg CKPT] [--review FILE] --out scores.json`: per
// training patch (and per patch cut from a slide that the review file lists with an image), the keys the review queue sorts by: how much relocalization changed the CAM and how much the
// stage-2 peers disagree (definitions in train/review_scores.h). Resumable; written atomically.
#include <iostream>

#include "cli_context.h"
#include "compute/compute.h"
#include "core/cancel_token.h"
#include "core/output_guard.h"
#include "data/dataset.h"
#include "train/review_scores.h"

namespace arml::cli {

Runner registerReviewScores(CLI::App& sub, Context&) {
  struct Args {
    std::string data, cls, seg, review, out;
    int batch = 8;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--data", a->data, "dataset root (its training patches are scored)")->required();
  sub.add_option("--cls", a->cls,
                 "stage-1 training checkpoint with ARS weights (RUN/stage1/checkpoints/last.pt): relocalization change");
  sub.add_option("--seg", a->seg, "stage-2 checkpoint: peer disagreement (independent runs: last-peer1/2.pt beside it)");
  sub.add_option("--review", a->review,
                 "the project's review.json: its entries with an \"image\" (patches cut from a slide, relative to the "
                 "file's folder) are scored too");
  sub.add_option("--out", a->out, "scores file (JSON); an unfinished one with the same settings is continued")->required();
  sub.add_option("--batch", a->batch, "patches per forward (equal sizes are batched)")->capture_default_str();
  return [a](Context& ctx) {
    OutputGuard guard;  // --out may not be the review file, a checkpoint or a training image
    guard.addInputs(std::vector<std::string>{a->cls, a->seg, a->review});
    const data::Dataset dataset = data::Dataset::open(a->data, ctx.common.dataset);
    for (const auto& item : dataset.train()) guard.addInput(item.image);
    guard.claimOutput(a->out, "--out");
    train::ReviewScoreOptions o;
    o.dataRoot = a->data;
    o.datasetHint = ctx.common.dataset;
    o.classifier = a->cls;
    o.segmenter = a->seg;
    o.out = a->out;
    o.review = a->review;
    o.batch = a->batch;
    o.seed = static_cast<std::uint64_t>(ctx.common.seed);
    o.device = resolveDeviceName(ctx.common.device);
    const train::ReviewScoreSummary s = train::computeReviewScores(o, CancelToken::global(), *ctx.events);
    std::cout << "review scores: " << s.total << " patches (" << s.computed << " computed, " << s.resumed
              << " kept from an earlier run) in " << s.seconds << " s";
    if (s.computed > 0 && s.seconds > 0) std::cout << ", " << s.computed / s.seconds << " patches/s";
    if (!s.peerSource.empty()) std::cout << "; peers: " << s.peerSource;
    std::cout << "\n  " << a->out << "\n";
    return 0;
  };
}

}  // namespace arml::cli
