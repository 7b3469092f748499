// The project's current run (ui/runs/current_run.h): the newest *finished* run by default (a run
// still training never is), an explicit choice kept in current-run.json across instances (a
// restart), refused for a running run, set from a checkpoint or a mask set of a run, and the run's
// stage-1 / stage-2 models, mask set and training patch size read from its own files.
#include <QDir>
#include <QSignalSpy>
#include <QtTest>

#include "test_paths.h"
#include "ui/project/project.h"
#include "ui/runs/current_run.h"

using namespace arml::ui;

namespace {

struct Scratch {
  QString root;
  Project project;
  int age = 1000;  // seconds before now of the next file written: later files are newer

  explicit Scratch(const std::string& name) : root(QString::fromStdString(arml::test::scratchDir(name))) {
    QDir().mkpath(root + "/dataset/train");
    QString error;
    if (!Project::create(root + "/project", "runs", root + "/dataset", &project, &error)) qFatal("%s", qPrintable(error));
  }
  QString path(const QString& relative) const { return project.runsDir() + "/" + relative; }
  void write(const QString& relative, const QByteArray& content = "checkpoint") {
    QVERIFY2(arml::test::writeFileModifiedAgo(path(relative), content, age--), qPrintable(relative));
  }
  // An `arml pipeline` run as engine/train/pipeline.cpp lays it out; finished when it has its
  // summary.json, running when the app's job.json says so.
  void pipeline(const QString& id, bool finished, int patchSize = 112) {
    write(id + "/config.json", QString(R"({"config": {"stage1": {"patch_size": %1}, "stage2": {"patch_size": %1}}})")
                                   .arg(patchSize).toUtf8());
    write(id + "/stage1/checkpoints/last.pt");
    write(id + "/stage1/checkpoints/final.pt");
    write(id + "/checkpoints/stage1.pt");
    write(id + "/masks/b4_5/a.png", "png");
    write(id + "/masks/bn7/a.png", "png");
    write(id + "/stage2/checkpoints/last.pt");
    write(id + "/stage2/checkpoints/best.pt");
    if (finished) {
      write(id + "/checkpoints/stage2.pt");
      write(id + "/summary.json", "{}");
    } else {
      write(id + "/job.json", R"({"kind": "pipeline", "state": "running"})");
    }
  }
};

}  // namespace

class TestCurrentRun : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void defaultIsTheNewestFinishedRunNeverARunningOne() {
    Scratch s("current_run_default");
    s.pipeline("20260101-100000-pipeline", true);
    s.pipeline("20260102-100000-pipeline", true);
    s.pipeline("20260103-100000-pipeline", false);  // newest, still training
    CurrentRun run;
    QSignalSpy changed(&run, &CurrentRun::changed);
    run.setProject(s.project.folder(), s.project.runsDir());
    QVERIFY(changed.count() >= 1);
    QCOMPARE(run.id(), QString("20260102-100000-pipeline"));
    QVERIFY(!run.isExplicit());
    QCOMPARE(run.stage1Checkpoint(), s.path("20260102-100000-pipeline/checkpoints/stage1.pt"));
    QCOMPARE(run.stage1ArsCheckpoint(), s.path("20260102-100000-pipeline/stage1/checkpoints/last.pt"));
    QCOMPARE(run.stage2Checkpoint(), s.path("20260102-100000-pipeline/checkpoints/stage2.pt"));
    QCOMPARE(run.maskSetDir(), s.path("20260102-100000-pipeline/masks/bn7"));
    QCOMPARE(run.maskSetName(), QString("bn7"));
    QCOMPARE(run.trainingPatchSize(), 112);
    QVERIFY2(run.summary().startsWith("Run: 20260102-100000-pipeline · stage 1: stage1.pt · stage 2: stage2.pt · masks: bn7"),
             qPrintable(run.summary()));
    QVERIFY(run.details().contains(QDir::toNativeSeparators(s.path("20260102-100000-pipeline/checkpoints/stage2.pt"))));

    // The running run is refused with a reason; the current run stays.
    QString error;
    QVERIFY(!run.choose("20260103-100000-pipeline", &error));
    QVERIFY2(error.contains("running"), qPrintable(error));
    QVERIFY(!run.choose("nope", &error));
    QVERIFY2(error.contains("no run nope"), qPrintable(error));
    QCOMPARE(run.id(), QString("20260102-100000-pipeline"));
    QVERIFY(!QFile::exists(CurrentRun::stateFile(s.project.folder())));

