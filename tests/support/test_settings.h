#pragma once
// Keeps a test's settings and app data apart from the user's.
#include <QString>

namespace arml::test {

// QStandardPaths test mode (settings and app data under ~/.qttest), organisation "arml-tests",
// application `applicationName`, and its QSettings emptied. Call first in initTestCase().
void isolateSettings(const QString& applicationName);

}  // namespace arml::test
