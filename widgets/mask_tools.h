#pragma once
// The editing operations of the mask canvas, on the model (no widget): each one touches the tiles
// it may write (so the undo command can keep their old bytes) and then writes the new class.
// `onlyOver` >= 0 protects everything else: only pixels of that class are changed.
#include <QPoint>
#include <QPolygonF>
#include <QRect>

namespace arml::widgets {

class MaskModel;

enum class MaskTool { Brush, Eraser, Polygon, Bucket, Relabel, Picker };

// A round brush of `diameter` pixels swept from a to b (pixel coordinates, pixel centre at +0.5):
// every pixel whose centre lies within diameter/2 of the segment. Returns the written bounds.
QRect paintSegment(MaskModel& m, QPointF a, QPointF b, double diameter, int value, int onlyOver = -1);
// Pixels whose centre is inside the polygon (even-odd).
QRect fillPolygon(MaskModel& m, const QPolygonF& polygon, int value, int onlyOver = -1);
// Paint bucket: the 4-connected region of the seed pixel's class becomes `value`.
QRect bucketFill(MaskModel& m, QPoint seed, int value, int onlyOver = -1);
// Relabel: the 4-connected piece of tissue (pixels not of class `background`) under the seed
// becomes `value`, whatever classes it had. Nothing happens on background.
QRect relabelRegion(MaskModel& m, QPoint seed, int value, int background, int onlyOver = -1);

}  // namespace arml::widgets
