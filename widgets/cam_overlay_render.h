#pragma once
// Pixel work of the CAM compare view, kept apart from the widget so it can be tested alone:
// normalising CAM planes (global over all classes, or per class), colouring them with a colour map,
// class masks as colour overlays, and the signed difference of two panels.
#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QVector>

#include "widgets/heat_map.h"

namespace arml::widgets {

// planes × height × width float CAMs (row-major, plane-major), not normalised.
struct CamMaps {
  int planes = 0, width = 0, height = 0;
  QVector<float> values;
  bool isEmpty() const { return planes == 0 || values.isEmpty(); }
  const float* plane(int p) const { return values.constData() + qsizetype(p) * width * height; }
};

enum class CamNormalisation { Global, PerClass };

struct ValueRange {
  float min = 0, max = 0;
};

// The range a class is normalised with: its own min/max (PerClass) or that of all planes (Global).
ValueRange camRange(const CamMaps& maps, int plane, CamNormalisation normalisation);
// (v − min) / (max − min) of one plane in [0, 1]; zeros when max == min.
QVector<float> normalisedPlane(const CamMaps& maps, int plane, CamNormalisation normalisation);
// Opaque ARGB32 image of values in [0, 1].
QImage colourised(const QVector<float>& values01, int width, int height, widgets::ColourMap map);

// 1 where mask == value, else 0 (a class mask as a plane, for differences).
QVector<float> maskIndicator(const QByteArray& mask, int value);
// ARGB32 image: colours[mask value], transparent for values without a colour or == transparent.
QImage classMaskImage(const QByteArray& mask, int width, int height, const QVector<QColor>& colours, int transparent);

// Blue (−1) – white (0) – red (+1).
QRgb divergingColour(double t);
// a − b coloured with divergingColour; ARGB32 with alpha √|a − b|, so agreement stays clear and
// small differences still show.
QImage differenceImage(const QVector<float>& a, const QVector<float>& b, int width, int height);

}  // namespace arml::widgets
