#pragma once
// Finds and loads the in-process engine plugin (libarml_interactive.so, LibTorch inside) on first
// use, so that arml-studio starts without LibTorch. Search order: $ARML_INTERACTIVE_PLUGIN, next
// to the executable, ../lib/arml-studio/ beside the executable's folder (the installed layout),
// then the build tree's copy. Loading takes about a second: call it from a worker thread.
#include <QString>
#include <QStringList>

namespace arml::interactive {
class Engine;
}

namespace arml::ui {

struct InteractiveEngineLoad {
  arml::interactive::Engine* engine = nullptr;  // process-wide, owned by the plugin; null on failure
  QString path;                                 // the plugin file that was loaded (or tried last)
  QString error;                                // one line for the user when engine is null
  double loadSeconds = 0;                       // time this call spent loading (0 when it was already loaded)
};

// Thread-safe. Loads the plugin once per process (it is never unloaded) and returns the engine, or
// a message saying which files were tried and why they failed.
InteractiveEngineLoad loadInteractiveEngine();

// The files loadInteractiveEngine() tries, in order (only those that exist).
QStringList interactiveEngineCandidates();

// Loads the first of `files` that is a plugin of this interface version; no caching (the libraries
// stay loaded). For tests and diagnostics; the application uses loadInteractiveEngine().
InteractiveEngineLoad loadInteractiveEngineFrom(const QStringList& files);

}  // namespace arml::ui
