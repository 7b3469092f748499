#include "widgets/cam_compare_painter.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "widgets/cam_compare_canvas.h"
#include "widgets/cam_compare_view.h"

namespace arml::widgets {

namespace {

constexpr double kTitleHeight = CamCompareGeometry::kTitleHeight;
constexpr double kLegendHeight = CamCompareGeometry::kLegendHeight;
constexpr double kGap = CamCompareGeometry::kGap;

QString formatValue(float v) {
  return std::abs(v) >= 100 || (v != 0 && std::abs(v) < 0.01) ? QString::number(double(v), 'g', 3)
                                                              : QString::number(double(v), 'f', 2);
}

}  // namespace

CamComparePainter::CamComparePainter(CamCompareView& view, QPainter& painter)
    : view_(view), p_(painter), geometry_(view.canvasGeometry()) {}

void CamComparePainter::paint() {
  const QRectF canvas = geometry_.canvas;
  p_.fillRect(view_.canvas_->rect(), view_.palette().window());
  if (!view_.viewMessage_.isEmpty() || view_.image_.isNull() || view_.panels_.isEmpty()) {
    p_.setPen(view_.palette().color(QPalette::WindowText));
    p_.drawText(
        canvas.adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
        view_.viewMessage_.isEmpty() ? CamCompareView::tr("Open a patch to compare its CAMs.") : view_.viewMessage_);
    return;
  }
  const QVector<QRectF> c = geometry_.cells();
  if (view_.layout_ == CamCompareView::Layout::SideBySide)
    paintSideBySide(c);
  else if (view_.layout_ == CamCompareView::Layout::Swipe)
    paintSwipe(c.front());
  else
    paintDifference(c.front());
}

void CamComparePainter::paintSideBySide(const QVector<QRectF>& c) {
  const QFontMetricsF fm(p_.font());
  for (int i = 0; i < c.size(); ++i) {
    const QRectF area = CamCompareGeometry::areaOfCell(c[i]);
    p_.setPen(view_.palette().color(QPalette::WindowText));
    p_.drawText(QRectF(c[i].left(), c[i].top(), c[i].width(), kTitleHeight), Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(view_.panelTitle(i), Qt::ElideRight, c[i].width()));
    paintPanel(i, area, area);
    paintLegend(i, QRectF(c[i].left(), area.bottom() + 2, c[i].width(), kLegendHeight - 2));
  }
}

void CamComparePainter::paintSwipe(const QRectF& cell) {
  const QRectF area = CamCompareGeometry::areaOfCell(cell);
  const QRectF titleRect(cell.left(), cell.top(), cell.width(), kTitleHeight);
  const int a = view_.compareA_, b = view_.compareB_;
  p_.setPen(view_.palette().color(QPalette::WindowText));
  const double x = geometry_.swipeDivider().left();
  paintPanel(a, area, QRectF(area.left(), area.top(), x - area.left(), area.height()));
  paintPanel(b, area, QRectF(x, area.top(), area.right() - x, area.height()));
  p_.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, CamCompareView::tr("◀ %1").arg(view_.panelTitle(a)));
  p_.drawText(titleRect, Qt::AlignRight | Qt::AlignVCenter, CamCompareView::tr("%1 ▶").arg(view_.panelTitle(b)));
  p_.save();
  p_.setPen(QPen(Qt::white, 2));
  p_.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
  p_.setBrush(Qt::white);
  p_.setPen(QPen(Qt::black, 1));
  p_.drawEllipse(QPointF(x, area.center().y()), 7, 7);
  p_.restore();
  const double half = cell.width() / 2;
  paintLegend(a, QRectF(cell.left(), area.bottom() + 2, half - kGap, kLegendHeight - 2));
  paintLegend(b, QRectF(cell.left() + half, area.bottom() + 2, half, kLegendHeight - 2));
}

