#include "test_paths.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace arml::test {

std::string sharedDir() {
  const char* env = std::getenv("ARML_SHARED_DIR");
  const fs::path dir = env ? fs::path(env) : fs::path("../shared");
  std::error_code ec;
  return fs::is_directory(dir, ec) ? fs::weakly_canonical(dir).string() : std::string();
}

std::string sharedPath(const std::string& relative) {
  const std::string dir = sharedDir();
  if (dir.empty()) return {};
  const fs::path p = fs::path(dir) / relative;
  std::error_code ec;
  return fs::exists(p, ec) ? p.string() : std::string();
}

std::string scratchDir(const std::string& name) {
  const char* env = std::getenv("ARML_TEST_TMP");
  const fs::path base = env ? fs::path(env) : fs::temp_directory_path() / "arml-tests";
  const fs::path dir = base / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string cliPath() { return ARML_CLI_PATH; }

std::string testsSourceDir() { return ARML_TESTS_SOURCE_DIR; }

bool writeFileModifiedAgo(const QString& path, const QByteArray& content, int secondsAgo) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size()) return false;
  f.close();
  return f.open(QIODevice::ReadWrite) &&
         f.setFileTime(QDateTime::currentDateTime().addSecs(-secondsAgo), QFileDevice::FileModificationTime);
}

}  // namespace arml::test
