// Review-queue navigation on the Review page: the time from "next patch" (the N key) until the
// new patch is painted in the canvas (journal and mask opened, image read, cursor written to
// review.json, table moved, synchronous repaint), over a synthetic project of 224 patches of
// 224² (images + generated masks in a temporary folder). Also a decision (A: accept, written to
// review.json, then the next patch) and saving a correction (Ctrl+S).
// Run: QT_QPA_PLATFORM=offscreen bench_review_queue [patches]
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cstdio>
#include <opencv2/core.hpp>
#include <vector>

#include "data/palette_png.h"
#include "ui/project/project.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "widgets/mask_canvas.h"

using namespace arml::ui;

namespace {

struct Stats {
  double median = 0, p95 = 0, max = 0;
};

Stats stats(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back()};
}

std::vector<double> timeKeys(ReviewPage& page, Qt::Key key, int count) {
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    QElapsedTimer t;
    t.start();
    QTest::keyClick(page.canvas(), key);
    page.canvas()->repaint();
    ms.push_back(t.nsecsElapsed() / 1e6);
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  const int patches = argc > 1 ? std::max(4, std::atoi(argv[1])) : 224;
  QTemporaryDir tmp;
  const QString root = tmp.path();
  QDir().mkpath(root + "/dataset/train");
  Project project;
  QString error;
  if (!Project::create(root + "/project", "bench", root + "/dataset", &project, &error)) {
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return 1;
  }
  const QString masks = project.masksDir() + "/run/bn7";
  QDir().mkpath(masks);
  const arml::data::Palette palette{{205, 51, 51}, {0, 255, 0}, {65, 105, 225}, {255, 165, 0}, {255, 255, 255}};
  for (int i = 0; i < patches; ++i) {
    const QString stem = QStringLiteral("p%1-[1 0 %2 0]").arg(i, 4, 10, QLatin1Char('0')).arg(i % 2);
    QImage img(224, 224, QImage::Format_RGB32);
    img.fill(QColor(200 + i % 40, 160, 190));
    QPainter(&img).fillRect(20 + i % 100, 30, 90, 70, QColor(110, 40, 130));
    img.save(root + "/dataset/train/" + stem + ".png");
    cv::Mat m(224, 224, CV_8UC1, cv::Scalar(4));
    m(cv::Rect(i % 120, 40, 100, 80)).setTo(i % 4);
    arml::data::writePalettePng((masks + "/" + stem + ".png").toStdString(), m, palette);
  }

  QElapsedTimer load;
  load.start();
  ReviewPage page;
  page.setProject(project);
  const double loadMs = load.nsecsElapsed() / 1e6;
  page.resize(1400, 900);
  page.show();
  page.activateWindow();
  if (!QTest::qWaitForWindowActive(&page)) std::fprintf(stderr, "window not active: keys may not reach the queue\n");
  page.canvas()->setFocus();
  QApplication::processEvents();

  const int steps = patches / 2 - 1;
  const Stats next = stats(timeKeys(page, Qt::Key_N, steps));
  const Stats accept = stats(timeKeys(page, Qt::Key_A, steps));
  const QString last = page.queue()->currentStem();
  // Save a correction: one brush dab, then Ctrl+S timed (edits/<stem>.png, provenance, the queue's
  // state), going back one patch between saves.
  std::vector<double> saveMs;
  for (int i = 0; i < std::min(20, steps); ++i) {
    QTest::mouseClick(page.canvas(), Qt::LeftButton, {}, page.canvas()->rect().center());
    QElapsedTimer t;
    t.start();
    QTest::keyClick(page.canvas(), Qt::Key_S, Qt::ControlModifier);
    saveMs.push_back(t.nsecsElapsed() / 1e6);
    QTest::keyClick(page.canvas(), Qt::Key_N, Qt::ShiftModifier);
  }
  const Stats save = stats(saveMs);
  std::printf("review queue, %d patches of 224x224, window 1400x900 (offscreen)\n", patches);
  std::printf("  project load + first patch open: %.1f ms\n", loadMs);
  std::printf("  next patch -> painted (%d steps):   median %.2f ms  p95 %.2f ms  max %.2f ms\n", steps, next.median,
              next.p95, next.max);
  std::printf("  accept + next -> painted (%d steps): median %.2f ms  p95 %.2f ms  max %.2f ms\n", steps,
              accept.median, accept.p95, accept.max);
  std::printf("  save correction (Ctrl+S, %d saves):  median %.2f ms  p95 %.2f ms  max %.2f ms\n",
              static_cast<int>(saveMs.size()), save.median, save.p95, save.max);
  std::printf("  reached %s\n", qPrintable(last));
  return 0;
}