// The image under A − B of the current class.
void CamComparePainter::paintDifference(const QRectF& cell) {
  const QRectF area = CamCompareGeometry::areaOfCell(cell);
  const QRectF titleRect(cell.left(), cell.top(), cell.width(), kTitleHeight);
  const QVector<CamPanel>& panels = view_.panels_;
  p_.setPen(view_.palette().color(QPalette::WindowText));
  p_.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
              CamCompareView::tr("%1 − %2 (%3)")
                  .arg(panels.value(view_.compareA_).title, panels.value(view_.compareB_).title,
                       view_.classes_.value(view_.class_)));
  p_.save();
  p_.setClipRect(area);
  p_.fillRect(area, QColor(40, 40, 40));
  const QImage& image = view_.image_;
  const QRectF target(geometry_.imageToCanvas(0, {0, 0}),
                      geometry_.imageToCanvas(0, QPointF(image.width(), image.height())));
  p_.setRenderHint(QPainter::SmoothPixmapTransform, geometry_.scale < 1);
  // Grey under the signed colours, so that H&E's pinks and purples are not read as differences.
  if (view_.greyImage_.isNull()) view_.greyImage_ = image.convertToFormat(QImage::Format_Grayscale8);
  p_.drawImage(target, view_.overlayVisible_ ? view_.greyImage_ : image);
  const QImage diff = view_.overlayImage(-1);
  if (diff.isNull()) {
    p_.fillRect(area, QColor(0, 0, 0, 120));
    p_.setPen(Qt::white);
    p_.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                CamCompareView::tr("Both panels need a map of this image to compare."));
  } else if (view_.overlayVisible_) {
    p_.setOpacity(std::max(view_.opacity_, 0.05));
    p_.drawImage(target, diff);
  }
  p_.restore();
  paintDifferenceLegend(QRectF(cell.left(), area.bottom() + 2, cell.width(), kLegendHeight - 2));
}

void CamComparePainter::paintPanel(int index, const QRectF& area, const QRectF& clip) {
  if (index < 0 || index >= view_.panels_.size()) return;
  const CamPanel& p = view_.panels_[index];
  p_.save();
  p_.setClipRect(clip);
  p_.fillRect(area, QColor(40, 40, 40));
  const QRectF target = geometry_.imageTarget(area, view_.image_.size());
  p_.setRenderHint(QPainter::SmoothPixmapTransform, geometry_.scale < 1);
  p_.drawImage(target, view_.image_);
  if (!p.message.isEmpty()) {
    p_.fillRect(area, QColor(0, 0, 0, 140));
    p_.setPen(Qt::white);
    p_.drawText(area.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, p.message);
  } else if (view_.overlayVisible_ && p.kind != CamPanel::Kind::Image) {
    const QImage overlay = view_.overlayImage(index);
    if (!overlay.isNull()) {
      p_.setOpacity(view_.opacity_);
      p_.drawImage(target, overlay);
    }
  }
  p_.restore();
}

void CamComparePainter::paintLegend(int index, const QRectF& rect) {
  if (index < 0 || index >= view_.panels_.size() || !view_.panels_[index].message.isEmpty()) return;
  const CamPanel& p = view_.panels_[index];
  p_.save();
  p_.setPen(view_.palette().color(QPalette::WindowText));
  if (p.kind == CamPanel::Kind::Cam)
    paintCamLegend(index, rect);
  else if (p.kind == CamPanel::Kind::ClassMask)
    paintMaskLegend(p, rect);
  p_.restore();
}

