#include "eval/confusion_matrix.h"

#include <torch/torch.h>

#include "core/errors.h"

namespace arml::eval {

ConfusionMatrix::ConfusionMatrix(int classes) : classes_(classes) {
  if (classes < 1 || classes > 255) throw InputError("confusion matrix", "class count must be 1..255");
  counts_.assign(static_cast<std::size_t>(classes) * classes, 0);
}

void ConfusionMatrix::add(const std::uint8_t* gt, const std::uint8_t* pred, std::size_t n, const std::string& source) {
  std::vector<std::int64_t> local(counts_.size(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    const int g = gt[i];
    if (g >= classes_) continue;
    const int p = pred[i];
    if (p >= classes_)
      throw InputError(source, "prediction " + std::to_string(p) + " at pixel " + std::to_string(i) +
                                   " (ground truth " + std::to_string(g) + ") is not a class index 0.." +
                                   std::to_string(classes_ - 1));
    ++local[static_cast<std::size_t>(g * classes_ + p)];
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += local[i];
}

void ConfusionMatrix::add(const at::Tensor& gt, const at::Tensor& pred, const std::string& source) {
  if (!gt.sizes().equals(pred.sizes()))
    throw InputError(source, "prediction shape " + c10::str(pred.sizes()) + " differs from ground truth shape " +
                                 c10::str(gt.sizes()));
  torch::NoGradGuard noGrad;
  const auto g = gt.to(pred.device()).to(torch::kLong).reshape({-1});
  const auto p = pred.to(torch::kLong).reshape({-1});
  const auto counted = (g >= 0) & (g < classes_);
  const auto gc = g.masked_select(counted);
  const auto pc = p.masked_select(counted);
  const auto bad = (pc < 0) | (pc >= classes_);
  if (bad.any().item<bool>()) {
    const auto first = bad.nonzero()[0][0].item<std::int64_t>();
    throw InputError(source, "prediction " + std::to_string(pc[first].item<std::int64_t>()) + " (ground truth " +
                                 std::to_string(gc[first].item<std::int64_t>()) + ") is not a class index 0.." +
                                 std::to_string(classes_ - 1));
  }
  const auto hist = torch::bincount(gc * classes_ + pc, {}, classes_ * classes_).to(torch::kCPU).contiguous();
  const auto* h = hist.data_ptr<std::int64_t>();
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += h[i];
}

void ConfusionMatrix::merge(const ConfusionMatrix& other) {
  if (other.classes_ != classes_) throw RuntimeFailure("cannot merge confusion matrices of different sizes");
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

void ConfusionMatrix::reset() { std::fill(counts_.begin(), counts_.end(), 0); }

std::int64_t ConfusionMatrix::total() const {
  std::int64_t s = 0;
  for (auto c : counts_) s += c;
  return s;
}

std::int64_t ConfusionMatrix::gtCount(int c) const {
  std::int64_t s = 0;
  for (int j = 0; j < classes_; ++j) s += at(c, j);
  return s;
}

std::int64_t ConfusionMatrix::predCount(int c) const {
  std::int64_t s = 0;
  for (int i = 0; i < classes_; ++i) s += at(i, c);
  return s;
}

}  // namespace arml::eval
