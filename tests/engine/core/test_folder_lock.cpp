// FolderLock: a second writer is refused with a message while the first holds the folder; the lock
// is free again when the holder ends, and a lock file left by a dead process does not block.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "core/folder_lock.h"
#include "test_paths.h"

namespace fs = std::filesystem;

class TestFolderLock : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void secondWriterIsRefusedUntilTheFirstEnds() {
    const fs::path dir = arml::test::scratchDir("folder_lock") + "/out";
    {
      const arml::FolderLock first(dir, "pseudo-masks");
      QVERIFY(fs::exists(arml::FolderLock::lockFile(dir)));
      try {
        const arml::FolderLock second(dir, "pseudo-masks");
        QFAIL("a second lock on a held folder was granted");
      } catch (const arml::InputError& e) {
        const QString m = e.what();
        QVERIFY2(m.contains(dir.c_str()) && m.contains("another pseudo-masks job") &&
                     m.contains(QString::number(QCoreApplication::applicationPid())),
                 qPrintable(m));
      }
    }
    const arml::FolderLock again(dir, "pseudo-masks");  // released with its holder
  }

  void staleLockFileDoesNotBlock() {
    const fs::path dir = arml::test::scratchDir("folder_lock_stale");
    std::ofstream(arml::FolderLock::lockFile(dir)) << "999999\n";  // left by a killed process
    const arml::FolderLock lock(dir, "pseudo-masks");
  }
};

QTEST_GUILESS_MAIN(TestFolderLock)
#include "test_folder_lock.moc"