// The class, its value range and the colour bar.
void CamComparePainter::paintCamLegend(int index, const QRectF& rect) {
  const QFontMetricsF fm(p_.font());
  if (view_.class_ >= view_.panels_[index].cams.planes) {
    p_.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, CamCompareView::tr("no map for this class"));
    return;
  }
  const ValueRange r = view_.legendRange(index);
  const QString name = view_.classes_.value(view_.class_);
  const QString lo = formatValue(r.min), hi = formatValue(r.max);
  const double nameWidth = std::min(fm.horizontalAdvance(name) + 8, rect.width() * 0.35);
  p_.drawText(QRectF(rect.left(), rect.top(), nameWidth, rect.height()), Qt::AlignLeft | Qt::AlignVCenter,
              fm.elidedText(name, Qt::ElideRight, nameWidth - 4));
  const double loWidth = fm.horizontalAdvance(lo) + 6, hiWidth = fm.horizontalAdvance(hi) + 6;
  const QRectF bar(rect.left() + nameWidth + loWidth, rect.center().y() - 5,
                   std::max(10.0, rect.width() - nameWidth - loWidth - hiWidth), 10);
  p_.drawText(QRectF(rect.left() + nameWidth, rect.top(), loWidth - 3, rect.height()),
              Qt::AlignRight | Qt::AlignVCenter, lo);
  p_.drawText(QRectF(bar.right() + 3, rect.top(), hiWidth, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, hi);
  QLinearGradient g(bar.topLeft(), bar.topRight());
  for (int i = 0; i <= 16; ++i) g.setColorAt(i / 16.0, QColor::fromRgb(colourMapValue(view_.colourMap_, i / 16.0)));
  p_.fillRect(bar, g);
  p_.setPen(view_.palette().color(QPalette::Mid));
  p_.setBrush(Qt::NoBrush);
  p_.drawRect(bar);
}

// The classes present, largest first, with their share of the patch.
void CamComparePainter::paintMaskLegend(const CamPanel& p, const QRectF& rect) {
  const QFontMetricsF fm(p_.font());
  QVector<qint64> counts(256, 0);
  for (char v : p.mask) ++counts[static_cast<unsigned char>(v)];
  QVector<int> present;
  for (int c = 0; c < 256; ++c)
    if (counts[c] > 0 && c != view_.transparentMask_) present << c;
  std::sort(present.begin(), present.end(), [&](int a, int b) { return counts[a] > counts[b]; });
  double x = rect.left();
  for (int c : present) {
    const QString share =
        QStringLiteral(" %1%").arg(std::lround(100.0 * counts[c] / std::max<qsizetype>(1, p.mask.size())));
    QString name = view_.classes_.value(c, CamCompareView::tr("class %1").arg(c));
    const double room = rect.right() - x - 16 - fm.horizontalAdvance(share) - 8;
    if (room < fm.horizontalAdvance(QStringLiteral("W…"))) break;
    name = fm.elidedText(name, Qt::ElideRight, room);
    const double w = 16 + fm.horizontalAdvance(name + share) + 10;
    p_.fillRect(QRectF(x, rect.center().y() - 6, 12, 12), view_.maskColours_.value(c, Qt::gray));
    p_.drawText(QRectF(x + 16, rect.top(), w - 16, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, name + share);
    x += w;
  }
}

void CamComparePainter::paintDifferenceLegend(const QRectF& rect) {
  const QFontMetricsF fm(p_.font());
  const QString lo = CamCompareView::tr("−1 (%1 higher)").arg(view_.panels_.value(view_.compareB_).title);
  const QString hi = CamCompareView::tr("+1 (%1 higher)").arg(view_.panels_.value(view_.compareA_).title);
  const double loWidth = fm.horizontalAdvance(lo) + 8, hiWidth = fm.horizontalAdvance(hi) + 8;
  const QRectF bar(rect.left() + loWidth, rect.center().y() - 5, std::max(10.0, rect.width() - loWidth - hiWidth), 10);
  p_.save();
  p_.setPen(view_.palette().color(QPalette::WindowText));
  p_.drawText(QRectF(rect.left(), rect.top(), loWidth - 4, rect.height()), Qt::AlignRight | Qt::AlignVCenter, lo);
  p_.drawText(QRectF(bar.right() + 4, rect.top(), hiWidth, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, hi);
  QLinearGradient g(bar.topLeft(), bar.topRight());
  for (int i = 0; i <= 16; ++i) g.setColorAt(i / 16.0, QColor::fromRgb(divergingColour(i / 8.0 - 1.0)));
  p_.fillRect(bar, g);
  p_.setPen(view_.palette().color(QPalette::Mid));
  p_.setBrush(Qt::NoBrush);
  p_.drawRect(bar);
  p_.restore();
}

}  // namespace arml::widgets
