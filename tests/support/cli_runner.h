#pragma once
// Runs the built `arml` executable as a child process and collects what it printed.
#include <QString>
#include <QStringList>

namespace arml::test {

struct CliResult {
  int exitCode;
  QString out, err;
};

// Waits up to two minutes.
CliResult runArml(const QStringList& args);

}  // namespace arml::test
