#include "cli_runner.h"

#include <QProcess>

#include "test_paths.h"

namespace arml::test {

CliResult runArml(const QStringList& args) {
  QProcess p;
  p.start(QString::fromStdString(cliPath()), args);
  p.waitForFinished(120000);
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace arml::test
