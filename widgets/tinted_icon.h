#pragma once
// The app's SVG icons (resources/icons, drawn in one blue) as QIcons that stay readable on a
// selection: the Selected mode is the same shape in the palette's highlighted-text colour, so a
// page's icon does not vanish into the blue of its selected row.
#include <QIcon>
#include <QString>

namespace arml::widgets {

QIcon tintedIcon(const QString& svgPath);

}  // namespace arml::widgets
