#include "bench.h"

namespace arml::cli {

// Benchmarks, one per bench_<name>.cpp.
std::vector<nlohmann::json> benchPseudoMasks(const BenchOptions&, Context&);
std::vector<nlohmann::json> benchLoader(const BenchOptions&, Context&);
std::vector<nlohmann::json> benchSlide(const BenchOptions&, Context&);
std::vector<nlohmann::json> benchClsStep(const BenchOptions&, Context&);
std::vector<nlohmann::json> benchSegStep(const BenchOptions&, Context&);
std::vector<nlohmann::json> benchPredict(const BenchOptions&, Context&);

const std::vector<BenchSpec>& benchTable() {
  static const std::vector<BenchSpec> table = {
      {"pm", "pseudo masks/s (Grad-CAM + argmax) for the --layers set and all three layers; bf16 mask agreement", benchPseudoMasks},
      {"loader", "patches/s decoded + stage-1 augmented by the batch loader (1 and 2 workers)", benchLoader},
      {"slide", "whole-slide tiles/s (OpenSlide read, tissue, tiling, blending, TIFF pyramid) with a stand-in network; --data SLIDE|FOLDER", benchSlide},
      {"cls-step", "stage-1 training steps (ARS reference, loss, backward, SGD) images/s and peak RSS per --precision", benchClsStep},
      {"seg-step", "stage-2 mutual training steps (3 PSPNet passes, SWV + SRM, backward, SGD) images/s and peak RSS per --precision", benchSegStep},
      {"predict", "stage-2 PSPNet inference 224x224 tiles/s and peak RSS per --precision (bf16 argmax agreement)", benchPredict},
  };
  return table;
}

}  // namespace arml::cli
