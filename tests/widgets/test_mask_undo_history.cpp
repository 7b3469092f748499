// MaskUndoHistory: one row per state of the mask (as opened, then each stroke), the current one
// selected; clicking a row undoes or redoes to it, and a new stroke after an undo drops the rows
// that were undone.
#include <QtTest>

#include "widgets/mask_edit_commands.h"
#include "widgets/mask_undo_history.h"

using namespace arml::widgets;

namespace {
// Paints a 10x10 square of class `value` at (x, y) as one stroke.
void stroke(MaskModel& m, MaskUndoStack& stack, int id, int x, quint8 value, const QString& text) {
  m.touch(QRect(x, 0, 10, 10));
  for (int yy = 0; yy < 10; ++yy)
    for (int xx = x; xx < x + 10; ++xx) m.bits()[yy * m.width() + xx] = value;
  stack.push(std::make_unique<MaskStrokeCommand>(&m, id, m.takeDelta(), text));
  stack.closeStroke();
}
}  // namespace

class TestMaskUndoHistory : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void rowsFollowTheStackAndClicksTravel() {
    MaskModel m;
    m.reset(200, 20);
    MaskUndoStack stack;
    MaskUndoHistory history;
    history.setStack(&stack);
    QCOMPARE(history.count(), 1);
    QCOMPARE(history.currentRow(), 0);
    stroke(m, stack, 1, 0, 1, "Brush");
    stroke(m, stack, 2, 100, 2, "Bucket");
    stroke(m, stack, 3, 150, 3, "Polygon");
    QCOMPARE(history.count(), 4);
    QCOMPARE(history.item(2)->text(), QString("Bucket"));
    QCOMPARE(history.currentRow(), 3);

    history.setCurrentRow(1);  // as a click on "Brush" does: back to just after the first stroke
    QCOMPARE(stack.index(), 1);
    QCOMPARE(m.at(5, 5), quint8(1));
    QCOMPARE(m.at(105, 5), quint8(0));
    QCOMPARE(history.count(), 4);  // the undone rows stay, for redo
    history.setCurrentRow(3);
    QCOMPARE(stack.index(), 3);
    QCOMPARE(m.at(155, 5), quint8(3));
    history.setCurrentRow(0);
    QCOMPARE(m.at(5, 5), quint8(0));

    stack.redo();  // Ctrl+Shift+Z elsewhere moves the selection
    QCOMPARE(history.currentRow(), 1);
    stroke(m, stack, 4, 50, 4, "Eraser");  // a new edit drops the redo tail
    QCOMPARE(history.count(), 3);
    QCOMPARE(history.item(2)->text(), QString("Eraser"));
    QCOMPARE(history.currentRow(), 2);
  }
};

QTEST_MAIN(TestMaskUndoHistory)
#include "test_mask_undo_history.moc"
