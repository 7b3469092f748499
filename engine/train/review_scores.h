#pragma once
// The keys the review queue sorts training patches by (`arml review-scores`):
//
//   relocalization_change  how much ARS moved the CAM, from the stage-1 training checkpoint (with its
//       amm.* weights). One forward gives X and X' = AMM(CCA(X)); plain = ReLU(fc8·X), relocalized =
//       ReLU(fc8·X') at feature resolution (stride 8). Each class map is scaled to [0, 1] by its own
//       min and max; the score is the mean over the patch's positive classes of the mean over pixels
//       of |plain − relocalized|. 0: ARS left the activation where it was; 1 at most. null for a
//       patch without a positive label. A review.json patch (below) without "classes" takes the
//       classes the classifier predicts present (sigmoid of its ARS logits > 0.5).
//   peer_disagreement      fraction of pixels where the argmax of the two stage-2 peers differs.
//   peer_sym_kl            mean over pixels of KL(p‖q) + KL(q‖p) of the peers' softmax (nats).
//       The peers are those the mutual trainer compares: with a shared-peer checkpoint, two passes of
//       the one network with its Dropout2d active (BatchNorm in eval mode; seeded per patch, so the
//       scores are reproducible); with an independent-peer run, checkpoints/last-peer1.pt and
//       last-peer2.pt beside the given checkpoint (when they are missing: the dropout passes).
//
// With a review file, its entries with an "image" (patches cut from a slide, path relative to the
// review file's folder) are scored too, under their stem; a stem that is also a training patch
// keeps the training patch.
//
// scores.json (written atomically every few seconds, on cancel and at the end):
//   {"format": 1, "complete": bool, "done": n, "total": n, "settings": {...}, "peer_source":
//    "dropout" | "independent", "definitions": {...},
//    "patches": {"<stem>": {"relocalization_change": x|null, "peer_disagreement": y|null,
//                           "peer_sym_kl": z|null, "classes": [label indices]}}}
// Resume: an existing file with the same settings (data, checkpoints with their size and time,
// seed) keeps its patches and only the others are computed.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/cancel_token.h"
#include "core/event_sink.h"

namespace arml::train {

struct ReviewScoreOptions {
  std::filesystem::path dataRoot;
  std::string datasetHint = "auto";
  std::filesystem::path classifier;  // stage-1 checkpoint with ARS weights (optional)
  std::filesystem::path segmenter;   // stage-2 checkpoint (optional); at least one of the two
  std::filesystem::path out;         // scores.json
  std::filesystem::path review;      // the project's review.json (optional; a missing file lists nothing)
  std::string device = "cpu";
  int batch = 8;                     // equal-sized patches per forward
  std::uint64_t seed = 0;            // dropout passes
  double saveEverySeconds = 5;
  // Called after every block of `batch` patches with the number of patches scored so far; for
  // in-process callers and tests. May set the cancel token.
  std::function<void(int done)> afterBlock;
};

struct ReviewScoreSummary {
  int total = 0, computed = 0, resumed = 0;
  double seconds = 0;        // wall time of this invocation
  std::string peerSource;    // "dropout", "independent" or "" without a segmenter
};

// Throws InputError (bad data, review file or checkpoints, a missing review image, a classifier
// without ARS weights, class counts that do not match the data), Cancelled (after writing what is
// done).
ReviewScoreSummary computeReviewScores(const ReviewScoreOptions& options, const CancelToken& cancel, EventSink& events);

// The two definitions above on tensors (exposed for tests).
// plain, relocalized: K×h×w CAMs of one image; label: 0/1 per class. nullopt without a positive class.
std::optional<double> relocalizationChange(const at::Tensor& plain, const at::Tensor& relocalized,
                                           const std::vector<int>& label);
struct PeerDisagreement {
  double argmaxDiffers = 0;  // fraction of pixels
  double symmetricKl = 0;    // mean over pixels
};
// logits of the two peers for one image: C×H×W.
PeerDisagreement peerDisagreement(const at::Tensor& logitsA, const at::Tensor& logitsB);

}  // namespace arml::train
