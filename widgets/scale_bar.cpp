#include "widgets/scale_bar.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>
#include <cmath>

namespace arml::widgets {

ScaleBarSpec scaleBarFor(std::optional<double> umPerScreenPx, double maxLengthPx) {
  ScaleBarSpec spec;
  if (!umPerScreenPx || !(*umPerScreenPx > 0) || !std::isfinite(*umPerScreenPx)) {
    spec.label = QCoreApplication::translate("arml::widgets::ScaleBar", "no resolution metadata — scale unknown");
    return spec;
  }
  const double maxUm = *umPerScreenPx * maxLengthPx;
  const double decade = std::pow(10.0, std::floor(std::log10(maxUm)));
  double um = decade;
  for (double step : {5.0, 2.0, 1.0})
    if (step * decade <= maxUm) {
      um = step * decade;
      break;
    }
  spec.known = true;
  spec.lengthPx = um / *umPerScreenPx;
  if (um >= 1000.0)
    spec.label = QStringLiteral("%1 mm").arg(um / 1000.0, 0, 'g', 6);
  else if (um >= 1.0)
    spec.label = QStringLiteral("%1 µm").arg(um, 0, 'g', 6);
  else
    spec.label = QStringLiteral("%1 nm").arg(um * 1000.0, 0, 'g', 6);
  return spec;
}

void paintScaleBar(QPainter& painter, const ScaleBarSpec& spec, const QPoint& bottomLeft) {
  painter.save();
  const QFontMetrics fm(painter.font());
  const int pad = 6;
  const int textW = fm.horizontalAdvance(spec.label);
  const int barW = spec.known ? static_cast<int>(std::lround(spec.lengthPx)) : 0;
  const int boxW = std::max(textW, barW) + 2 * pad;
  const int boxH = fm.height() + (spec.known ? 10 : 0) + 2 * pad;
  const QRect box(bottomLeft.x(), bottomLeft.y() - boxH, boxW, boxH);
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(255, 255, 255, 200));
  painter.drawRect(box);
  painter.setPen(Qt::black);
  painter.drawText(QRect(box.left() + pad, box.top() + pad, boxW - 2 * pad, fm.height()), Qt::AlignLeft, spec.label);
  if (spec.known) {
    const int y = box.bottom() - pad - 3;
    painter.fillRect(QRect(box.left() + pad, y - 2, barW, 5), Qt::black);
  }
  painter.restore();
}

}  // namespace arml::widgets
