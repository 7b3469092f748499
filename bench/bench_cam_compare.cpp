// The CAM compare view with the real in-process engine: plugin load time (first use), CAM time of
// one patch per classifier (session open, first call, median of the next ones), the Review page's
// "Compare CAMs" controller end to end (patch set -> results shown) with the longest event-loop
// stall while the worker computes (a 1 ms QTimer measured with QElapsedTimer), and the cache-hit
// display time (patch set -> painted). Optionally saves screenshots of the view.
//
// Run: QT_QPA_PLATFORM=offscreen bench_cam_compare --image PATCH.png --classifier CKPT
//        [--classifier CKPT2 ...] [--mask PSEUDO_MASK.png] [--baseline CKPT] [--segmenter CKPT]
//        [--other-image PNG] [--screenshots DIR] [--threads N] [--crop 224]
// --crop N takes the centred N x N part of each image (a temporary PNG) for a fixed patch size.
// --project DIR also opens the project's first generated mask on the Review page, shows the
// Compare CAMs tab with the checkpoints it picks from runs/ and reports that time (+ screenshot).
// The first --classifier drives the view; every one is timed.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "interactive/interactive_engine.h"
#include "ui/compare/cam_compare_controller.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/project/project.h"
#include "ui/review/review_page.h"
#include "ui/shell/interactive_engine_loader.h"

using namespace arml::ui;
using arml::widgets::CamCompareView;
using arml::widgets::CamNormalisation;

