#include "train/review_scores.h"

#include <chrono>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "cam/cam_model.h"
#include "cam/class_maps.h"
#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/review_state.h"
#include "tensors/image_tensor.h"
#include "train/stage2_model.h"

namespace arml::train {
namespace fs = std::filesystem;
using nlohmann::json;

std::optional<double> relocalizationChange(const at::Tensor& plain, const at::Tensor& relocalized,
                                           const std::vector<int>& label) {
  TORCH_CHECK(plain.dim() == 3 && plain.sizes() == relocalized.sizes(), "relocalizationChange: K×h×w maps of one size");
  const at::Tensor p = cam::normalizePerClass(plain.unsqueeze(0).to(torch::kFloat))[0];
  const at::Tensor r = cam::normalizePerClass(relocalized.unsqueeze(0).to(torch::kFloat))[0];
  double sum = 0;
  int positive = 0;
  for (int64_t c = 0; c < p.size(0) && c < int64_t(label.size()); ++c) {
    if (!label[c]) continue;
    sum += (p[c] - r[c]).abs().mean().item<double>();
    ++positive;
  }
  if (positive == 0) return std::nullopt;
  return sum / positive;
}

PeerDisagreement peerDisagreement(const at::Tensor& logitsA, const at::Tensor& logitsB) {
  TORCH_CHECK(logitsA.dim() == 3 && logitsA.sizes() == logitsB.sizes(), "peerDisagreement: C×H×W logits of one size");
  const at::Tensor a = logitsA.to(torch::kFloat), b = logitsB.to(torch::kFloat);
  PeerDisagreement d;
  d.argmaxDiffers = a.argmax(0).ne(b.argmax(0)).to(torch::kFloat).mean().item<double>();
  const at::Tensor la = torch::log_softmax(a, 0), lb = torch::log_softmax(b, 0);
  // KL(p‖q) + KL(q‖p) = Σ (p − q)(log p − log q)
  d.symmetricKl = ((la.exp() - lb.exp()) * (la - lb)).sum(0).mean().item<double>();
  return d;
}

namespace {

json fileIdentity(const fs::path& p) {
  if (p.empty()) return nullptr;
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  const auto time = fs::last_write_time(p, ec).time_since_epoch().count();
  return {{"path", fs::absolute(p).string()}, {"bytes", size}, {"modified", static_cast<long long>(time)}};
}

// Eval-mode network with its Dropout2d modules switched to training: the peers' diversity, as in
// the mutual trainer's two no-grad passes, without batch statistics.
void dropoutOnly(models::PSPNet& net) {
  net->eval();
  for (const auto& m : net->modules(false))
    if (dynamic_cast<torch::nn::Dropout2dImpl*>(m.get())) m->train(true);
}

// N×3×H×W -> N×C×H×W logits (padding to multiples of 8 with edge pixels, as predictSegmenterLogits).
at::Tensor segmenterForward(models::PSPNet& net, const at::Tensor& images) {
  const int64_t h = images.size(2), w = images.size(3);
  const int64_t padH = (8 - h % 8) % 8, padW = (8 - w % 8) % 8;
  at::Tensor x = images;
  if (padH || padW)
    x = torch::nn::functional::pad(x, torch::nn::functional::PadFuncOptions({0, padW, 0, padH}).mode(torch::kReplicate));
  return net->forward(x).slice(2, 0, h).slice(3, 0, w).to(torch::kCPU, torch::kFloat);
}

json optionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// One patch to score: a training patch, or a review.json entry with an image.
struct ScoreItem {
  std::string stem;
  fs::path image;
  std::optional<std::vector<int>> label;  // 0/1 per class; nullopt: the classifier's prediction
};

json labelIndices(const std::vector<int>& label) {
  json indices = json::array();
  for (std::size_t c = 0; c < label.size(); ++c)
    if (label[c]) indices.push_back(c);
  return indices;
}

// The review file's entries with an "image" whose stem is not a training patch.
std::vector<ScoreItem> reviewItems(const fs::path& reviewPath, const std::map<std::string, bool>& training, int classes) {
  std::vector<ScoreItem> items;
  if (reviewPath.empty()) return items;
  const data::ReviewFile review = data::ReviewFile::load(reviewPath);
  for (const auto& [stem, entry] : review.patches()) {
    if (entry.image.empty() || training.count(stem)) continue;
    ScoreItem item{stem, reviewPath.parent_path() / entry.image, std::nullopt};
    if (!fs::is_regular_file(item.image))
      throw InputError(item.image.string(), "image not found (entry \"" + stem + "\" of " + reviewPath.string() + ")");
    if (entry.hasClasses) {
      item.label = std::vector<int>(std::size_t(classes), 0);
      for (int c : entry.classes) {
        if (c < 0 || c >= classes)
          throw InputError(reviewPath.string(), "entry \"" + stem + "\" has class " + std::to_string(c) + " but the data set has " +
                                                    std::to_string(classes) + " classes");
        (*item.label)[std::size_t(c)] = 1;
      }
    }
    items.push_back(std::move(item));
  }
  return items;
}

// The training patches in dataset order, then the review file's patches; `trainingCount` of them
// are training patches.
std::vector<ScoreItem> scoreItems(const data::Dataset& ds, const fs::path& review, int classes,
                                  std::size_t& trainingCount) {
  std::vector<ScoreItem> items;
  std::map<std::string, bool> training;
  for (const auto& sample : ds.train()) {
    items.push_back({sample.image.stem().string(), sample.image, sample.label});
    training[items.back().stem] = true;
  }
  trainingCount = items.size();
  for (ScoreItem& item : reviewItems(review, training, classes)) items.push_back(std::move(item));
  return items;
}

// The stage-1 classifier, which must have ARS weights and the data set's classes.
std::optional<cam::CamModel> loadClassifier(const ReviewScoreOptions& o, int classes, EventSink& events) {
  std::optional<cam::CamModel> cls;
  if (o.classifier.empty()) return cls;
  cls = cam::loadCamModel(o.classifier, o.device);
  for (const auto& w : cls->warnings) events.warning(w);
  if (!cls->hasArs)
    throw InputError(o.classifier.string(),
                     "has no ARS weights (amm.*), so there is no relocalized CAM to compare; pass the stage-1 "
                     "training checkpoint, e.g. RUN/stage1/checkpoints/last.pt");
  if (cls->classes != classes)
    throw InputError(o.classifier.string(), "predicts " + std::to_string(cls->classes) + " classes but the data set has " +
                                                std::to_string(classes));
  return cls;
}

// The two stage-2 peers: independent networks, or (peerB null) one network compared with itself
// under dropout. `source` is "independent", "dropout", or "" without a segmenter.
struct Peers {
  models::PSPNet a{nullptr}, b{nullptr};
  std::string source;
};

Peers loadPeers(const ReviewScoreOptions& o, int classes, const torch::Device& device, EventSink& events) {
  Peers peers;
  if (o.segmenter.empty()) return peers;
  LoadedSegmenter seg = loadSegmenter(o.segmenter);
  if (seg.net->options().numClasses != classes)
    throw InputError(o.segmenter.string(), "predicts " + std::to_string(seg.net->options().numClasses) +
                                               " classes but the data set has " + std::to_string(classes));
  const std::string mode = seg.checkpoint.meta.is_object() ? seg.checkpoint.meta.value("peers", "shared") : "shared";
  const fs::path p1 = o.segmenter.parent_path() / "last-peer1.pt", p2 = o.segmenter.parent_path() / "last-peer2.pt";
  if (mode == "independent" && fs::exists(p1) && fs::exists(p2)) {
    peers.a = loadSegmenter(p1).net;
    peers.b = loadSegmenter(p2).net;
    peers.a->eval();
    peers.b->eval();
    peers.source = "independent";
  } else {
    if (mode == "independent")
      events.warning(o.segmenter.string() + ": trained with independent peers but " + p1.string() +
                     " / last-peer2.pt are not beside it; comparing two dropout passes of this network");
    peers.a = seg.net;
    dropoutOnly(peers.a);
    peers.source = "dropout";
  }
  peers.a->to(device);
  if (peers.b) peers.b->to(device);
  return peers;
}

// The patches of an existing scores file with the same settings that are still wanted: listed, and
// for a review entry with classes, scored with the same classes.
json resumedPatches(const ReviewScoreOptions& o, const json& settings, const std::vector<ScoreItem>& items,
                    EventSink& events) {
  json patches = json::object();
  if (fs::exists(o.out)) {
    const auto bytes = readFileBytes(o.out);
    const json old = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (old.is_object() && old.value("settings", json()) == settings && old.contains("patches") && old["patches"].is_object()) {
      patches = old["patches"];
    } else if (!old.is_object()) {
      events.warning(o.out.string() + ": not a scores file; computing all patches again");
    }
  }
  std::map<std::string, const ScoreItem*> wanted;
  for (const auto& item : items) wanted[item.stem] = &item;
  for (auto it = patches.begin(); it != patches.end();) {
    const auto w = wanted.find(it.key());
    const bool keep = w != wanted.end() && (!w->second->label || it.value().value("classes", json()) == labelIndices(*w->second->label));
    it = keep ? std::next(it) : patches.erase(it);
  }
  return patches;
}

// Fixed blocks of the dataset order (then of the review file's patches), so the dropout draws of a
// patch do not depend on where a previous invocation stopped.
std::vector<std::pair<std::size_t, std::size_t>> scoreBlocks(std::size_t trainingCount, std::size_t count, int batch) {
  std::vector<std::pair<std::size_t, std::size_t>> blocks;
  for (const auto& [begin, end] : {std::pair{std::size_t(0), trainingCount}, std::pair{trainingCount, count}})
    for (std::size_t first = begin; first < end; first += std::size_t(batch))
      blocks.emplace_back(first, std::min(end, first + std::size_t(batch)));
  return blocks;
}

// The networks the scores come from.
struct Scorers {
  std::optional<cam::CamModel>& cls;
  const Peers& peers;
  const torch::Device& device;
  std::uint64_t seed;
};

// Scores the patches items[indices] (all of one size) in one forward of each network: their entries
// of scores.json. `first` and `group` seed the dropout passes.
std::vector<json> scoreGroup(const Scorers& s, const std::vector<ScoreItem>& items, const std::vector<std::size_t>& indices,
                             std::map<std::size_t, at::Tensor>& tensors, std::size_t first, int group) {
  std::vector<at::Tensor> list;
  for (std::size_t i : indices) list.push_back(tensors[i]);
  const at::Tensor input = torch::stack(list).to(s.device);
  at::Tensor plain, relocated, present, logitsA, logitsB;
  if (s.cls) {
    const auto out = s.cls->net->forward(input, true);
    plain = cam::plainCam(out.features, s.cls->net->fc8->weight).to(torch::kCPU, torch::kFloat);
    relocated = out.cam.to(torch::kCPU, torch::kFloat);
    present = torch::sigmoid(out.logits).gt(0.5).to(torch::kCPU, torch::kInt);
  }
  models::PSPNet peerA = s.peers.a, peerB = s.peers.b;
  if (peerA) {
    torch::manual_seed(s.seed * 1000003ull + first * 31ull + std::uint64_t(group));
    logitsA = segmenterForward(peerA, input);
    logitsB = segmenterForward(peerB ? peerB : peerA, input);
  }
  std::vector<json> entries;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const auto& item = items[indices[k]];
    json entry = {{"relocalization_change", nullptr}, {"peer_disagreement", nullptr}, {"peer_sym_kl", nullptr}};
    std::optional<std::vector<int>> label = item.label;
    if (!label && s.cls) {
      const at::Tensor row = present[int64_t(k)].contiguous();
      label = std::vector<int>(row.data_ptr<int>(), row.data_ptr<int>() + row.numel());
    }
    entry["classes"] = label ? labelIndices(*label) : json(nullptr);
    if (s.cls) entry["relocalization_change"] = optionalNumber(relocalizationChange(plain[k], relocated[k], *label));
    if (peerA) {
      const PeerDisagreement d = peerDisagreement(logitsA[k], logitsB[k]);
      entry["peer_disagreement"] = d.argmaxDiffers;
      entry["peer_sym_kl"] = d.symmetricKl;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

ReviewScoreSummary computeReviewScores(const ReviewScoreOptions& o, const CancelToken& cancel, EventSink& events) {
  const auto start = std::chrono::steady_clock::now();
  if (o.classifier.empty() && o.segmenter.empty())
    throw InputError("review scores", "need a stage-1 checkpoint (--cls), a stage-2 checkpoint (--seg) or both");
  if (o.batch < 1) throw InputError("--batch " + std::to_string(o.batch), "must be at least 1");
  const data::Dataset ds = data::Dataset::open(o.dataRoot, o.datasetHint);
  const int classes = ds.scheme().tissueCount();
  std::size_t trainingCount = 0;
  const std::vector<ScoreItem> items = scoreItems(ds, o.review, classes, trainingCount);
  const torch::Device device(o.device);
  torch::NoGradGuard noGrad;

  std::optional<cam::CamModel> cls = loadClassifier(o, classes, events);
  ReviewScoreSummary summary;
  const Peers peers = loadPeers(o, classes, device, events);
  summary.peerSource = peers.source;

  json settings = {{"data", fs::absolute(o.dataRoot).string()},
                         {"dataset", data::datasetKindName(ds.kind())},
                         {"classifier", fileIdentity(o.classifier)},
                         {"segmenter", fileIdentity(o.segmenter)},
                         {"peer_source", summary.peerSource},
                         {"batch", o.batch},
                         {"seed", o.seed}};
  if (!o.review.empty()) settings["review"] = fs::absolute(o.review).string();
  // Kept: patches still listed, unless a review entry's classes changed since they were scored.
  json patches = resumedPatches(o, settings, items, events);
  summary.total = int(items.size());
  summary.resumed = int(patches.size());

  const json definitions = {
      {"relocalization_change",
       "mean over positive classes of mean |plain - relocalized| of the stage-1 CAMs, each class map scaled to [0,1] by its own "
       "min and max, at feature resolution"},
      {"peer_disagreement", "fraction of pixels where the argmax of the two stage-2 peers differs"},
      {"peer_sym_kl", "mean over pixels of KL(p||q) + KL(q||p) of the two peers' softmax, in nats"}};
  auto write = [&](bool complete) {
    const json doc = {{"format", 1},          {"complete", complete},     {"done", patches.size()},
                      {"total", items.size()}, {"settings", settings},     {"peer_source", summary.peerSource},
                      {"definitions", definitions}, {"patches", patches}};
    writeFileAtomically(o.out, doc.dump(1) + "\n");
  };

  const Scorers scorers{cls, peers, device, o.seed};
  auto lastSave = std::chrono::steady_clock::now();
  try {
    // A block with any patch missing is computed whole.
    for (const auto& [first, last] : scoreBlocks(trainingCount, items.size(), o.batch)) {
      bool needed = false;
      for (std::size_t i = first; i < last; ++i) needed |= !patches.contains(items[i].stem);
      if (!needed) continue;
      cancel.throwIfCancelled();
      std::map<std::pair<int, int>, std::vector<std::size_t>> bySize;
      std::map<std::size_t, at::Tensor> tensors;
      for (std::size_t i = first; i < last; ++i) {
        const cv::Mat rgb = data::readRgbImage(items[i].image);
        tensors[i] = data::rgbToTensor(rgb);
        bySize[{rgb.rows, rgb.cols}].push_back(i);
      }
      int group = 0;
      for (const auto& [size, indices] : bySize) {
        std::vector<json> entries = scoreGroup(scorers, items, indices, tensors, first, group);
        for (std::size_t k = 0; k < indices.size(); ++k) {
          const std::string& stem = items[indices[k]].stem;
          if (!patches.contains(stem)) ++summary.computed;
          patches[stem] = std::move(entries[k]);
        }
        ++group;
      }
      events.progress("review-scores", long(patches.size()), long(items.size()));
      if (o.afterBlock) o.afterBlock(int(patches.size()));
      if (std::chrono::duration<double>(std::chrono::steady_clock::now() - lastSave).count() >= o.saveEverySeconds) {
        write(false);
        lastSave = std::chrono::steady_clock::now();
      }
    }
  } catch (const Cancelled&) {
    write(false);
    events.artifact("review-scores", o.out.string());
    throw;
  }
  write(true);
  events.artifact("review-scores", o.out.string());
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace arml::train
