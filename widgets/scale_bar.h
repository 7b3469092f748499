#pragma once
// The scale bar of the slide view: a "round" length (1, 2 or 5 x 10^k µm, shown in µm or mm)
// whose bar is at most a given number of screen pixels long.
#include <QString>
#include <optional>

class QPainter;
class QPoint;

namespace arml::widgets {

struct ScaleBarSpec {
  bool known = false;  // false: the slide has no resolution metadata
  double lengthPx = 0;  // bar length on screen
  QString label;        // "200 µm", "1 mm", or the "scale unknown" message
};

// umPerScreenPx: micrometres covered by one screen pixel (empty when unknown).
ScaleBarSpec scaleBarFor(std::optional<double> umPerScreenPx, double maxLengthPx = 160.0);

// Paints the bar and its label with the bottom-left corner at `anchor` (a box on a translucent
// background), so that it stays readable over any tissue.
void paintScaleBar(QPainter& painter, const ScaleBarSpec& spec, const QPoint& bottomLeft);

}  // namespace arml::widgets
