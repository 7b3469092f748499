#pragma once
// Scoring the stage-2 segmenter on a split with pixel masks (spec §4.7 "final report", §6): eval mode,
// one image at a time at its native size (batch 1, single scale, no flip), argmax over the C tissue
// logits; pixels whose ground truth is the background/exclude index are not counted.
#include <string>
#include <vector>

#include "core/cancel_token.h"
#include "core/event_sink.h"
#include "data/dataset.h"
#include "eval/confusion_matrix.h"
#include "models/pspnet.h"

namespace arml::train {

struct SegmenterEvalOptions {
  std::string precision = "fp32";  // or "bf16"
  int workers = 1;                 // image-decoding threads
  std::string progressStage;       // when set, "progress" events with this stage name
};

eval::ConfusionMatrix evaluateSegmenter(models::PSPNet& net, const std::vector<data::MaskedItem>& items,
                                        const SegmenterEvalOptions& options, const CancelToken& cancel,
                                        EventSink* events = nullptr);

}  // namespace arml::train
