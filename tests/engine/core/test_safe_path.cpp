#include <QtTest>

#include <filesystem>

#include "core/errors.h"
#include "core/safe_path.h"
#include "test_paths.h"

namespace fs = std::filesystem;

class TestSafePath : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void fileNames() {
    QVERIFY(arml::isSafeFileName("synth-0001 [1 0 1 0].png"));
    QVERIFY(arml::isSafeFileName("..hidden"));
    for (const char* bad : {"", ".", "..", "a/b", "a\\b", "tab\there"}) QVERIFY2(!arml::isSafeFileName(bad), bad);
    QVERIFY(!arml::isSafeFileName(std::string(256, 'x')));
    QVERIFY(!arml::isSafeFileName(std::string("nul\0x", 5)));
  }

  void relativePaths() {
    QVERIFY(arml::isSafeRelativePath("slide-patches/s1/s1_x0_y0_s224.png"));
    for (const char* bad : {"../../../../elsewhere/ESCAPED", "a/../../b", "/etc/passwd", "a//b", "a/./b", "a/"})
      QVERIFY2(!arml::isSafeRelativePath(bad), bad);
  }

  void pathInsideNamesTheSource() {
    const fs::path root = "/project";
    QCOMPARE(QString::fromStdString(arml::pathInside(root, "edits/a.png", "review.json", "key").string()),
             QString("/project/edits/a.png"));
    try {
      arml::pathInside(root, "../x", "/p/review.json", "review key");
      QFAIL("no error");
    } catch (const arml::InputError& e) {
      const std::string m = e.what();
      QVERIFY(m.find("/p/review.json") == 0);
      QVERIFY(m.find("'../x'") != std::string::npos);
    }
  }

  void insideFollowsLinks() {
    const fs::path dir = arml::test::scratchDir("safe-path");
    fs::create_directories(dir / "root" / "sub");
    fs::create_directories(dir / "outside");
    QVERIFY(arml::isInside(dir / "root", dir / "root" / "sub" / "new.png"));
    QVERIFY(arml::isInside(dir / "root", dir / "root"));
    QVERIFY(!arml::isInside(dir / "root", dir / "root" / ".." / "outside" / "x"));
    QVERIFY(!arml::isInside(dir / "root", dir / "rootless" / "x"));
    fs::create_directory_symlink(dir / "outside", dir / "root" / "link");
    QVERIFY(!arml::isInside(dir / "root", dir / "root" / "link" / "x.png"));
  }
};

QTEST_GUILESS_MAIN(TestSafePath)
#include "test_safe_path.moc"
