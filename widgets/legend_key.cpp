#include "widgets/legend_key.h"

namespace arml::widgets {

LegendKey::LegendKey(QCPLegend* legend, const QPen& pen, const QString& text)
    : QCPAbstractLegendItem(legend), pen_(pen), text_(text) {
  setSelectable(false);
}

// Laid out as QCustomPlot's own graph entries: the icon, then the text beside it.
void LegendKey::draw(QCPPainter* painter) {
  const QSize icon = mParentLegend->iconSize();
  painter->setFont(mFont);
  painter->setPen(QPen(mTextColor));
  const QRect textRect = painter->fontMetrics().boundingRect(0, 0, 0, icon.height(), Qt::TextDontClip, text_);
  const int height = std::max(textRect.height(), icon.height());
  painter->drawText(mRect.x() + icon.width() + mParentLegend->iconTextPadding(), mRect.y(), textRect.width(), height,
                    Qt::TextDontClip, text_);
  const double y = mRect.y() + icon.height() / 2.0;
  painter->setPen(pen_);
  painter->drawLine(QLineF(mRect.x(), y, mRect.x() + icon.width(), y));
}

QSize LegendKey::minimumOuterSizeHint() const {
  const QSize icon = mParentLegend->iconSize();
  const QRect textRect = QFontMetrics(mFont).boundingRect(0, 0, 0, icon.height(), Qt::TextDontClip, text_);
  return QSize(icon.width() + mParentLegend->iconTextPadding() + textRect.width() + mMargins.left() + mMargins.right(),
               std::max(textRect.height(), icon.height()) + mMargins.top() + mMargins.bottom());
}

}  // namespace arml::widgets