namespace {

double ms(const QElapsedTimer& t) { return t.nsecsElapsed() / 1e6; }

arml::interactive::RgbImage rgbOf(const QString& path) {
  const QImage img = QImage(path).convertToFormat(QImage::Format_RGB888);
  arml::interactive::RgbImage out{img.width(), img.height(), {}};
  out.rgb.resize(std::size_t(img.width()) * img.height() * 3);
  for (int y = 0; y < img.height(); ++y)
    std::memcpy(out.rgb.data() + std::size_t(y) * img.width() * 3, img.constScanLine(y), std::size_t(img.width()) * 3);
  return out;
}

// Longest gap between ticks of a 1 ms timer while `busy` holds, i.e. the worst event-loop stall.
struct StallProbe {
  QTimer timer;
  QElapsedTimer clock;
  double last = 0, worst = 0;
  int ticks = 0;
  StallProbe() {
    timer.setInterval(1);
    QObject::connect(&timer, &QTimer::timeout, [this] {
      const double now = ms(clock);
      if (ticks++ > 0) worst = std::max(worst, now - last);
      last = now;
    });
  }
  void start() {
    worst = 0;
    ticks = 0;
    clock.start();
    timer.start();
  }
  void stop() { timer.stop(); }
};

bool waitReady(CamCompareController* c, int timeoutMs) {
  QSignalSpy spy(c, &CamCompareController::ready);
  return spy.wait(timeoutMs);
}

void save(QWidget* w, const QString& dir, const QString& name) {
  if (dir.isEmpty()) return;
  const QString path = QDir(dir).filePath(name);
  w->grab().save(path);
  std::printf("screenshot %s\n", qPrintable(path));
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QCommandLineParser p;
  p.addHelpOption();
  p.addOption({"image", "the patch", "PNG"});
  p.addOption({"other-image", "a second patch (for the cache-hit measurement)", "PNG"});
  p.addOption({"mask", "pseudo mask of the patch", "PNG"});
  p.addOption({"classifier", "stage-1 checkpoint (repeatable; the first drives the view)", "CKPT"});
  p.addOption({"baseline", "classifier without ARS", "CKPT"});
  p.addOption({"segmenter", "stage-2 checkpoint", "CKPT"});
  p.addOption({"screenshots", "save screenshots here", "DIR"});
  p.addOption({"threads", "LibTorch threads (0 = all cores)", "N", "0"});
  p.addOption({"repeats", "timed CAM calls after the first", "N", "5"});
  p.addOption({"crop", "use the centred N x N part of the images", "N", "0"});
  p.addOption({"project", "also open this project's first mask on the Review page", "DIR"});
  p.process(app);
  const int crop = p.value("crop").toInt();
  auto cropped = [crop](const QString& path) {
    if (crop <= 0 || path.isEmpty()) return path;
    const QImage img(path);
    const QString out =
        QDir::temp().filePath(QStringLiteral("bench_cam_%1_%2.png").arg(crop).arg(QFileInfo(path).completeBaseName()));
    img.copy((img.width() - crop) / 2, (img.height() - crop) / 2, crop, crop).save(out);
    return out;
  };
  const QString image = cropped(p.value("image"));
  const QStringList classifiers = p.values("classifier");
  if (image.isEmpty() || classifiers.isEmpty()) {
    std::fprintf(stderr, "need --image and --classifier\n");
    return 2;
  }
  const int threads = p.value("threads").toInt();

  // 1. Plugin load (first use), on a worker thread as the GUI does it.
  QElapsedTimer t;
  t.start();
  InteractiveEngineLoad load;
  std::thread([&load] { load = loadInteractiveEngine(); }).join();
  if (!load.engine) {
    std::fprintf(stderr, "%s\n", qPrintable(load.error));
    return 3;
  }
  std::printf("plugin load (first use): %.0f ms (%s)\n", load.loadSeconds * 1000, qPrintable(load.path));

  // 2. CAM time per classifier on the patch.
  const arml::interactive::RgbImage rgb = rgbOf(image);
  std::printf("patch %s: %d x %d\n", qPrintable(image), rgb.width, rgb.height);
  for (const QString& ckpt : classifiers) {
    t.restart();
    std::unique_ptr<arml::interactive::ClassifierSession> session;
    try {
      session = load.engine->openClassifier(ckpt.toStdString(), "cpu", threads);
    } catch (const std::exception& e) {
      std::printf("cams %s: %s\n", qPrintable(ckpt), e.what());
      continue;
    }
    const double openMs = ms(t);
    t.restart();
    session->cams(rgb);
    const double firstMs = ms(t);
    std::vector<double> times;
    for (int i = 0; i < p.value("repeats").toInt(); ++i) {
      t.restart();
      session->cams(rgb);
      times.push_back(ms(t));
    }
    std::sort(times.begin(), times.end());
    std::printf("cams %s [%s, ARS %s]: open %.0f ms, first %.0f ms, median %.0f ms, min %.0f ms (n=%zu)\n",
                qPrintable(ckpt), session->info().architecture.c_str(), session->info().hasArs ? "yes" : "no", openMs,
                firstMs, times.empty() ? 0 : times[times.size() / 2], times.empty() ? 0 : times.front(), times.size());
  }

  // 3. The Compare CAMs page end to end, event-loop stalls while computing.
  CamComparePage page;
  page.resize(1280, 820);
  page.show();
  page.controller()->setComputeSettings("cpu", threads);
  page.setArsClassifier(classifiers.front());
  page.setBaseline(p.value("baseline"));
  page.setSegmenter(p.value("segmenter"));
  StallProbe probe;
  probe.start();
  t.restart();
  const QString mask = cropped(p.value("mask"));
  page.setPatch(image, mask);
  if (!waitReady(page.controller(), 600000)) std::fprintf(stderr, "no result\n");
  probe.stop();
  std::printf(
      "page: patch -> all panels computed %.0f ms (%d network calls), longest event-loop stall %.1f ms (%d ticks)\n",
      ms(t), page.controller()->computeCount(), probe.worst, probe.ticks);
  for (int i = 0; i < page.view()->panelCount(); ++i)
    if (!page.view()->panel(i).message.isEmpty())
      std::printf("  panel %d (%s): %s\n", i, qPrintable(page.view()->panel(i).title),
                  qPrintable(page.view()->panel(i).message));
  QApplication::processEvents();

  // 4. Cache hit: another patch, then back; patch set -> painted.
  const QString other = cropped(p.value("other-image"));
  if (!other.isEmpty()) {
    page.setPatch(other, QString());
    waitReady(page.controller(), 600000);
    const int calls = page.controller()->computeCount();
    std::vector<double> hits;
    for (int i = 0; i < 5; ++i) {
      page.setPatch(other, QString());
      if (page.controller()->isBusy()) waitReady(page.controller(), 600000);
      t.restart();
      page.setPatch(image, mask);
      page.view()->canvas()->repaint();
      hits.push_back(ms(t));
    }
    std::sort(hits.begin(), hits.end());
    std::printf("cache hit: patch set -> painted median %.1f ms, max %.1f ms; network calls during hits: %d\n",
                hits[hits.size() / 2], hits.back(), page.controller()->computeCount() - calls);
  }

  // 5. Screenshots.
  const QString dir = p.value("screenshots");
  if (!dir.isEmpty()) {
    QDir().mkpath(dir);
    QApplication::processEvents();
    save(&page, dir, "cam_compare_side_by_side.png");
    // The class the classifier is surest of.
    const QVector<float> prob = page.view()->panel(1).probabilities;
    page.view()->setCurrentClass(prob.isEmpty() ? 1 : int(std::max_element(prob.begin(), prob.end()) - prob.begin()));
    page.view()->setNormalisation(CamNormalisation::PerClass);
    page.view()->setColourMap(arml::widgets::ColourMap::Viridis);
    save(&page, dir, "cam_compare_per_class_viridis.png");
    page.view()->setColourMap(arml::widgets::ColourMap::Jet);
    page.view()->setLayoutMode(CamCompareView::Layout::Swipe);
    page.view()->setComparedPanels(1, 2);
    page.view()->setSwipePosition(0.4);
    save(&page, dir, "cam_compare_swipe.png");
    page.view()->setLayoutMode(CamCompareView::Layout::Difference);
    save(&page, dir, "cam_compare_difference.png");
    page.view()->setLayoutMode(CamCompareView::Layout::SideBySide);
    page.view()->setView(page.view()->viewScale() * 3, QPointF(rgb.width * 0.3, rgb.height * 0.3));
    save(&page, dir, "cam_compare_zoomed.png");
  }

  // 6. A real project on the Review page: first generated mask, Compare CAMs tab, default checkpoints.
  if (p.isSet("project")) {
    Project project;
    QString error;
    if (!Project::open(p.value("project"), &project, &error)) {
      std::fprintf(stderr, "%s\n", qPrintable(error));
      return 2;
    }
    QStringList masks;
    QDirIterator it(project.masksDir(), {QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) masks << it.next();
    masks.sort();
    ReviewPage review;
    review.resize(1500, 900);
    review.show();
    review.setProject(project);
    review.findChild<QTabWidget*>(QStringLiteral("reviewViews"))->setCurrentIndex(1);
    CamCompareController* c = review.camCompare()->controller();
    c->setComputeSettings("cpu", threads);
    std::printf("project %s: classifier %s, baseline %s, segmenter %s\n", qPrintable(project.folder()),
                qPrintable(c->checkpoints().arsClassifier), qPrintable(c->checkpoints().baseline),
                qPrintable(c->checkpoints().segmenter));
    if (!masks.isEmpty()) {
      t.restart();
      review.openMask(masks.value(1, masks.front()));
      if (c->isBusy()) waitReady(c, 600000);
      std::printf("review page: mask opened -> compare tab computed %.0f ms\n", ms(t));
      QApplication::processEvents();
      save(&review, dir, QStringLiteral("review_page_compare_tab.png"));
    }
  }
  return 0;
}
