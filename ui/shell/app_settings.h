#pragma once
// Application preferences kept in QSettings (Settings dialog), and where the `arml` program is.
#include <QString>

class QCoreApplication;

namespace arml::ui {

struct AppSettings {
  QString device = QStringLiteral("auto");  // auto | cpu | cuda
  int threads = 0;                          // 0 = all cores
  QString projectsFolder;                   // default parent folder for new projects
  QString datasetsFolder;                   // where dataset pickers start
  QString armlProgram;                      // empty = next to arml-studio, then PATH
  QString language;                         // "" = system, "en", "zh_CN"

  static AppSettings load();
  void save() const;
};

// The `arml` executable: the settings' override, else beside this binary (installed layout or
// the build tree's ../arml/arml), else the first `arml` on PATH; "arml" when none is found.
QString armlProgramPath();

// Installs the translator for AppSettings::language (or the system locale) on app; returns the
// language actually loaded ("en" when no translation applies). Takes effect for widgets created
// afterwards, so the language is switched at the next start.
QString installTranslations(QCoreApplication& app);

}  // namespace arml::ui
