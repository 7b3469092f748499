#pragma once
// Pixel confusion matrix accumulated over a whole split (spec §6): rows = ground truth, columns =
// prediction, int64 counts. Pixels whose ground truth is not a tissue class (0..classes-1; e.g. the
// background/exclude index 4) are dropped. A prediction outside 0..classes-1 on a counted pixel is
// an error (the reference silently miscounts it into cell (gt+1, 0); we do not replicate that).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace arml::eval {

class ConfusionMatrix {
public:
  // classes: 4 for BCSS-WSSS / LUAD-HistoSeg, 3 for WSSS4LUAD.
  explicit ConfusionMatrix(int classes = 4);

  int classes() const { return classes_; }

  // Adds n pixels. `source` names the mask (a file, "batch 3") in the error message.
  // Throws InputError when a counted pixel has a prediction >= classes; nothing is added then.
  void add(const std::uint8_t* gt, const std::uint8_t* pred, std::size_t n, const std::string& source = "prediction");
  // Tensors are counted by tensors/confusion_tensor.h.
  // Adds another matrix of the same size (e.g. from a worker thread).
  void merge(const ConfusionMatrix& other);
  void reset();

  std::int64_t at(int gt, int pred) const { return counts_[static_cast<std::size_t>(gt * classes_ + pred)]; }
  std::int64_t& at(int gt, int pred) { return counts_[static_cast<std::size_t>(gt * classes_ + pred)]; }
  std::int64_t total() const;
  std::int64_t gtCount(int c) const;    // row sum
  std::int64_t predCount(int c) const;  // column sum
  // Row-major classes × classes.
  const std::vector<std::int64_t>& counts() const { return counts_; }

  bool operator==(const ConfusionMatrix& o) const { return classes_ == o.classes_ && counts_ == o.counts_; }

private:
  int classes_;
  std::vector<std::int64_t> counts_;
};

}  // namespace arml::eval
