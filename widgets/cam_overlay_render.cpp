#include "widgets/cam_overlay_render.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace arml::widgets {

ValueRange camRange(const CamMaps& maps, int plane, CamNormalisation normalisation) {
  if (maps.isEmpty() || plane < 0 || plane >= maps.planes) return {};
  const qsizetype n = qsizetype(maps.width) * maps.height;
  const float* begin = normalisation == CamNormalisation::Global ? maps.values.constData() : maps.plane(plane);
  const float* end = normalisation == CamNormalisation::Global ? begin + maps.values.size() : begin + n;
  ValueRange r{std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest()};
  for (const float* p = begin; p != end; ++p) {
    if (!std::isfinite(*p)) continue;
    r.min = std::min(r.min, *p);
    r.max = std::max(r.max, *p);
  }
  if (r.min > r.max) return {};
  return r;
}

QVector<float> normalisedPlane(const CamMaps& maps, int plane, CamNormalisation normalisation) {
  if (maps.isEmpty() || plane < 0 || plane >= maps.planes) return {};
  const qsizetype n = qsizetype(maps.width) * maps.height;
  const ValueRange r = camRange(maps, plane, normalisation);
  QVector<float> out(n, 0.0f);
  if (!(r.max > r.min)) return out;
  const float* src = maps.plane(plane);
  const float span = r.max - r.min;
  for (qsizetype i = 0; i < n; ++i) out[i] = std::isfinite(src[i]) ? (src[i] - r.min) / span : 0.0f;
  return out;
}

QImage colourised(const QVector<float>& values01, int width, int height, widgets::ColourMap map) {
  QImage out(width, height, QImage::Format_ARGB32);
  if (values01.size() != qsizetype(width) * height) {
    out.fill(Qt::transparent);
    return out;
  }
  std::array<QRgb, 256> lut;
  for (int i = 0; i < 256; ++i) lut[size_t(i)] = widgets::colourMapValue(map, i / 255.0);
  for (int y = 0; y < height; ++y) {
    QRgb* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
    const float* src = values01.constData() + qsizetype(y) * width;
    for (int x = 0; x < width; ++x) dst[x] = lut[size_t(std::clamp(int(std::lround(src[x] * 255.0f)), 0, 255))];
  }
  return out;
}

QVector<float> maskIndicator(const QByteArray& mask, int value) {
  QVector<float> out(mask.size());
  for (qsizetype i = 0; i < mask.size(); ++i) out[i] = static_cast<unsigned char>(mask[i]) == value ? 1.0f : 0.0f;
  return out;
}

QImage classMaskImage(const QByteArray& mask, int width, int height, const QVector<QColor>& colours, int transparent) {
  QImage out(width, height, QImage::Format_ARGB32);
  out.fill(Qt::transparent);
  if (mask.size() != qsizetype(width) * height) return out;
  std::array<QRgb, 256> lut{};
  for (int i = 0; i < colours.size() && i < 256; ++i)
    lut[size_t(i)] = i == transparent ? 0 : colours[i].rgb() | 0xff000000u;
  for (int y = 0; y < height; ++y) {
    QRgb* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
    const unsigned char* src = reinterpret_cast<const unsigned char*>(mask.constData()) + qsizetype(y) * width;
    for (int x = 0; x < width; ++x) dst[x] = lut[src[x]];
  }
  return out;
}

QRgb divergingColour(double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, -1.0, 1.0);
  // White to a saturated blue (59, 76, 192) or red (180, 4, 38), the ends of "coolwarm".
  const double a = std::abs(t);
  const std::array<double, 3> end = t < 0 ? std::array<double, 3>{59, 76, 192} : std::array<double, 3>{180, 4, 38};
  auto mix = [&](int k) { return int(std::lround(255 + (end[size_t(k)] - 255) * a)); };
  return qRgb(mix(0), mix(1), mix(2));
}

QImage differenceImage(const QVector<float>& a, const QVector<float>& b, int width, int height) {
  QImage out(width, height, QImage::Format_ARGB32);
  out.fill(Qt::transparent);
  const qsizetype n = qsizetype(width) * height;
  if (a.size() != n || b.size() != n) return out;
  for (int y = 0; y < height; ++y) {
    QRgb* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < width; ++x) {
      const qsizetype i = qsizetype(y) * width + x;
      const double d = double(a[i]) - double(b[i]);
      const QRgb c = divergingColour(d);
      const int alpha =
          int(std::lround(std::sqrt(std::clamp(std::abs(d), 0.0, 1.0)) * 255));  // small differences visible
      dst[x] = qRgba(qRed(c), qGreen(c), qBlue(c), alpha);
    }
  }
  return out;
}

}  // namespace arml::widgets
