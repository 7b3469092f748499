// svg2png: the build-time renderer of the application icon's PNG sizes (hicolor theme) and of the
// icon contact sheet. Uses Qt's own SVG renderer, so the PNGs look as the icons do in the app.
//   svg2png SVG SIZE OUT.png                      one square PNG
//   svg2png --sheet OUT.png BG SIZE SVG...        the SVGs side by side on background colour BG
#include <QColor>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QStringList>
#include <QSvgRenderer>
#include <cstdio>

static bool render(const QString& svg, int size, QPainter& p, const QRectF& where) {
  QSvgRenderer r(svg);
  if (!r.isValid()) {
    std::fprintf(stderr, "svg2png: cannot read %s\n", qPrintable(svg));
    return false;
  }
  r.render(&p, where);
  (void)size;
  return true;
}

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  const QStringList a = app.arguments();
  if (a.size() >= 6 && a[1] == QLatin1String("--sheet")) {
    const int size = a[4].toInt();
    const int n = a.size() - 5, pad = size / 4;
    QImage img(n * (size + pad) + pad, size + 2 * pad, QImage::Format_ARGB32);
    img.fill(QColor(a[3]));
    QPainter p(&img);
    for (int i = 0; i < n; ++i)
      if (!render(a[5 + i], size, p, QRectF(pad + i * (size + pad), pad, size, size))) return 1;
    p.end();
    return img.save(a[2]) ? 0 : 1;
  }
  if (a.size() != 4 || a[2].toInt() <= 0) {
    std::fprintf(stderr, "usage: svg2png SVG SIZE OUT.png | svg2png --sheet OUT.png BG SIZE SVG...\n");
    return 2;
  }
  const int size = a[2].toInt();
  QImage img(size, size, QImage::Format_ARGB32);
  img.fill(Qt::transparent);
  QPainter p(&img);
  if (!render(a[1], size, p, QRectF(0, 0, size, size))) return 1;
  p.end();
  if (!img.save(a[3])) {
    std::fprintf(stderr, "svg2png: cannot write %s\n", qPrintable(a[3]));
    return 1;
  }
  return 0;
}
