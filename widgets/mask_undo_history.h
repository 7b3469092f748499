#pragma once
// The undo history of a mask (Edit › Undo History): one row for the mask as opened, then one per
// stroke or import, the current state selected; clicking a row undoes or redoes to that state.
// A view of MaskUndoStack, as QUndoView is of QUndoStack (which cannot bound its memory).
#include <QListWidget>
#include <QPointer>

namespace arml::widgets {

class MaskUndoStack;

class MaskUndoHistory : public QListWidget {
  Q_OBJECT
public:
  explicit MaskUndoHistory(QWidget* parent = nullptr);
  void setStack(MaskUndoStack* stack);

private:
  void rebuild();
  void goTo(int row);

  QPointer<MaskUndoStack> stack_;
  bool rebuilding_ = false;
};

}  // namespace arml::widgets
