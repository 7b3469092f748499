#include "widgets/mask_undo_history.h"

#include "widgets/mask_edit_commands.h"

namespace arml::widgets {

MaskUndoHistory::MaskUndoHistory(QWidget* parent) : QListWidget(parent) {
  setObjectName(QStringLiteral("maskUndoHistory"));
  setSelectionMode(QAbstractItemView::SingleSelection);
  connect(this, &QListWidget::currentRowChanged, this, &MaskUndoHistory::goTo);
  rebuild();
}

void MaskUndoHistory::setStack(MaskUndoStack* stack) {
  if (stack_) stack_->disconnect(this);
  stack_ = stack;
  // indexChanged follows every push, undo, redo and clear; a merged segment changes no row.
  if (stack_) connect(stack_, &MaskUndoStack::indexChanged, this, &MaskUndoHistory::rebuild);
  rebuild();
}

void MaskUndoHistory::rebuild() {
  rebuilding_ = true;
  clear();
  addItem(tr("Mask as opened"));
  const int count = stack_ ? stack_->count() : 0;
  for (int i = 0; i < count; ++i) {
    const QString text = stack_->command(i)->text();
    addItem(text.isEmpty() ? tr("Edit %1").arg(i + 1) : text);
  }
  // Rows after the current state are undone: shown, greyed, until a new edit drops them.
  const int current = stack_ ? stack_->index() : 0;
  for (int row = current + 1; row < this->count(); ++row) item(row)->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
  setCurrentRow(current);
  rebuilding_ = false;
}

void MaskUndoHistory::goTo(int row) {
  if (rebuilding_ || !stack_ || row < 0) return;
  while (stack_->index() > row && stack_->canUndo()) stack_->undo();
  while (stack_->index() < row && stack_->canRedo()) stack_->redo();
}

}  // namespace arml::widgets
