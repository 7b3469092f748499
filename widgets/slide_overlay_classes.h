#pragma once
// The classes of the slide view's class-mask layers (the pyramid overlay and a live class mask):
// names, colours, visibility and the colour table an Indexed8 class tile is drawn with (hidden
// classes and the background transparent).
#include <QColor>
#include <QImage>
#include <QString>
#include <QVector>

namespace arml::slide {
class MaskPyramidReader;
}  // namespace arml::slide

namespace arml::widgets {

struct OverlayClass {
  QString name;
  QColor colour;
  bool visible = true;
};

class OverlayClassTable {
public:
  // The classes a pyramid's description names (the BCSS-WSSS defaults when it names none), or
  // without a pyramid the fallback classes.
  void build(const slide::MaskPyramidReader* overlay);
  // Classes used without a pyramid; `background` is drawn transparent. Takes effect at build().
  void setFallback(const QVector<OverlayClass>& classes, int background);
  // False (and nothing changes) for an index out of range.
  bool setVisible(int classIndex, bool visible);

  const QVector<OverlayClass>& classes() const { return classes_; }
  const QVector<QRgb>& colourTable() const { return colourTable_; }
  // `classTile` (Indexed8) with the current colour table; shares the pixels.
  QImage coloured(const QImage& classTile) const;

private:
  QVector<OverlayClass> classes_;
  QVector<QRgb> colourTable_;
  QVector<OverlayClass> fallbackClasses_;
  int fallbackBackground_ = 4;
};

}  // namespace arml::widgets
