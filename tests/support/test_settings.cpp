#include "test_settings.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>

namespace arml::test {

void isolateSettings(const QString& applicationName) {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("arml-tests"));
  QCoreApplication::setApplicationName(applicationName);
  QSettings().clear();
}

}  // namespace arml::test
