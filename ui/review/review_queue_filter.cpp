#include "ui/review/review_queue_filter.h"

#include <algorithm>

#include "ui/review/review_queue_model.h"

namespace arml::ui {

ReviewQueueFilter::ReviewQueueFilter(QObject* parent) : QSortFilterProxyModel(parent) {
  setDynamicSortFilter(false);
}

void ReviewQueueFilter::setOrder(Order order) {
  order_ = order;
  apply();
}

void ReviewQueueFilter::setStateFilter(int state) {
  state_ = state;
  apply();
}

void ReviewQueueFilter::setClassFilter(int classIndex) {
  class_ = classIndex;
  apply();
}

void ReviewQueueFilter::apply() {
  invalidate();
  sort(0, Qt::AscendingOrder);
}

bool ReviewQueueFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
  if (state_ >= 0 && i.data(ReviewQueueModel::StateRole).toInt() != state_) return false;
  if (class_ >= 0 && !i.data(ReviewQueueModel::ClassesRole).value<QList<int>>().contains(class_)) return false;
  return true;
}

bool ReviewQueueFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const auto byScore = [&](int role) {
    const double a = left.data(role).toDouble(), b = right.data(role).toDouble();
    if (a != b) return a > b;  // largest first; unknown (< 0) last
    return left.row() < right.row();
  };
  switch (order_) {
    case Order::FileOrder: return left.row() < right.row();
    case Order::ByClass: {
      // Grouped by label: patches of class 0 first, then class 1, ...; label-less patches last.
      const QList<int> a = left.data(ReviewQueueModel::ClassesRole).value<QList<int>>();
      const QList<int> b = right.data(ReviewQueueModel::ClassesRole).value<QList<int>>();
      if (a.isEmpty() != b.isEmpty()) return b.isEmpty();
      if (a != b) return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
      return left.row() < right.row();
    }
    case Order::ByRelocationChange: return byScore(ReviewQueueModel::RelocationRole);
    case Order::ByDisagreement: return byScore(ReviewQueueModel::DisagreementRole);
  }
  return left.row() < right.row();
}

}  // namespace arml::ui
