#include "ui/shell/interactive_engine_loader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLibrary>
#include <QMutex>
#include <QMutexLocker>

#include "interactive/interactive_engine.h"

namespace arml::ui {

namespace {
const char* const kPluginFile = "libarml_interactive.so";

QMutex& loadMutex() {
  static QMutex mutex;
  return mutex;
}
}  // namespace

QStringList interactiveEngineCandidates() {
  QStringList paths;
  const QString fromEnv = qEnvironmentVariable("ARML_INTERACTIVE_PLUGIN");
  if (!fromEnv.isEmpty()) paths << fromEnv;
  const QString appDir = QCoreApplication::applicationDirPath();
  if (!appDir.isEmpty()) {
    paths << QDir(appDir).filePath(QLatin1String(kPluginFile))
          << QDir(appDir).filePath(QStringLiteral("../lib/arml-studio/") + QLatin1String(kPluginFile));
  }
#ifdef ARML_INTERACTIVE_PLUGIN_BUILD_PATH
  paths << QStringLiteral(ARML_INTERACTIVE_PLUGIN_BUILD_PATH);
#endif
  QStringList existing;
  for (const QString& p : paths) {
    const QString clean = QDir::cleanPath(QFileInfo(p).absoluteFilePath());
    if (QFileInfo(clean).isFile() && !existing.contains(clean)) existing << clean;
  }
  return existing;
}

InteractiveEngineLoad loadInteractiveEngineFrom(const QStringList& files) {
  InteractiveEngineLoad result;
  QElapsedTimer timer;
  timer.start();
  if (files.isEmpty()) {
    result.error = QCoreApplication::translate(
                       "InteractiveEngine",
                       "The in-process engine (%1) was not found next to the program, in ../lib/arml-studio/ or in "
                       "the build folder; set ARML_INTERACTIVE_PLUGIN to its path.")
                       .arg(QLatin1String(kPluginFile));
    return result;
  }
  QStringList problems;
  for (const QString& path : files) {
    result.path = path;
    auto* library = new QLibrary(path);  // never unloaded: LibTorch does not survive dlclose
    if (!library->load()) {
      problems << library->errorString();
      delete library;
      continue;
    }
    using EntryPoint = arml::interactive::Engine* (*)();
    auto entry = reinterpret_cast<EntryPoint>(library->resolve("arml_interactive_engine"));
    arml::interactive::Engine* engine = entry ? entry() : nullptr;
    if (!engine) {
      problems << QCoreApplication::translate("InteractiveEngine", "%1: not an ARML engine plugin").arg(path);
      continue;
    }
    if (engine->interfaceVersion() != arml::interactive::kInterfaceVersion) {
      problems << QCoreApplication::translate("InteractiveEngine", "%1: interface version %2, this program needs %3")
                      .arg(path)
                      .arg(engine->interfaceVersion())
                      .arg(arml::interactive::kInterfaceVersion);
      continue;
    }
    result.engine = engine;
    result.loadSeconds = double(timer.nsecsElapsed()) / 1e9;
    return result;
  }
  result.error = QCoreApplication::translate("InteractiveEngine", "The in-process engine could not be loaded: %1")
                     .arg(problems.join(QStringLiteral("; ")));
  return result;
}

InteractiveEngineLoad loadInteractiveEngine() {
  QMutexLocker lock(&loadMutex());
  static InteractiveEngineLoad loaded;
  if (loaded.engine) {
    InteractiveEngineLoad again = loaded;
    again.loadSeconds = 0;
    return again;
  }
  InteractiveEngineLoad result = loadInteractiveEngineFrom(interactiveEngineCandidates());
  if (result.engine) loaded = result;
  return result;
}

}  // namespace arml::ui
