// `arml pseudo-masks --model CKPT --data ROOT --out DIR [--layers bn7,b5_2,b4_5]`: Grad-CAM pseudo
// masks of the training split (spec §3) as DIR/<layer>/<stem>.png; resumable, atomic writes.
#include <iostream>

#include "cam/cam_model.h"
#include "cam/pseudo_mask_job.h"
#include "cli_context.h"
#include "compute/compute.h"
#include "core/cancel_token.h"
#include "core/producer_record.h"
#include "data/dataset.h"

namespace arml::cli {

Runner registerPseudoMasks(CLI::App& sub, Context&) {
  struct Args {
    std::string model, data, out, layers = "bn7", precision = "fp32", background = "auto";
    int batch = 4;
    bool replace = false;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--model", a->model, "stage-1 checkpoint or reference .pth")->required();
  sub.add_option("--data", a->data, "dataset root (its training split is used)")->required();
  sub.add_option("--out", a->out, "output folder; masks go to OUT/<layer>/<stem>.png")->required();
  sub.add_option("--layers", a->layers, "comma-separated: bn7, b5_2, b4_5")->capture_default_str();
  sub.add_option("--batch", a->batch, "images per forward pass")->capture_default_str();
  sub.add_option("--precision", a->precision, "fp32 | bf16")->capture_default_str();
  sub.add_option("--background", a->background,
                 "auto (white background for LUAD-style data) | white | none (BCSS-style)")
      ->capture_default_str();
  sub.add_flag("--replace", a->replace,
               "OUT holds masks of another model, background rule, precision or dataset (its .arml-producer.json): "
               "delete them and compute these instead of refusing");
  return [a](Context& ctx) {
    const auto layers = cam::parseCamLayers(a->layers);
    cam::PseudoMaskJobOptions opts;
    opts.layers = layers;
    opts.batch = a->batch;
    opts.precision = a->precision;
    opts.background = cam::parseBackgroundRule(a->background);
    if (opts.precision != "fp32" && opts.precision != "bf16")
      throw InputError("--precision " + opts.precision, "unknown precision (use fp32 or bf16)");
    opts.replace = a->replace;
    const data::Dataset dataset = data::Dataset::open(a->data, ctx.common.dataset);
    cam::CamModel model = cam::loadCamModel(a->model, resolveDeviceName(ctx.common.device));
    for (const auto& w : model.warnings) ctx.events->warning(w);
    opts.producer = {{"model_digest", fileDigest(a->model)}};
    const auto summary = cam::generatePseudoMasks(model, dataset, a->out, opts, *ctx.events, CancelToken::global());
    const auto json = summary.toJson(dataset.scheme());
    ctx.events->emit("metric", {{"name", "pseudo_mask_summary"}, {"value", json}});
    std::cout << "pseudo masks: " << summary.written << " written, " << summary.resumed << " already done, "
              << summary.skippedNoLabel << " skipped (no positive label) of " << summary.images << " images in "
              << summary.seconds << " s\n";
    const auto& scheme = dataset.scheme();
    for (const auto& [layer, counts] : summary.areas) {
      long long total = 0;
      for (auto c : counts) total += c;
      std::cout << "  " << cam::layerName(layer) << " class areas:";
      for (std::size_t c = 0; c < counts.size(); ++c)
        std::cout << " " << (c < scheme.tissueClasses.size() ? scheme.tissueClasses[c].abbreviation : "background")
                  << " " << (total ? 100.0 * counts[c] / total : 0.0) << "%";
      std::cout << "\n";
    }
    return 0;
  };
}

}  // namespace arml::cli
