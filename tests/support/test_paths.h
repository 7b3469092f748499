#pragma once
// Where tests find shared data, fixtures, a scratch folder and the `arml` binary.
#include <QByteArray>
#include <QString>
#include <string>

namespace arml::test {

// ../shared beside the repository (ARML_SHARED_DIR from CTest), or "" when it is absent.
std::string sharedDir();
// sharedDir() + "/" + relative, or "" when that file or folder is absent.
std::string sharedPath(const std::string& relative);
// A fresh, empty folder for this test (removed and recreated on each call with the same name).
std::string scratchDir(const std::string& name);
// Path of the built `arml` executable.
std::string cliPath();
// The repository's tests/ folder (absolute), for data files kept beside the tests.
std::string testsSourceDir();
// Writes `content` to `path` (making its folders) and sets its modification time `secondsAgo`
// seconds back, for tests that pick the newest file; false when it cannot.
bool writeFileModifiedAgo(const QString& path, const QByteArray& content, int secondsAgo);

}  // namespace arml::test

// Skips the current test function with a clear message when a shared file is missing.
#define ARML_REQUIRE_SHARED(var, relative)                                                       \
  const std::string var = ::arml::test::sharedPath(relative);                                    \
  if (var.empty())                                                                               \
    QSKIP(qPrintable(QString("shared data not found: ../shared/%1 (tests read it from beside the " \
                             "repository; see README)").arg(QString::fromStdString(relative))))
