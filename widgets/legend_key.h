#pragma once
// A legend entry that stands for no single graph: a line sample drawn with a pen, and a text. With
// several runs on one plot, a few of these replace one entry per run and series (see LossPlot).
#include <QPen>
#include <QString>

#include "widgets/qcustomplot_include.h"

namespace arml::widgets {

class LegendKey : public QCPAbstractLegendItem {
public:
  LegendKey(QCPLegend* legend, const QPen& pen, const QString& text);
  QString text() const { return text_; }
  QPen pen() const { return pen_; }

protected:
  void draw(QCPPainter* painter) override;
  QSize minimumOuterSizeHint() const override;

private:
  QPen pen_;
  QString text_;
};

}  // namespace arml::widgets
