#include <QtTest>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "core/npy.h"
#include "test_paths.h"

namespace fs = std::filesystem;

class TestAtomicFile : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void replacesContentAndLeavesNoTemporary() {
    const fs::path dir = arml::test::scratchDir("atomic");
    const fs::path file = dir / "sub" / "a.txt";
    arml::writeFileAtomically(file, std::string("first"));
    arml::writeFileAtomically(file, std::string("second"));
    const auto bytes = arml::readFileBytes(file);
    QCOMPARE(std::string(bytes.begin(), bytes.end()), std::string("second"));
    int entries = 0;
    for (const auto& e : fs::directory_iterator(file.parent_path())) { (void)e; ++entries; }
    QCOMPARE(entries, 1);
  }

  void failedWriteKeepsOldFileAndNamesIt() {
    const fs::path dir = arml::test::scratchDir("atomic-fail");
    const fs::path file = dir / "keep.txt";
    arml::writeFileAtomically(file, std::string("precious"));
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    bool threw = false;
    try {
      arml::writeFileAtomically(file, std::string("new"));
    } catch (const arml::RuntimeFailure& e) {
      threw = true;
      QVERIFY(std::string(e.what()).find("keep.txt") != std::string::npos);
    }
    fs::permissions(dir, fs::perms::owner_all);
    if (::geteuid() == 0 && !threw) QSKIP("running as root: directory permissions are not enforced");
    QVERIFY(threw);
    const auto bytes = arml::readFileBytes(file);
    QCOMPARE(std::string(bytes.begin(), bytes.end()), std::string("precious"));
  }

  void uncreatableFolderIsReportedWithTheFileName() {
    // A folder below a regular file can never be created; the error must name the target file.
    const fs::path dir = arml::test::scratchDir("atomic-nodir");
    arml::writeFileAtomically(dir / "plain", std::string("x"));
    try {
      arml::writeFileAtomically(dir / "plain" / "sub" / "x.bin", std::string("data"));
      QFAIL("expected RuntimeFailure");
    } catch (const arml::RuntimeFailure& e) {
      QVERIFY2(std::string(e.what()).find("plain/sub/x.bin") != std::string::npos, e.what());
    }
  }

  void missingFileIsAnInputErrorNamingIt() {
    try {
      arml::readFileBytes("/no/such/file.png");
      QFAIL("expected InputError");
    } catch (const arml::InputError& e) {
      QVERIFY(std::string(e.what()).find("/no/such/file.png") != std::string::npos);
    }
  }

  void npyRoundTrip() {
    const fs::path file = fs::path(arml::test::scratchDir("npy")) / "maps.npy";
    std::vector<float> data(2 * 3 * 5);
    for (size_t i = 0; i < data.size(); ++i) data[i] = 0.25f * float(i) - 3.0f;
    arml::writeNpyFloat32(file, {2, 3, 5}, data.data());
    const auto bytes = arml::readFileBytes(file);
    QCOMPARE((bytes.size() - data.size() * 4) % 64, size_t(0));  // header padded so data starts aligned
    const arml::NpyArray back = arml::readNpyFloat(file);
    QCOMPARE(back.shape, (std::vector<std::int64_t>{2, 3, 5}));
    QCOMPARE(back.data, data);
  }

  void npyRejectsTruncatedData() {
    const fs::path file = fs::path(arml::test::scratchDir("npy-trunc")) / "t.npy";
    std::vector<float> data(100, 1.0f);
    arml::writeNpyFloat32(file, {100}, data.data());
    fs::resize_file(file, fs::file_size(file) - 8);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::readNpyFloat(file));
  }

  void cancelTokenThrowsOnlyAfterCancel() {
    arml::CancelToken token;
    token.throwIfCancelled();
    token.cancel();
    QVERIFY(token.isCancelled());
    QVERIFY_THROWS_EXCEPTION(arml::Cancelled, token.throwIfCancelled());
  }
};

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"
