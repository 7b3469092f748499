#include "train/stage2_evaluation.h"

#include <torch/torch.h>

#include "tensors/batch_loader.h"
#include "tensors/confusion_tensor.h"
#include "tensors/mask_values.h"
#include "train/stage2_model.h"

namespace arml::train {

eval::ConfusionMatrix evaluateSegmenter(models::PSPNet& net, const std::vector<data::MaskedItem>& items,
                                        const SegmenterEvalOptions& options, const CancelToken& cancel,
                                        EventSink* events) {
  eval::ConfusionMatrix cm(net->options().numClasses);
  data::BatchLoaderOptions lo;
  lo.batchSize = 1;
  lo.shuffle = false;
  lo.dropLast = false;
  lo.workers = options.workers;
  lo.patchSize = 0;
  data::BatchLoader loader(data::loaderItems(items), lo);
  loader.startEpoch(0);
  long done = 0;
  while (auto batch = loader.next(cancel)) {
    std::vector<std::string> maskPaths;
    for (const std::int64_t index : batch->indices) maskPaths.push_back(items[std::size_t(index)].mask.string());
    // Values beyond the background index would be dropped silently by the matrix: refuse the mask.
    eval::checkMaskValues(batch->masks, net->options().numClasses, maskPaths);
    const at::Tensor logits = predictSegmenterLogits(net, batch->images, options.precision);
    eval::addTensors(cm, batch->masks, logits.argmax(1), maskPaths.front());
    ++done;
    if (events && !options.progressStage.empty()) events->progress(options.progressStage, done, long(items.size()));
  }
  return cm;
}

}  // namespace arml::train
