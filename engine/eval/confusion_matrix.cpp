#include "eval/confusion_matrix.h"

#include <algorithm>
#include <string>

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
