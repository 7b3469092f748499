#pragma once
// Colour maps for CAM heat-map layers: float activations to ARGB32 images.
#include <QImage>
#include <QString>
#include <QStringList>

namespace arml::widgets {

enum class ColourMap { Jet, Inferno, Viridis };

QStringList colourMapNames();             // in enum order, for a combo box
QRgb colourMapValue(ColourMap map, double t);  // t in [0, 1] (clamped), opaque

// values: height x width floats (row-major). Each value is divided by `max` (values above it
// saturate) and coloured; a non-positive max gives an image of the lowest colour.
QImage heatMapImage(const float* values, int width, int height, float max, ColourMap map);

}  // namespace arml::widgets
