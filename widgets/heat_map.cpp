#include "widgets/heat_map.h"

#include <QCoreApplication>
#include <algorithm>
#include <array>
#include <cmath>

namespace arml::widgets {

namespace {

using Stop = std::array<double, 3>;

// Piecewise-linear approximation of matplotlib's perceptual maps (9 evenly spaced stops).
constexpr std::array<Stop, 9> kInferno = {{{0, 0, 4},
                                           {31, 12, 72},
                                           {85, 15, 109},
                                           {136, 34, 106},
                                           {186, 54, 85},
                                           {227, 89, 51},
                                           {249, 140, 10},
                                           {249, 201, 50},
                                           {252, 255, 164}}};
constexpr std::array<Stop, 9> kViridis = {{{68, 1, 84},
                                           {71, 45, 123},
                                           {59, 82, 139},
                                           {44, 114, 142},
                                           {33, 145, 140},
                                           {40, 174, 128},
                                           {94, 201, 98},
                                           {173, 220, 48},
                                           {253, 231, 37}}};

QRgb interpolate(const std::array<Stop, 9>& stops, double t) {
  const double x = t * (stops.size() - 1);
  const int i = std::min(static_cast<int>(stops.size()) - 2, static_cast<int>(x));
  const double f = x - i;
  auto mix = [&](int k) { return static_cast<int>(std::lround(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f)); };
  return qRgb(mix(0), mix(1), mix(2));
}

QRgb jet(double t) {
  auto channel = [](double v) { return static_cast<int>(std::lround(255 * std::clamp(v, 0.0, 1.0))); };
  return qRgb(channel(1.5 - std::abs(4 * t - 3)), channel(1.5 - std::abs(4 * t - 2)), channel(1.5 - std::abs(4 * t - 1)));
}

}  // namespace

QStringList colourMapNames() {
  return {QCoreApplication::translate("HeatMap", "Jet"), QCoreApplication::translate("HeatMap", "Inferno"),
          QCoreApplication::translate("HeatMap", "Viridis")};
}

QRgb colourMapValue(ColourMap map, double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
  switch (map) {
    case ColourMap::Jet: return jet(t);
    case ColourMap::Inferno: return interpolate(kInferno, t);
    case ColourMap::Viridis: return interpolate(kViridis, t);
  }
  return jet(t);
}

QImage heatMapImage(const float* values, int width, int height, float max, ColourMap map) {
  QImage out(width, height, QImage::Format_ARGB32);
  std::array<QRgb, 256> lut;
  for (int i = 0; i < 256; ++i) lut[i] = colourMapValue(map, i / 255.0);
  const float scale = max > 0 ? 255.0f / max : 0.0f;
  for (int y = 0; y < height; ++y) {
    QRgb* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
    const float* src = values + static_cast<std::size_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      const float v = std::isfinite(src[x]) ? src[x] * scale : 0.0f;
      dst[x] = lut[static_cast<std::size_t>(std::clamp(static_cast<int>(v + 0.5f), 0, 255))];
    }
  }
  return out;
}

}  // namespace arml::widgets