    // It finishes and has the newest models: the default moves to it.
    s.write("20260103-100000-pipeline/job.json", R"({"kind": "pipeline", "state": "finished"})");
    s.write("20260103-100000-pipeline/checkpoints/stage2.pt");
    changed.clear();
    run.refresh();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(run.id(), QString("20260103-100000-pipeline"));
  }

  void explicitChoiceHoldsAfterARestart() {
    Scratch s("current_run_choice");
    s.pipeline("20260101-100000-pipeline", true, 224);
    s.pipeline("20260102-100000-pipeline", true);
    {
      CurrentRun run;
      run.setProject(s.project.folder(), s.project.runsDir());
      QCOMPARE(run.id(), QString("20260102-100000-pipeline"));
      QSignalSpy changed(&run, &CurrentRun::changed);
      QString error;
      QVERIFY2(run.choose("20260101-100000-pipeline", &error), qPrintable(error));
      QCOMPARE(changed.count(), 1);
      QVERIFY(run.isExplicit());
      QCOMPARE(run.trainingPatchSize(), 224);
      // Another set of the same run, as the review queue picks it.
      QVERIFY2(run.chooseByMaskSet(s.path("20260101-100000-pipeline/masks/b4_5"), &error), qPrintable(error));
      QCOMPARE(run.maskSetName(), QString("b4_5"));
    }
    QVERIFY(QFile::exists(CurrentRun::stateFile(s.project.folder())));
    CurrentRun restarted;
    restarted.setProject(s.project.folder(), s.project.runsDir());
    QCOMPARE(restarted.id(), QString("20260101-100000-pipeline"));
    QVERIFY(restarted.isExplicit());
    QCOMPARE(restarted.maskSetDir(), s.path("20260101-100000-pipeline/masks/b4_5"));
    QVERIFY(!restarted.summary().contains("newest finished"));

    // A checkpoint of the other run makes that run current; a loose file does not.
    QString error;
    QVERIFY(restarted.chooseByCheckpoint(s.path("20260102-100000-pipeline/stage2/checkpoints/best.pt"), &error));
    QCOMPARE(restarted.id(), QString("20260102-100000-pipeline"));
    QCOMPARE(restarted.maskSetName(), QString("bn7"));  // the new run's own default set
    QVERIFY(!restarted.chooseByCheckpoint(s.root + "/elsewhere/model.pt", &error));
    QVERIFY2(error.contains("belongs to no run"), qPrintable(error));
    QCOMPARE(restarted.id(), QString("20260102-100000-pipeline"));

    // The chosen run disappears: back to the default, no longer explicit.
    QVERIFY(restarted.choose("20260101-100000-pipeline"));
    QVERIFY(QDir(s.path("20260101-100000-pipeline")).removeRecursively());
    restarted.refresh();
    QCOMPARE(restarted.id(), QString("20260102-100000-pipeline"));
    QVERIFY(!restarted.isExplicit());
    restarted.clearChoice();
    QVERIFY(!QFile::exists(CurrentRun::stateFile(s.project.folder())));
  }

  // "Train stage 2 on reviewed masks" makes a stage-2 run: its stage-1 model is the one of the run
  // whose masks it trained on, its mask set those masks.
  void stageTwoRunTakesStageOneFromItsMasksRun() {
    Scratch s("current_run_stage2");
    s.pipeline("20260101-100000-pipeline", true);
    const QString masks = s.path("20260101-100000-pipeline/masks/bn7");
    s.write("20260102-100000-stage2/config.json",
            QString(R"({"stage": "stage2", "patch_size": 96, "masks": "%1"})").arg(masks).toUtf8());
    s.write("20260102-100000-stage2/checkpoints/last.pt");
    s.write("20260102-100000-stage2/checkpoints/best.pt");
    s.write("20260102-100000-stage2/test_metrics.json", R"({"mean_iou": 0.5})");
    CurrentRun run;
    run.setProject(s.project.folder(), s.project.runsDir());
    QCOMPARE(run.id(), QString("20260102-100000-stage2"));
    QCOMPARE(run.stage2Checkpoint(), s.path("20260102-100000-stage2/checkpoints/best.pt"));
    QCOMPARE(run.stage1SourceRun(), QString("20260101-100000-pipeline"));
    QCOMPARE(run.stage1Checkpoint(), s.path("20260101-100000-pipeline/checkpoints/stage1.pt"));
    QCOMPARE(run.stage1ArsCheckpoint(), s.path("20260101-100000-pipeline/stage1/checkpoints/last.pt"));
    QCOMPARE(run.maskSetDir(), masks);
    QCOMPARE(run.maskSetName(), QString("20260101-100000-pipeline/bn7"));
    QCOMPARE(run.trainingPatchSize(), 96);
  }

  void noProjectNoRun() {
    CurrentRun run;
    run.setProject(QString(), QString());
    QVERIFY(!run.isValid());
    QCOMPARE(run.stage2Checkpoint(), QString());
    QCOMPARE(run.summary(), QString());
    QString error;
    QVERIFY(!run.choose("x", &error));
  }
};

QTEST_MAIN(TestCurrentRun)
#include "test_current_run.moc"
