#include "widgets/tinted_icon.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>
#include <memory>

namespace arml::widgets {

namespace {

// Renders the SVG with QSvgRenderer when a size is first asked for, once per size and mode: neither
// the rendering nor Qt's SVG icon plugin (loaded by QIcon(".svg")) costs the app's start-up.
class TintedIconEngine : public QIconEngine {
public:
  explicit TintedIconEngine(const QString& path) : path_(path) {}

  void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override {
    painter->drawPixmap(rect, pixmap(rect.size(), mode, state));
  }

  QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State /*state: the icons have one*/) override {
    const bool selected = mode == QIcon::Selected;
    const QString key = QStringLiteral("%1x%2:%3").arg(size.width()).arg(size.height()).arg(int(mode));
    if (const auto it = cache_.constFind(key); it != cache_.constEnd()) return *it;
    QPixmap result(size);
    result.fill(Qt::transparent);
    {
      QPainter painter(&result);
      if (mode == QIcon::Disabled) painter.setOpacity(0.4);
      renderer().render(&painter, QRectF(QPointF(0, 0), size));
    }
    if (selected && !result.isNull()) {
      QPainter tint(&result);
      tint.setCompositionMode(QPainter::CompositionMode_SourceIn);  // keep the shape, change the colour
      tint.fillRect(result.rect(), QGuiApplication::palette().color(QPalette::HighlightedText));
    }
    cache_.insert(key, result);
    return result;
  }

  QSize actualSize(const QSize& size, QIcon::Mode, QIcon::State) override { return size; }

  bool isNull() override { return false; }  // tintedIcon() made it for a file that exists
  QIconEngine* clone() const override { return new TintedIconEngine(path_); }

private:
  QSvgRenderer& renderer() {  // the SVG is parsed when first drawn
    if (!renderer_) renderer_ = std::make_unique<QSvgRenderer>(path_);
    return *renderer_;
  }

  QString path_;
  std::unique_ptr<QSvgRenderer> renderer_;
  QHash<QString, QPixmap> cache_;
};

}  // namespace

QIcon tintedIcon(const QString& svgPath) {
  if (!QFileInfo::exists(svgPath)) return QIcon();  // also for ":/icons/..." resources
  return QIcon(new TintedIconEngine(svgPath));
}

}  // namespace arml::widgets
