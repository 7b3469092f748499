#pragma once
// The stage-1 CAM quality check (spec §2.7): on a split with pixel masks, the plain CAMs of the
// classifier, single scale, no flip, scored with the §6 metrics.
//   1. CAM_c = ReLU(w_c·X), bilinear (half-pixel) up to the image size;
//   2. predicted presence q_c = sigmoid(z_c) > threshold (0.25); CAM_c <- CAM_c · q_c;
//   3. one min–max over all maps: (CAM − min) / (max − min + 1e-5);
//   4. label map = argmax over the K tissue classes (absent classes are 0; first index wins ties);
//   5. images with no predicted class are skipped (counted). GT pixels outside 0..K-1 are excluded.
// Images are fed at their own size (the network is fully convolutional).
#include <filesystem>
#include <vector>

#include "cam/cam_model.h"
#include "core/cancel_token.h"
#include "core/event_sink.h"
#include "data/class_scheme.h"
#include "data/dataset.h"
#include "eval/metrics_io.h"

namespace arml::cam {

struct CamEvaluation {
  eval::MetricsReport report;
  int images = 0;                 // images scored
  int skippedNoPrediction = 0;    // images where no class passed the threshold
};

CamEvaluation evaluateCams(CamModel& model, const std::vector<data::MaskedItem>& items,
                           const data::ClassScheme& scheme, const CancelToken& cancel, EventSink& events,
                           double presenceThreshold = 0.25);

// The label map of steps 1–4 for one image (N = 1): maps 1×K×h×w (ReLU'd CAMs at feature
// resolution), logits 1×K. Returns H×W uint8, or an undefined tensor when no class is predicted.
at::Tensor camLabelMap(const at::Tensor& maps, const at::Tensor& logits, int64_t height, int64_t width,
                       double presenceThreshold = 0.25);

}  // namespace arml::cam
