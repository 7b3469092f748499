// `arml evaluate --model CKPT --data ROOT --split val|test [--json FILE] [--csv FILE]`: scores the stage-2
// segmenter on a split with pixel masks (spec §6: split-level confusion matrix, GT background pixels
// excluded; batch 1, native size, single scale, no flip).
#include <iostream>

#include "cli_context.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "core/output_guard.h"
#include "data/dataset.h"
#include "eval/metrics_io.h"
#include "train/stage2_evaluation.h"
#include "train/stage2_model.h"

namespace arml::cli {

Runner registerEvaluate(CLI::App& sub, Context&) {
  struct Args {
    std::string model, data, split = "test", json, csv, precision = "fp32";
    int workers = 2;
  };
  auto a = std::make_shared<Args>();
  sub.add_option("--model", a->model, "stage-2 checkpoint (ARML checkpoint or smp PSPNet .pth)")->required();
  sub.add_option("--data", a->data, "dataset root")->required();
  sub.add_option("--split", a->split, "val | test")->capture_default_str()->check(CLI::IsMember({"val", "test"}));
  sub.add_option("--json", a->json, "write the scores as JSON");
  sub.add_option("--csv", a->csv, "write the scores as CSV");
  sub.add_option("--precision", a->precision, "fp32 | bf16 (autocast)")->capture_default_str();
  sub.add_option("--workers", a->workers, "image decoding threads")->capture_default_str();
  return [a](Context& ctx) {
    const data::Dataset ds = data::Dataset::open(a->data, ctx.common.dataset);
    const auto& items = ds.masked(a->split);
    OutputGuard guard;  // the score files may not land on the model or on an image or mask
    guard.addInput(a->model);
    for (const auto& item : items) guard.addInputs(std::vector<std::filesystem::path>{item.image, item.mask, item.backgroundMask});
    if (!a->json.empty()) guard.claimOutput(a->json, "--json");
    if (!a->csv.empty()) guard.claimOutput(a->csv, "--csv");
    train::LoadedSegmenter seg = train::loadSegmenter(a->model);
    if (seg.net->options().numClasses != ds.scheme().tissueCount())
      throw InputError(a->model, "predicts " + std::to_string(seg.net->options().numClasses) + " classes but the " +
                                     data::datasetKindName(ds.kind()) + " data set has " +
                                     std::to_string(ds.scheme().tissueCount()));
    train::SegmenterEvalOptions eo;
    eo.precision = a->precision;
    eo.workers = std::max(1, a->workers);
    eo.progressStage = "evaluate";
    const auto cm = train::evaluateSegmenter(seg.net, items, eo, CancelToken::global(), ctx.events.get());
    std::vector<std::string> names;
    for (const auto& c : ds.scheme().tissueClasses) names.push_back(c.name);
    const eval::MetricsReport report = eval::makeReport(cm, names);
    std::cout << a->split << " (" << items.size() << " images): \n" << eval::toText(report);
    if (!a->json.empty()) {
      eval::writeMetricsJson(a->json, report);
      ctx.events->artifact("metrics", a->json);
    }
    if (!a->csv.empty()) {
      eval::writeMetricsCsv(a->csv, report);
      ctx.events->artifact("metrics", a->csv);
    }
    ctx.events->metric("mean_iou", report.metrics.meanIoU, {{"split", a->split}, {"stage", "stage2"}});
    ctx.events->metric("fw_iou", report.metrics.fwIoU, {{"split", a->split}, {"stage", "stage2"}});
    return 0;
  };
}

}  // namespace arml::cli
