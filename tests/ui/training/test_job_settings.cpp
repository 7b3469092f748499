// The command line built from the Training page's settings, presets and validation messages.
#include <QDir>
#include <QFile>
#include <QtTest>

#include "cli_runner.h"
#include "test_paths.h"
#include "run/run_presets.h"
#include "ui/training/job_settings.h"

using namespace arml::ui;

class TestJobSettings : public QObject {
  Q_OBJECT
  QString root_;

private Q_SLOTS:
  void initTestCase() {
    root_ = QString::fromStdString(arml::test::scratchDir("ui_job_settings"));
    QDir(root_).mkpath("data/train");
    QDir(root_).mkpath("data/test/img");
    QDir(root_).mkpath("masks");
    QFile model(root_ + "/model.pt");
    QVERIFY(model.open(QIODevice::WriteOnly));
  }

  void stage1CommandLine() {
    JobSettings s;
    s.kind = JobKind::Stage1;
    s.dataset = root_ + "/data/";
    s.outDir = root_ + "/runs/a";
    applyPreset(s, Preset::Paper);
    s.device = "cpu";
    s.threads = 2;
    s.seed = 7;
    const QStringList expected = {"--device", "cpu", "--threads", "2", "--seed", "7", "--events", "-",
                                  "train-cls", "--data", root_ + "/data", "--out", root_ + "/runs/a",
                                  "--arch", "resnet38d", "--ars", "reference", "--epochs", "20", "--batch", "20",
                                  "--patch-size", "224", "--lr", "0.01"};
    QCOMPARE(buildArmlArguments(s), expected);
    s.resume = true;
    s.lr = 0.005;
    QCOMPARE(buildArmlArguments(s).mid(23), QStringList({"--lr", "0.005", "--resume"}));
    s.lr = 0;  // the trainer's own default: no --lr
    QCOMPARE(buildArmlArguments(s).mid(23), QStringList({"--resume"}));
  }

  void cpuDemoPresetIsSmall() {
    JobSettings s;
    s.kind = JobKind::Stage2;
    applyPreset(s, Preset::CpuDemo);
    QCOMPARE(s.epochs, 6);
    QCOMPARE(s.batch, 8);
    QCOMPARE(s.lr, 0.02);
    applyPreset(s, Preset::Paper);
    QCOMPARE(s.epochs, 10);  // spec §4.7
    s.kind = JobKind::Stage1;
    applyPreset(s, Preset::CpuDemo);
    QCOMPARE(s.arch, QString("resnet38d-lite"));
    QCOMPARE(s.patchSize, 112);
    s.dataset = "d";
    s.outDir = "o";
    QVERIFY(buildArmlArguments(s).join(' ').contains("--arch resnet38d-lite --ars reference --epochs 6 --batch 8 --patch-size 112 --lr 0.01"));
    s.kind = JobKind::Stage2;
    applyPreset(s, Preset::CpuDemo);
    QVERIFY(buildArmlArguments(s).join(' ').contains("--width-divisor 8"));  // the lite segmenter
    s.kind = JobKind::Pipeline;
    QVERIFY(buildArmlArguments(s).join(' ').endsWith("pipeline --data d --out o --preset cpu-demo"));
  }

  // The form's presets are the engine's (run/run_presets.h): the same names, and for each job the
  // values the CLI's pipeline would use for that stage.
  void formPresetsAreTheEngines() {
    QStringList engineNames;
    for (const std::string& name : arml::run::presetNames()) engineNames << QString::fromStdString(name);
    QCOMPARE(QStringList({presetId(Preset::Paper), presetId(Preset::CpuDemo)}), engineNames);
    for (Preset preset : {Preset::Paper, Preset::CpuDemo}) {
      Preset parsed = preset == Preset::Paper ? Preset::CpuDemo : Preset::Paper;
      QVERIFY(presetFromId(presetId(preset), &parsed));
      QCOMPARE(parsed, preset);
      const arml::run::RunPreset& engine = arml::run::presetConfig(presetId(preset).toStdString());
      QStringList layers;
      for (const std::string& layer : engine.pseudoMasks.layers) layers << QString::fromStdString(layer);
      for (JobKind kind : {JobKind::Stage1, JobKind::PseudoMasks, JobKind::Stage2, JobKind::Evaluate, JobKind::Pipeline}) {
        JobSettings s;
        s.kind = kind;
        applyPreset(s, preset);
        const QString what = presetId(preset) + " " + jobKindId(kind);
        QVERIFY2(s.preset == preset, qPrintable(what));
        QVERIFY2(s.layers == layers.join(','), qPrintable(what));
        if (kind == JobKind::Stage2) {
          QVERIFY2(s.arch == (engine.stage2.widthDivisor > 1 ? "resnet38d-lite" : "resnet38d"), qPrintable(what));
          QVERIFY2(s.epochs == engine.stage2.epochs && s.batch == engine.stage2.batch, qPrintable(what));
          QVERIFY2(s.lr == engine.stage2.lr && s.patchSize == engine.stage2.patchSize, qPrintable(what));
        } else {
          QVERIFY2(s.arch == QString::fromStdString(engine.stage1.arch), qPrintable(what));
          QVERIFY2(s.epochs == engine.stage1.epochs && s.batch == engine.stage1.batch, qPrintable(what));
          QVERIFY2(s.lr == engine.stage1.lr && s.patchSize == engine.stage1.patchSize, qPrintable(what));
        }
      }
    }
  }

