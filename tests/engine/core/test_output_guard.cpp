// OutputGuard: an output that is an input (by name, through a symbolic link, through a hard link,
// through "dir/" + the input's own name) is refused naming both; two inputs claiming one output too.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "core/output_guard.h"
#include "test_paths.h"

namespace fs = std::filesystem;

class TestOutputGuard : public QObject {
  Q_OBJECT

  static void touch(const fs::path& p) { std::ofstream(p) << "x"; }

  static QString refusal(arml::OutputGuard& g, const fs::path& out, const std::string& source = "") {
    try {
      g.claimOutput(out, source);
    } catch (const arml::InputError& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }

private Q_SLOTS:
  void refusesAnOutputThatIsAnInput() {
    const fs::path dir = arml::test::scratchDir("output_guard_input");
    touch(dir / "good.png");
    arml::OutputGuard g;
    g.addInput(dir / "good.png");
    // The same file by its own name, as "dir/./good.png" and as "dir/" + stem + ".png".
    for (const fs::path& out : {dir / "good.png", dir / "." / "good.png", dir / "sub" / ".." / "good.png"}) {
      const QString m = refusal(g, out);
      QVERIFY2(m.contains("good.png") && m.contains("is the input"), qPrintable(m));
    }
    QVERIFY(refusal(g, dir / "good.mask.png").isEmpty());
  }

  void followsSymbolicAndHardLinks() {
    const fs::path dir = arml::test::scratchDir("output_guard_links");
    touch(dir / "image.png");
    fs::create_symlink(dir / "image.png", dir / "alias.png");
    fs::create_hard_link(dir / "image.png", dir / "hard.png");
    fs::create_directory_symlink(dir, dir / "same-dir");
    arml::OutputGuard g;
    g.addInput(dir / "image.png");
    QVERIFY(g.isInput(dir / "alias.png"));
    QVERIFY(g.isInput(dir / "hard.png"));
    QVERIFY(g.isInput(dir / "same-dir" / "image.png"));
    const QString m = refusal(g, dir / "hard.png");
    QVERIFY2(m.contains("hard.png") && m.contains((dir / "image.png").c_str()), qPrintable(m));
  }

  void refusesTwoInputsWritingOneOutput() {
    const fs::path dir = arml::test::scratchDir("output_guard_collision");
    arml::OutputGuard g;
    g.claimOutput(dir / "out" / "x.png", "a/x.png");
    g.claimOutput(dir / "out" / "x.png", "a/x.png");  // the same source twice is fine
    const QString m = refusal(g, dir / "out" / "x.png", "b/x.png");
    QVERIFY2(m.contains("a/x.png") && m.contains("b/x.png"), qPrintable(m));
  }
};

QTEST_APPLESS_MAIN(TestOutputGuard)
#include "test_output_guard.moc"
