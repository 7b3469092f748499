// bench_slide_view: the Slides page's viewer on real slides, offscreen.
//   bench_slide_view [SLIDE ...] [--frames N] [--size WxH] [--cache-mb M]
// Default slides: ../shared/data/wsi/*.svs. For each slide it writes a class-mask pyramid (blocks of
// the four classes at slide downsample 4) beside a temporary folder, opens slide + overlay and
// reports: time to the first full view after opening (open + every visible tile decoded), frames
// per second of a scripted pan/zoom with the overlay on (time of repaint() per frame; tiles keep
// arriving from the workers between frames, as in the app), the same counting the event
// processing between frames, the peak tile-cache bytes, and the longest the GUI thread was busy
// in one go (one pass of the event loop) while the slide opened: a read on the GUI thread would
// show up there.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "widgets/slide_view.h"

using arml::widgets::SlideView;

namespace {

// Spins the event loop until done(); *longestMs (if given) gets the longest single pass.
bool waitFor(const std::function<bool()>& done, int timeoutMs, double* longestMs = nullptr) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > timeoutMs) return false;
    QElapsedTimer pass;
    pass.start();
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    if (longestMs) *longestMs = std::max(*longestMs, pass.nsecsElapsed() / 1e6);
  }
  return true;
}

std::string writeMask(const QString& dir, const arml::slide::SlideReader& slide) {
  const int w = static_cast<int>((slide.width() + 3) / 4), h = static_cast<int>((slide.height() + 3) / 4);
  const std::string path = QDir(dir).filePath(QStringLiteral("mask.tif")).toStdString();
  arml::slide::MaskPyramidMetadata meta;
  meta.slideDownsample = 4.0;
  meta.extraJson = R"({"class_names":["TUM","STR","LYM","NEC"],"class_colours":[[255,0,0],[0,255,0],[0,0,255],[153,0,255]]})";
  arml::slide::writeMaskPyramid(
      path, w, h,
      [w](std::int64_t y0, int rows, std::uint8_t* dst) {
        for (int r = 0; r < rows; ++r)
          for (int x = 0; x < w; ++x) dst[std::size_t(r) * w + x] = static_cast<std::uint8_t>(((x / 50) + (y0 + r) / 50) % 5);
      },
      meta);
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QStringList slides;
  int frames = 300, viewW = 1280, viewH = 800, cacheMb = 256;
  const QStringList args = app.arguments().mid(1);
  for (int i = 0; i < args.size(); ++i) {
    if (args[i] == QLatin1String("--frames") && i + 1 < args.size()) frames = args[++i].toInt();
    else if (args[i] == QLatin1String("--size") && i + 1 < args.size()) {
      const QStringList wh = args[++i].split(QLatin1Char('x'));
      viewW = wh.value(0).toInt();
      viewH = wh.value(1).toInt();
    } else if (args[i] == QLatin1String("--cache-mb") && i + 1 < args.size()) cacheMb = args[++i].toInt();
    else slides << args[i];
  }
  if (slides.isEmpty()) {
    const QString shared = qEnvironmentVariable("ARML_SHARED_DIR", QStringLiteral("../shared"));
    for (const QString& f : QDir(shared + "/data/wsi").entryList({QStringLiteral("*.svs")}, QDir::Files))
      slides << shared + "/data/wsi/" + f;
  }
  if (slides.isEmpty()) {
    std::fprintf(stderr, "no slides given and none in ../shared/data/wsi\n");
    return 2;
  }
  QTextStream out(stdout);
  out << "view " << viewW << "x" << viewH << ", cache ceiling " << cacheMb << " MiB, " << frames
      << " frames, worker threads " << std::max(2, QThread::idealThreadCount()) << "\n";
  for (const QString& path : slides) {
    QTemporaryDir tmp;
    std::string maskPath;
    try {
      arml::slide::SlideReader probe(path.toStdString());
      maskPath = writeMask(tmp.path(), probe);
    } catch (const std::exception& e) {
      out << path << ": " << e.what() << "\n";
      continue;
    }
    SlideView view;
    view.resize(viewW, viewH);
    view.setCacheCeiling(std::int64_t(cacheMb) << 20);
    view.show();
    QCoreApplication::processEvents();

    QElapsedTimer t;
    t.start();
    double stallMs = 0;
    view.openSlide(path);
    if (!waitFor([&] { return view.slide() != nullptr && view.isViewComplete(); }, 60000, &stallMs)) {
      out << path << ": view did not complete\n";
      continue;
    }
    const double firstViewMs = t.nsecsElapsed() / 1e6;
    view.openOverlay(QString::fromStdString(maskPath));
    waitFor([&] { return view.hasOverlay(); }, 20000);
    view.setOverlayOpacity(0.5);
    // A live class-mask layer as "predict this view" leaves it: 448-px pieces at downsample 2 over
    // the middle 4096 x 4096 level-0 pixels, drawn on top of the pyramid overlay.
    view.startLiveLayer(SlideView::LiveKind::ClassMask);
    int livePieces = 0;
    {
      const double ds = 2.0, side = 448 * ds;
      const QPointF mid(view.slide()->width() / 2.0, view.slide()->height() / 2.0);
      for (double y = mid.y() - 2048; y < mid.y() + 2048; y += side)
        for (double x = mid.x() - 2048; x < mid.x() + 2048; x += side) {
          QImage piece(448, 448, QImage::Format_Indexed8);
          for (int r = 0; r < 448; ++r) std::memset(piece.scanLine(r), ((int(x) / 7 + r / 64) % 4), 448);
          view.addLivePiece(QRectF(x, y, side, side), piece);
          ++livePieces;
        }
    }
    waitFor([&] { return view.isViewComplete(); }, 20000);
    view.repaint();

    // Scripted session: zoom in around off-centre points, pan in four directions, zoom out.
    double paintNs = 0, worstMs = 0;
    int incompleteFrames = 0;
    QElapsedTimer wall;
    wall.start();
    for (int f = 0; f < frames; ++f) {
      const int phase = (f * 6) / frames;  // 6 phases
      const QPointF anchor(viewW * 0.4, viewH * 0.6);
      switch (phase) {
        case 0: view.zoomBy(1.06, anchor); break;
        case 1: view.panBy(QPointF(12, 0)); break;
        case 2: view.panBy(QPointF(0, 12)); break;
        case 3: view.panBy(QPointF(-12, -4)); break;
        case 4: view.zoomBy(1.03, anchor); view.panBy(QPointF(-6, -6)); break;
        default: view.zoomBy(1 / 1.07, anchor); break;
      }
      QElapsedTimer p;
      p.start();
      view.repaint();
      const double ns = p.nsecsElapsed();
      paintNs += ns;
      worstMs = std::max(worstMs, ns / 1e6);
      if (!view.isViewComplete()) ++incompleteFrames;
      QCoreApplication::processEvents();  // tiles that arrived since the last frame
    }
    const double wallS = wall.nsecsElapsed() / 1e9;
    waitFor([&] { return view.isViewComplete(); }, 20000);
    const auto* s = view.slide();
    out << QDir(path).dirName() << ": " << s->width() << "x" << s->height() << ", " << s->levelCount()
        << " level(s), display levels " << view.displayLevels().size() << "\n"
        << "  first full view after open: " << QString::number(firstViewMs, 'f', 1)
        << " ms (longest GUI-thread pass meanwhile " << QString::number(stallMs, 'f', 1) << " ms)\n"
        << "  pan/zoom with overlay + live layer (" << livePieces << " pieces): " << QString::number(frames / (paintNs / 1e9), 'f', 1)
        << " fps by repaint() time (mean " << QString::number(paintNs / 1e6 / frames, 'f', 2) << " ms, worst "
        << QString::number(worstMs, 'f', 1) << " ms); " << QString::number(frames / wallS, 'f', 1)
        << " fps including event processing; " << incompleteFrames << "/" << frames
        << " frames drawn with tiles still loading\n"
        << "  tiles decoded " << view.tilesDecoded() << ", peak tile-cache "
        << QString::number(view.cache().peakBytes() / 1048576.0, 'f', 1) << " MiB (ceiling " << cacheMb
        << " MiB), evictions " << view.cache().evictions() << "\n";
    out.flush();
  }
  return 0;
}
