#include "ui/shell/app_settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>

namespace arml::ui {

AppSettings AppSettings::load() {
  QSettings s;
  AppSettings a;
  a.device = s.value(QStringLiteral("compute/device"), a.device).toString();
  a.threads = s.value(QStringLiteral("compute/threads"), a.threads).toInt();
  a.projectsFolder = s.value(QStringLiteral("folders/projects"), QDir::homePath()).toString();
  a.datasetsFolder = s.value(QStringLiteral("folders/datasets"), QDir::homePath()).toString();
  a.armlProgram = s.value(QStringLiteral("programs/arml")).toString();
  a.language = s.value(QStringLiteral("ui/language")).toString();
  return a;
}

void AppSettings::save() const {
  QSettings s;
  s.setValue(QStringLiteral("compute/device"), device);
  s.setValue(QStringLiteral("compute/threads"), threads);
  s.setValue(QStringLiteral("folders/projects"), projectsFolder);
  s.setValue(QStringLiteral("folders/datasets"), datasetsFolder);
  s.setValue(QStringLiteral("programs/arml"), armlProgram);
  s.setValue(QStringLiteral("ui/language"), language);
}

QString armlProgramPath() {
  const QString configured = AppSettings::load().armlProgram;
  if (!configured.isEmpty() && QFileInfo(configured).isExecutable()) return configured;
  const QDir here(QCoreApplication::applicationDirPath());
  for (const QString& candidate : {here.filePath(QStringLiteral("arml")), here.filePath(QStringLiteral("../arml/arml"))}) {
    const QFileInfo info(candidate);
    if (info.isFile() && info.isExecutable()) return QDir::cleanPath(info.absoluteFilePath());
  }
  const QString onPath = QStandardPaths::findExecutable(QStringLiteral("arml"));
  return onPath.isEmpty() ? QStringLiteral("arml") : onPath;
}

QString installTranslations(QCoreApplication& app) {
  QString language = AppSettings::load().language;
  if (language.isEmpty()) language = QLocale::system().name();  // e.g. "zh_CN", "en_US"
  if (language.startsWith(QLatin1String("en"))) {
    // English needs its .qm only for plural forms ("%n patch(es)" -> "1 patch", "2 patches").
    auto* english = new QTranslator(&app);
    if (english->load(QStringLiteral(":/i18n/arml_studio_en.qm"))) QCoreApplication::installTranslator(english);
    else delete english;
    return QStringLiteral("en");
  }
  auto* own = new QTranslator(&app);
  if (!own->load(QStringLiteral(":/i18n/arml_studio_%1.qm").arg(language))) {
    delete own;
    return QStringLiteral("en");
  }
  QCoreApplication::installTranslator(own);
  auto* qtBase = new QTranslator(&app);  // Qt's own dialogs and buttons
  if (qtBase->load(QStringLiteral("qtbase_%1").arg(language), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qtBase);
  else
    delete qtBase;
  return language;
}

}  // namespace arml::ui
