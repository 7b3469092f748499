#include "widgets/slide_overlay_classes.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "slide/mask_pyramid.h"

namespace arml::widgets {

namespace {

// Default class names and colours (BCSS-WSSS, spec §1.2) for pyramids whose description has none.
const QVector<OverlayClass>& defaultClasses() {
  static const QVector<OverlayClass> classes = {{QStringLiteral("TUM"), QColor(255, 0, 0)},
                                                {QStringLiteral("STR"), QColor(0, 255, 0)},
                                                {QStringLiteral("LYM"), QColor(0, 0, 255)},
                                                {QStringLiteral("NEC"), QColor(153, 0, 255)}};
  return classes;
}

// The classes a pyramid's description lists ("class_names", "class_colours"); empty if none.
QVector<OverlayClass> describedClasses(const std::string& extraJson) {
  const QJsonObject d = QJsonDocument::fromJson(QByteArray::fromStdString(extraJson)).object();
  const QJsonArray names = d.value(QStringLiteral("class_names")).toArray();
  const QJsonArray colours = d.value(QStringLiteral("class_colours")).toArray();
  const int n = std::max(names.size(), colours.size());
  QVector<OverlayClass> classes;
  for (int i = 0; i < n && i < 255; ++i) {
    OverlayClass c;
    // (The slide view's translation context: the string was the view's before the split.)
    c.name = i < names.size() ? names[i].toString()
                              : QCoreApplication::translate("arml::widgets::SlideView", "class %1").arg(i);
    const QJsonArray rgb = i < colours.size() ? colours[i].toArray() : QJsonArray();
    c.colour = rgb.size() >= 3 ? QColor(rgb[0].toInt(), rgb[1].toInt(), rgb[2].toInt())
                               : QColor::fromHsv((i * 67) % 360, 220, 230);
    classes.push_back(c);
  }
  return classes;
}

}  // namespace

void OverlayClassTable::setFallback(const QVector<OverlayClass>& classes, int background) {
  fallbackClasses_ = classes;
  fallbackBackground_ = background;
}

void OverlayClassTable::build(const slide::MaskPyramidReader* overlay) {
  classes_.clear();
  colourTable_ = QVector<QRgb>(256, qRgba(0, 0, 0, 0));
  if (!overlay) {
    classes_ = fallbackClasses_;
    for (int i = 0; i < classes_.size() && i < 256; ++i)
      if (i != fallbackBackground_ && classes_[i].visible) colourTable_[i] = classes_[i].colour.rgb();
    return;
  }
  const auto& meta = overlay->metadata();
  classes_ = describedClasses(meta.extraJson);
  if (classes_.isEmpty()) classes_ = defaultClasses();
  for (int i = 0; i < classes_.size(); ++i)
    if (i != meta.background) colourTable_[i] = classes_[i].colour.rgb();
}

bool OverlayClassTable::setVisible(int classIndex, bool visible) {
  if (classIndex < 0 || classIndex >= classes_.size()) return false;
  classes_[classIndex].visible = visible;
  colourTable_[classIndex] = visible ? classes_[classIndex].colour.rgb() : qRgba(0, 0, 0, 0);
  return true;
}

QImage OverlayClassTable::coloured(const QImage& classTile) const {
  if (classTile.colorTable() == colourTable_) return classTile;
  QImage img = classTile;  // shares the pixels; only the colour table differs
  img.setColorTable(colourTable_);
  return img;
}

}  // namespace arml::widgets
