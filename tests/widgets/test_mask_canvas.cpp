// The mask model's tile undo (one command per stroke, only changed tiles, byte limit) and the
// MaskCanvas driven by QTest mouse and key events: paint, undo, redo, bucket fill, hotkeys.
#include <QLineEdit>
#include <QVBoxLayout>
#include <QtTest>
#include <memory>

#include "test_paths.h"
#include "widgets/mask_edit_commands.h"
#include "widgets/mask_canvas.h"
#include "widgets/mask_tools.h"

using namespace arml::widgets;

namespace {
int countValue(const MaskModel& m, int v) {
  int n = 0;
  for (qsizetype i = 0; i < static_cast<qsizetype>(m.width()) * m.height(); ++i) n += m.constBits()[i] == v;
  return n;
}
}  // namespace

class TestMaskCanvas : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void strokeSegmentsMergeAndStoreOnlyChangedTiles() {
    MaskModel m;
    m.reset(512, 512, {}, 4);
    MaskUndoStack stack;
    const QByteArray original = m.bytes();
    // A stroke of 3 segments inside tiles (0,0) and (1,0) only.
    QPointF last(10, 10);
    for (QPointF p : {QPointF(40, 12), QPointF(70, 14), QPointF(100, 16)}) {
      paintSegment(m, last, p, 6, 0);
      stack.push(std::make_unique<MaskStrokeCommand>(&m, 1, m.takeDelta(), "Brush"));
      last = p;
    }
    stack.closeStroke();
    QCOMPARE(stack.count(), 1);  // one command per stroke
    QCOMPARE(stack.command(0)->changes().size(), 2);  // two of the 64 tiles
    const QByteArray painted = m.bytes();
    QVERIFY(painted != original);
    stack.undo();
    QCOMPARE(m.bytes(), original);
    stack.redo();
    QCOMPARE(m.bytes(), painted);
    // Touching a tile without changing it stores nothing.
    m.touch(QRect(300, 300, 50, 50));
    QVERIFY(m.takeDelta().isEmpty());
  }

  void byteLimitDropsOldestCommands() {
    MaskModel m;
    m.reset(1024, 1024, {}, 4);
    MaskUndoStack stack;
    stack.setByteLimit(40 * 1024);
    for (int i = 0; i < 200; ++i) {
      paintSegment(m, QPointF(5 * i % 1000, 3 * i % 1000), QPointF((5 * i + 200) % 1000, (7 * i) % 1000), 9, i % 4);
      stack.push(std::make_unique<MaskStrokeCommand>(&m, i, m.takeDelta(), "Brush"));
      stack.closeStroke();
      QVERIFY(stack.bytes() <= stack.byteLimit() || stack.count() == 1);
    }
    QVERIFY(stack.count() < 200);
    QVERIFY(stack.count() > 1);
    // What is left still undoes consistently: undo all, redo all gives back the same mask.
    const QByteArray now = m.bytes();
    while (stack.canUndo()) stack.undo();
    QVERIFY(m.bytes() != now);
    while (stack.canRedo()) stack.redo();
    QCOMPARE(m.bytes(), now);
  }

  void toolsFillAndProtect() {
    MaskModel m;
    m.reset(40, 40, {}, 4);
    fillPolygon(m, QPolygonF({QPointF(0, 0), QPointF(20, 0), QPointF(20, 20), QPointF(0, 20)}), 1);
    QCOMPARE(countValue(m, 1), 400);  // pixel-edge polygon: exactly 20×20 pixels
    // Bucket fill is 4-connected: a diagonal neighbour region stays.
    m.bits()[21 * 40 + 21] = 1;
    bucketFill(m, QPoint(5, 5), 2);
    QCOMPARE(countValue(m, 2), 400);
    QCOMPARE(m.at(21, 21), quint8(1));
    // Brush protected to class 2 leaves the background alone.
    paintSegment(m, QPointF(0, 30), QPointF(40, 10), 8, 3, /*onlyOver=*/2);
    QCOMPARE(countValue(m, 3) + countValue(m, 2), 400);
    QVERIFY(countValue(m, 3) > 0);
    // Relabel turns the whole tissue piece (classes 2 and 3) into class 0.
    relabelRegion(m, QPoint(1, 1), 0, 4);
    QCOMPARE(countValue(m, 0), 400);
    m.takeDelta();
  }

  void canvasPaintUndoRedoBucketAndHotkeys() {
    MaskModel m;
    m.reset(224, 224, {}, 4);
    MaskUndoStack stack;
    MaskCanvas canvas;
    canvas.resize(448, 448);  // fit: 2 widget pixels per mask pixel
    canvas.setModel(&m, &stack);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QCOMPARE(canvas.zoom(), 2.0);

    QTest::keyClick(&canvas, Qt::Key_3);  // hotkey "3" -> class index 2
    QCOMPARE(canvas.currentClass(), 2);
    const int before = canvas.brushSize();
    QTest::keyClick(&canvas, Qt::Key_BracketRight);
    QVERIFY(canvas.brushSize() > before);
    QTest::keyClick(&canvas, Qt::Key_BracketLeft);
    QCOMPARE(canvas.brushSize(), before);

    // A stroke of several segments.
    QTest::mousePress(&canvas, Qt::LeftButton, {}, QPoint(40, 40));
    for (int x = 60; x <= 400; x += 20) QTest::mouseMove(&canvas, QPoint(x, 40 + x / 4));
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, QPoint(400, 140));
    QCOMPARE(stack.count(), 1);
    const int painted = countValue(m, 2);
    QVERIFY2(painted > 16 * 150, qPrintable(QString::number(painted)));
    QCOMPARE(m.at(20, 20), quint8(2));  // under the press point (40,40)/2

    QTest::keyClick(&canvas, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(countValue(m, 2), 0);
    QTest::keyClick(&canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(countValue(m, 2), painted);

    // Eraser paints the background class.
    QTest::keyClick(&canvas, Qt::Key_E);
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, QPoint(40, 40));
    QCOMPARE(m.at(20, 20), quint8(4));
    QCOMPARE(stack.count(), 2);

    // Bucket fill the background with class 0 ("1"): everything but the stroke.
    QTest::keyClick(&canvas, Qt::Key_G);
    QTest::keyClick(&canvas, Qt::Key_1);
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, QPoint(440, 440));
    QCOMPARE(countValue(m, 4), 0);
    QCOMPARE(countValue(m, 0) + countValue(m, 2), 224 * 224);
    QCOMPARE(stack.count(), 3);

    // Picker (Alt+click) takes the class under the cursor.
    QTest::mouseClick(&canvas, Qt::LeftButton, Qt::AltModifier, QPoint(200, 90));
    QCOMPARE(canvas.currentClass(), int(m.at(100, 45)));

    // Overlay toggle with one key, and a screenshot to look at.
    QTest::keyClick(&canvas, Qt::Key_O);
    QVERIFY(!canvas.overlayVisible());
    QTest::keyClick(&canvas, Qt::Key_O);
    QVERIFY(canvas.overlayVisible());
    const QImage shot = canvas.grab().toImage();
    shot.save(QString::fromStdString(arml::test::scratchDir("ui_mask_canvas")) + "/canvas.png");
    // Overlay at 50 % over black: class 0 (205,51,51) shows as about (102,25,25).
    const QColor c = shot.pixelColor(440, 440);
    QVERIFY2(qAbs(c.red() - 102) <= 3 && qAbs(c.green() - 25) <= 3, qPrintable(c.name()));

    // Ctrl+wheel changes the brush size, the plain wheel zooms about the cursor.
    QTest::keyClick(&canvas, Qt::Key_B);
    const int size0 = canvas.brushSize();
    QWheelEvent up(QPointF(100, 100), canvas.mapToGlobal(QPointF(100, 100)), {}, QPoint(0, 120), Qt::NoButton,
                   Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&canvas, &up);
    QVERIFY(canvas.brushSize() > size0);
    const QPointF anchor = canvas.widgetToMask(QPointF(100, 100));
    QWheelEvent zoom(QPointF(100, 100), canvas.mapToGlobal(QPointF(100, 100)), {}, QPoint(0, 120), Qt::NoButton,
                     Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&canvas, &zoom);
    QVERIFY(canvas.zoom() > 2.0);
    QVERIFY((canvas.widgetToMask(QPointF(100, 100)) - anchor).manhattanLength() < 1e-6);
  }

  void polygonToolByClicks() {
    MaskModel m;
    m.reset(100, 100, {}, 4);
    MaskUndoStack stack;
    MaskCanvas canvas;
    canvas.resize(200, 200);
    canvas.setModel(&m, &stack);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    canvas.setCurrentClass(1);
    QTest::keyClick(&canvas, Qt::Key_P);
    for (QPoint p : {QPoint(20, 20), QPoint(120, 20), QPoint(120, 120)}) QTest::mouseClick(&canvas, Qt::LeftButton, {}, p);
    QTest::keyClick(&canvas, Qt::Key_Return);
    // Triangle (10,10)-(60,10)-(60,60) in mask pixels: about half of 50×50.
    const int n = countValue(m, 1);
    QVERIFY2(n > 1200 && n < 1300, qPrintable(QString::number(n)));
    QCOMPARE(stack.count(), 1);
  }

  // Issue #15: the click that moves the keyboard focus to the canvas (from a text field, the
  // review queue) must not paint a dot; the next click paints.
  void clickThatFocusesDoesNotPaint() {
    MaskModel m;
    m.reset(100, 100, {}, 4);
    MaskUndoStack stack;
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* field = new QLineEdit;
    auto* canvas = new MaskCanvas;
    canvas->setMinimumSize(200, 200);
    layout->addWidget(field);
    layout->addWidget(canvas, 1);
    canvas->setModel(&m, &stack);
    canvas->setCurrentClass(1);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    field->setFocus();
    QTRY_VERIFY(field->hasFocus());
    const QByteArray before = m.bytes();

    QTest::mouseClick(canvas, Qt::LeftButton, {}, QPoint(100, 100));
    QVERIFY(canvas->hasFocus());
    QCOMPARE(m.bytes(), before);
    QCOMPARE(stack.count(), 0);

    QTest::mouseClick(canvas, Qt::LeftButton, {}, QPoint(100, 100));
    QVERIFY(m.bytes() != before);
    QCOMPARE(stack.count(), 1);
  }
};

QTEST_MAIN(TestMaskCanvas)
#include "test_mask_canvas.moc"
