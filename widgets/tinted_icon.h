#pragma once
// The app's SVG icons (resources/icons, drawn in one blue) as QIcons that stay readable on a
// selection: the Selected mode is the same shape in the palette's highlighted-text colour, so a
// page's icon does not vanish into the blue of its selected row; Disabled is drawn at 40% opacity.
// Each size is rendered when first asked for, without Qt's SVG icon plugin, so the icons cost the
// app's start-up nothing. Every icon of the app is made here. A missing file gives a null icon.
#include <QIcon>
#include <QString>

namespace arml::widgets {

QIcon tintedIcon(const QString& svgPath);

}  // namespace arml::widgets
