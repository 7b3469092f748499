// The run presets, defined once in run/run_presets.h: their names and values, and the refusal of
// an unknown name.
#include <QtTest>

#include "core/errors.h"
#include "run/run_presets.h"

using namespace arml::run;

class TestRunPresets : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void namesAreThePapersAndTheDemos() {
    QCOMPARE(presetNames(), std::vector<std::string>({"paper", "cpu-demo"}));
    for (const std::string& name : presetNames()) QCOMPARE(presetConfig(name).name, name);
  }

  // Spec §2.5 (stage 1) and §4.7 (stage 2).
  void paperIsTheReference() {
    const RunPreset& p = presetConfig("paper");
    QCOMPARE(p.stage1.arch, std::string("resnet38d"));
    QCOMPARE(p.stage1.epochs, 20);
    QCOMPARE(p.stage1.batch, 20);
    QCOMPARE(p.stage1.lr, 0.01);
    QCOMPARE(p.stage1.patchSize, 224);
    QCOMPARE(p.pseudoMasks.layers, std::vector<std::string>({"bn7", "b5_2", "b4_5"}));
    QCOMPARE(p.pseudoMasks.batch, 4);
    QCOMPARE(p.stage2.widthDivisor, 1);
    QCOMPARE(p.stage2.epochs, 10);
    QCOMPARE(p.stage2.batch, 20);
    QCOMPARE(p.stage2.lr, 5e-3);
    QCOMPARE(p.stage2.patchSize, 224);
  }

  void cpuDemoIsSmall() {
    const RunPreset& p = presetConfig("cpu-demo");
    QCOMPARE(p.stage1.arch, std::string("resnet38d-lite"));
    QCOMPARE(p.stage1.epochs, 6);
    QCOMPARE(p.stage1.batch, 8);
    QCOMPARE(p.stage1.lr, 0.01);
    QCOMPARE(p.stage1.patchSize, 112);
    QCOMPARE(p.pseudoMasks.layers, std::vector<std::string>({"bn7"}));
    QCOMPARE(p.pseudoMasks.batch, 8);
    QCOMPARE(p.stage2.widthDivisor, 8);
    QCOMPARE(p.stage2.epochs, 6);
    QCOMPARE(p.stage2.batch, 8);
    QCOMPARE(p.stage2.lr, 0.02);
    QCOMPARE(p.stage2.patchSize, 112);
  }

  void unknownNameIsRefusedWithTheChoices() {
    try {
      presetConfig("fast");
      QFAIL("no InputError");
    } catch (const arml::InputError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("--preset fast") != std::string::npos, what.c_str());
      QVERIFY2(what.find("paper or cpu-demo") != std::string::npos, what.c_str());
    }
  }
};

QTEST_APPLESS_MAIN(TestRunPresets)
#include "test_run_presets.moc"
