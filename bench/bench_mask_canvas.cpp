// Brush-stroke latency per segment on the MaskCanvas (model write + tile undo + overlay update +
// repaint of the dirty region) on a 224² mask and on a 4096² mask, and undo memory after 1,000
// strokes. Run: QT_QPA_PLATFORM=offscreen bench_mask_canvas
#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QtTest>
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "widgets/mask_edit_commands.h"
#include "widgets/mask_canvas.h"

using namespace arml::widgets;

namespace {

struct Result {
  double median = 0, p95 = 0, max = 0;
};

Result strokeLatency(int size, double zoom, int brush, int segments) {
  MaskModel model;
  model.reset(size, size, {}, 4);
  MaskUndoStack undo;
  MaskCanvas canvas;
  canvas.resize(1000, 800);
  canvas.setModel(&model, &undo);
  canvas.show();
  if (!QTest::qWaitForWindowExposed(&canvas)) std::fprintf(stderr, "not exposed\n");
  canvas.setZoom(zoom);
  canvas.setBrushSize(brush);
  std::vector<double> ms;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> px(50, 950), py(50, 750);
  QPoint p(px(rng), py(rng));
  QTest::mousePress(&canvas, Qt::LeftButton, {}, p);
  for (int i = 0; i < segments; ++i) {
    const QPoint q(std::clamp(p.x() + static_cast<int>(rng() % 41) - 20, 20, 980), std::clamp(p.y() + static_cast<int>(rng() % 41) - 20, 20, 780));
    QElapsedTimer t;
    t.start();
    QTest::mouseMove(&canvas, q);
    canvas.repaint();  // synchronous paint of what the segment dirtied
    ms.push_back(t.nsecsElapsed() / 1e6);
    p = q;
  }
  QTest::mouseRelease(&canvas, Qt::LeftButton, {}, p);
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back()};
}

void undoMemory(int size, int strokes) {
  MaskModel model;
  model.reset(size, size, {}, 4);
  MaskUndoStack undo;
  undo.setByteLimit(qint64(1) << 40);  // unbounded, to see the real figure
  std::mt19937 rng(7);
  QElapsedTimer t;
  t.start();
  qint64 raw = 0;
  for (int s = 0; s < strokes; ++s) {
    QPointF p(rng() % size, rng() % size);
    for (int seg = 0; seg < 20; ++seg) {  // a 20-segment stroke of brush 24
      const QPointF q(std::clamp(p.x() + double(rng() % 41) - 20, 0.0, size - 1.0), std::clamp(p.y() + double(rng() % 41) - 20, 0.0, size - 1.0));
      arml::widgets::paintSegment(model, p, q, 24, static_cast<int>(rng() % 4));
      auto changes = model.takeDelta();
      undo.push(std::make_unique<MaskStrokeCommand>(&model, s, std::move(changes), "Brush"));
      p = q;
    }
    undo.closeStroke();
  }
  for (int i = 0; i < undo.count(); ++i) raw += undo.command(i)->changes().size() * 2LL * MaskModel::kTile * MaskModel::kTile;
  std::printf("undo memory after %d strokes on %d²: %.2f MiB stored (%.2f MiB if tiles were kept raw), %d commands, %.0f ms total\n",
              strokes, size, undo.bytes() / 1048576.0, raw / 1048576.0, undo.count(), double(t.elapsed()));
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  const struct {
    int size;
    double zoom;
    int brush;
    const char* what;
  } cases[] = {{224, 3.0, 16, "224² mask, zoom 3, brush 16"},
               {4096, 1.0, 32, "4096² mask, zoom 1, brush 32"},
               {4096, 0.2, 128, "4096² mask, zoom 0.2 (whole slide region), brush 128"},
               {4096, 4.0, 16, "4096² mask, zoom 4, brush 16"}};
  for (const auto& c : cases) {
    const Result r = strokeLatency(c.size, c.zoom, c.brush, 300);
    std::printf("stroke segment latency, %s: median %.2f ms, p95 %.2f ms, max %.2f ms\n", c.what, r.median, r.p95, r.max);
  }
  undoMemory(4096, 1000);
  undoMemory(224, 1000);
  return 0;
}
