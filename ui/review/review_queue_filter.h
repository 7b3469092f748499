#pragma once
// Ordering and filters of the review queue over a ReviewQueueModel: file order, by class, by how
// much relocalization changed the CAM or by stage-2 peer disagreement (largest first; patches
// without a score last), and filters by state and by class. Rows do not move while the reviewer
// works (no dynamic re-sorting): a changed state shows at once, the order and the filter apply
// again when one of them is changed or invalidate() is called.
#include <QSortFilterProxyModel>

namespace arml::ui {

class ReviewQueueFilter : public QSortFilterProxyModel {
  Q_OBJECT
public:
  enum class Order { FileOrder, ByClass, ByRelocationChange, ByDisagreement };
  Q_ENUM(Order)

  explicit ReviewQueueFilter(QObject* parent = nullptr);

  Order order() const { return order_; }
  void setOrder(Order order);
  // -1: any state, else int(arml::data::ReviewState).
  void setStateFilter(int state);
  int stateFilter() const { return state_; }
  // -1: any class, else the class index that must be in the patch's label.
  void setClassFilter(int classIndex);
  int classFilter() const { return class_; }

protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
  void apply();
  Order order_ = Order::FileOrder;
  int state_ = -1;
  int class_ = -1;
};

}  // namespace arml::ui