  void otherJobsCommandLines() {
    JobSettings s;
    s.dataset = root_ + "/data";
    s.outDir = root_ + "/out";
    s.model = root_ + "/model.pt";
    s.masks = root_ + "/masks";
    s.kind = JobKind::PseudoMasks;
    s.layers = "bn7,b5_2";
    QVERIFY(buildArmlArguments(s).mid(8).join(' ') ==
            QString("pseudo-masks --model %1/model.pt --data %1/data --out %1/out --layers bn7,b5_2").arg(root_));
    s.kind = JobKind::Stage2;
    QVERIFY(buildArmlArguments(s).mid(8, 7).join(' ') ==
            QString("train-seg --data %1/data --masks %1/masks --out %1/out").arg(root_));
    s.kind = JobKind::Evaluate;
    s.split = "val";
    QVERIFY(buildArmlArguments(s).mid(8).join(' ') ==
            QString("evaluate --model %1/model.pt --data %1/data --split val --json %1/out/metrics.json").arg(root_));
    s.kind = JobKind::Pipeline;
    QVERIFY(buildArmlArguments(s).mid(8).join(' ') == QString("pipeline --data %1/data --out %1/out --preset paper").arg(root_));
    s.resume = true;  // a pipeline continues when the same command runs again
    QVERIFY(!buildArmlArguments(s).contains("--resume"));
  }

  // Every command line the Training page can build is one the real `arml` accepts: run against a
  // missing dataset, each must fail on its input (exit 2 naming the folder), never on its usage.
  void theRealCliAcceptsEveryCommandLine() {
    const QString missing = root_ + "/no-such-dataset";
    for (JobKind kind : {JobKind::Stage1, JobKind::PseudoMasks, JobKind::Stage2, JobKind::Evaluate, JobKind::Pipeline}) {
      for (Preset preset : {Preset::Paper, Preset::CpuDemo}) {
        for (bool resume : {false, true}) {
          JobSettings s;
          s.kind = kind;
          applyPreset(s, preset);
          s.dataset = missing;
          s.outDir = root_ + "/cli-out-" + jobKindId(kind) + "-" + presetId(preset);
          s.model = root_ + "/model.pt";
          s.masks = root_ + "/masks";
          s.layers = "bn7,b4_5";
          s.split = "val";
          s.lr = 0.003;
          s.threads = 1;
          s.device = "cpu";
          s.resume = resume;
          const QStringList args = buildArmlArguments(s);
          const arml::test::CliResult r = arml::test::runArml(args);
          const QString what = shellCommandLine("arml", args) + "\n" + r.err;
          QVERIFY2(r.exitCode == 2, qPrintable(what));
          QVERIFY2(r.err.contains("no-such-dataset"), qPrintable(what));
          QVERIFY2(!r.err.contains("not expected") && !r.err.contains("--help") && !r.err.contains("required"),
                   qPrintable(what));
        }
      }
    }
  }

  void validationNamesWhatIsWrong() {
    JobSettings s;
    s.kind = JobKind::Stage2;
    QStringList p = validateJob(s);
    QVERIFY(p.join('\n').contains("dataset folder"));
    QVERIFY(p.join('\n').contains("output folder"));
    QVERIFY(p.join('\n').contains("pseudo-mask folder"));
    s.dataset = root_ + "/nope";
    s.outDir = root_ + "/out";
    s.masks = root_ + "/masks";
    p = validateJob(s);
    QCOMPARE(p.size(), 1);
    QVERIFY(p[0].contains("/nope"));
    s.dataset = root_ + "/data";
    QVERIFY(validateJob(s).isEmpty());
    s.kind = JobKind::PseudoMasks;
    s.model = root_ + "/missing.pt";
    s.layers = "bn7,b9";
    p = validateJob(s);
    QCOMPARE(p.size(), 2);
    QVERIFY(p[0].contains("missing.pt"));
    QVERIFY(p[1].contains("bn7, b5_2 and b4_5"));
    s.kind = JobKind::Stage1;
    s.resume = true;
    s.outDir = root_ + "/never-ran";
    QVERIFY(validateJob(s).join('\n').contains("Resume"));
    s.resume = false;
    s.device = "tpu";
    QVERIFY(validateJob(s).join('\n').contains("device"));
  }

  void shellQuotingRoundTrips() {
    QCOMPARE(shellCommandLine("/usr/bin/arml", {"--data", "/a b/it's", "--x", ""}),
             QString("/usr/bin/arml --data '/a b/it'\\''s' --x ''"));
    QCOMPARE(shellCommandLine("arml", {"train-cls", "--lr", "0.01"}), QString("arml train-cls --lr 0.01"));
  }
};

QTEST_APPLESS_MAIN(TestJobSettings)
#include "test_job_settings.moc"
