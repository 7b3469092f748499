#include "widgets/tinted_icon.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace arml::widgets {

QIcon tintedIcon(const QString& svgPath) {
  const QIcon source(svgPath);
  const QColor selected = QGuiApplication::palette().color(QPalette::HighlightedText);
  QIcon icon;
  for (const int size : {16, 20, 22, 24, 32, 48, 64}) {
    const QPixmap normal = source.pixmap(size, size);
    if (normal.isNull()) continue;
    QPixmap recoloured = normal;
    QPainter painter(&recoloured);
    painter.setCompositionMode(QPainter::CompositionMode_SourceIn);  // keep the shape, change the colour
    painter.fillRect(recoloured.rect(), selected);
    painter.end();
    icon.addPixmap(normal, QIcon::Normal);
    icon.addPixmap(recoloured, QIcon::Selected);
  }
  return icon;
}

}  // namespace arml::widgets
