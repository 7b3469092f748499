// project.json (relative paths, classes), recent projects and run records. The dataset summary is
// tested with the Project page (test_project_page.cpp).
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QtTest>
#include <cmath>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/project.h"
#include "ui/runs/run_history.h"

using namespace arml::ui;

class TestProject : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_project");
  }

  void createSaveOpenWithRelativePaths() {
    const QString root = QString::fromStdString(arml::test::scratchDir("ui_project"));
    QDir(root).mkpath("datasets/luad/train");
    Project p;
    QString error;
    QVERIFY2(Project::create(root + "/proj", "My project", root + "/datasets/luad", &p, &error), qPrintable(error));
    for (const char* sub : {"runs", "masks", "edits"}) QVERIFY(QDir(root + "/proj/" + sub).exists());
    QFile f(root + "/proj/project.json");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(o["dataset"].toString(), QString("../datasets/luad"));
    QCOMPARE(o["runs"].toString(), QString("runs"));
    QCOMPARE(o["classes"].toArray().size(), 5);
    QCOMPARE(o["classes"].toArray()[0].toObject()["colour"].toString(), QString("#cd3333"));
    QVERIFY(!Project::create(root + "/proj", "again", QString(), &p, &error));
    QVERIFY(error.contains("already"));

    // Moving project and dataset together keeps the link.
    QVERIFY(QDir().rename(root, root + "-moved"));
    Project q;
    QVERIFY2(Project::open(root + "-moved/proj/project.json", &q, &error), qPrintable(error));
    QCOMPARE(q.name(), QString("My project"));
    QCOMPARE(q.datasetPath(), QDir::cleanPath(root + "-moved/datasets/luad"));
    QCOMPARE(q.runsDir(), root + "-moved/proj/runs");
    QCOMPARE(q.classes()[2].hotkey, QString("3"));
    auto classes = q.classes();
    classes[0].name = "Tumour";
    classes[0].colour = QColor(1, 2, 3);
    q.setClasses(classes);
    QVERIFY(q.save(&error));
    Project r;
    QVERIFY(Project::open(root + "-moved/proj", &r, &error));
    QCOMPARE(r.classes()[0].name, QString("Tumour"));
    QCOMPARE(r.classes()[0].colour, QColor(1, 2, 3));
    QDir(root + "-moved").removeRecursively();
  }

  void openRejectsNonProjects() {
    const QString root = QString::fromStdString(arml::test::scratchDir("ui_project_bad"));
    Project p;
    QString error;
    QVERIFY(!Project::open(root, &p, &error));
    QVERIFY(error.contains("project.json"));
    QFile f(root + "/project.json");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ broken");
    f.close();
    QVERIFY(!Project::open(root, &p, &error));
    QVERIFY(error.contains("JSON"));
  }

  // runs/, masks/ and edits/ are written to: a project.json pointing them outside the project
  // folder is refused, naming the file and the key; the dataset (only read) may be anywhere.
  void openRefusesFoldersOutsideTheProject() {
    const QString root = QString::fromStdString(arml::test::scratchDir("ui_project_escape"));
    for (const char* key : {"runs", "masks", "edits"})
      for (const char* value : {"../../elsewhere", "/tmp/elsewhere", "a/../../b", ""}) {
        QFile f(root + "/project.json");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(QJsonObject{{"version", 1}, {"name", "x"}, {"dataset", "/somewhere/else"}, {key, value}})
                    .toJson());
        f.close();
        Project p;
        QString error;
        QVERIFY2(!Project::open(root, &p, &error), qPrintable(QString("%1=%2").arg(key, value)));
        QVERIFY2(error.contains("project.json") && error.contains(QString("\"%1\"").arg(key)) &&
                     error.contains("not a folder inside the project"),
                 qPrintable(error));
      }
    QFile f(root + "/project.json");
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"version": 1, "name": "x", "dataset": "../data", "edits": "corrections/v1"})");
    f.close();
    Project p;
    QString error;
    QVERIFY2(Project::open(root, &p, &error), qPrintable(error));
    QCOMPARE(p.editsDir(), root + "/corrections/v1");
  }

  void recentProjectsNewestFirstWithoutDuplicates() {
    QSettings().remove("recentProjects");
    for (int i = 0; i < 10; ++i) addRecentProject(QString("/p/%1").arg(i));
    addRecentProject("/p/5/");
    const QStringList recent = recentProjects();
    QCOMPARE(recent.size(), 8);
    QCOMPARE(recent.first(), QString("/p/5"));
    QCOMPARE(recent.count("/p/5"), 1);
    removeRecentProject("/p/5");
    QCOMPARE(recentProjects().first(), QString("/p/9"));
  }

  void runRecordsRoundTrip() {
    const QString runs = QString::fromStdString(arml::test::scratchDir("ui_runs"));
    const QString run = runs + "/20240101-000000-stage2";
    QFile events(run + "/events.jsonl");
    QDir().mkpath(run);
    QVERIFY(events.open(QIODevice::WriteOnly));
    events.write(
        "{\"type\":\"step\",\"stage\":\"stage1\",\"loss\":0.5,\"lr\":0.01}\n"
        "{\"type\":\"step\",\"stage\":\"stage1\",\"loss\":null,\"lr\":0.009}\n"
        "{\"type\":\"epoch\",\"stage\":\"stage1\",\"epoch\":1,\"cam_miou\":0.3}\n"
        "{\"type\":\"step\",\"stage\":\"stage2\",\"loss\":0.4,\"lr\":0.005}\n"
        "{\"type\":\"epoch\",\"stage\":\"stage2\",\"epoch\":1,\"val_miou\":0.5,\"iou\":[0.1,0.2]}\n"
        "{\"type\":\"metric\",\"name\":\"miou\",\"value\":0.61,\"split\":\"test\"}\n"
        "{\"type\":\"done\",\"exit_code\":0}\n");
    events.close();
    const RunCurves c = loadRunCurves(run);
    QCOMPARE(c.stepX, (QVector<double>{1, 2, 3}));
    QVERIFY(std::isnan(c.loss[1]));
    QCOMPARE(c.stageNames, (QStringList{"stage1", "stage2"}));
    QCOMPARE(c.stageStartX, (QVector<double>{1, 3}));
    QCOMPARE(c.epochX.size(), 2);
    QVERIFY(std::isnan(c.epochMetrics["val_miou"][0]));
    QCOMPARE(c.epochMetrics["iou_1"][1], 0.2);
    QCOMPARE(c.finalMetrics["test/miou"], 0.61);
    QCOMPARE(c.csv(), QString("stage,epoch,cam_miou,iou_0,iou_1,val_miou\nstage1,1,0.3,,,\nstage2,1,,0.1,0.2,0.5\n"));

    QVERIFY(writeMetricsCsv(run, c));
    QVERIFY(writeJobRecord(run, QJsonObject{{"id", "x"}, {"kind", "stage2"}, {"state", "finished"}, {"exit_code", 0},
                                            {"started", "2024-01-01T00:00:00"}, {"final_metrics", QJsonObject{{"test/miou", 0.61}}}}));
    const QString older = runs + "/20231231-000000-stage1";
    QVERIFY(writeJobRecord(older, QJsonObject{{"kind", "stage1"}, {"started", "2023-12-31T00:00:00"}}));
    QDir().mkpath(runs + "/not-a-run");
    const QVector<RunRecord> all = scanRuns(runs);
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[0].id, QString("20240101-000000-stage2"));
    QCOMPARE(all[0].state, QString("finished"));
    QCOMPARE(all[0].finalMetrics["test/miou"], 0.61);
    QCOMPARE(all[1].kind, QString("stage1"));
    // The GUI's files only: config.json and metrics.csv belong to the `arml` job.
    QVERIFY(QFile::exists(run + "/job.json"));
    QVERIFY(QFile::exists(run + "/job-metrics.csv"));
    QVERIFY(!QFile::exists(run + "/config.json"));
    QVERIFY(!QFile::exists(run + "/metrics.csv"));
  }

  // Run folders the CLI made alone show what their files say; a GUI run's job.json wins over the
  // CLI's config.json beside it for kind and state, not for the settings the job used; an older
  // project's GUI record in config.json still reads.
  void cliRunsAndOlderRecordsAreRead() {
    const QString runs = QString::fromStdString(arml::test::scratchDir("ui_project_cli_runs"));
    const auto write = [](const QString& path, const QByteArray& text) {
      QDir().mkpath(QFileInfo(path).absolutePath());
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(text);
    };
    write(runs + "/pipe/config.json", R"({"config": {"stage1": {"ars": "reference"}}, "software": {"arml": "0.1.0"}})");
    write(runs + "/pipe/metrics.csv", "stage,split,metric,value\nstage1,test,cam_miou,0.41\nstage2,test,miou,0.57\nstage2,val,best_miou,nan\n");
    write(runs + "/pipe/summary.json", R"({"stage2_test_miou": 0.57, "pseudo_mask_miou": 0.5})");
    write(runs + "/cls/config.json", R"({"stage": "stage1", "ars": "off", "epochs": 2})");
    write(runs + "/cls/metrics.csv", "epoch,loss,exact_match,jaccard,lr,ars,seconds\n0,0.6,0.2,0.3,0.01,0,1.5\n1,0.4,0.5,0.6,0.005,0,1.4\n");
    write(runs + "/seg/config.json", R"({"stage": "stage2", "peers": "independent"})");
    write(runs + "/seg/checkpoints/last.pt", "x");
    write(runs + "/gui/config.json", R"({"stage": "stage1", "ars": "reference"})");
    write(runs + "/gui/job.json", R"({"kind": "stage1", "command": "arml train-cls", "state": "failed", "exit_code": 3, "settings": {"ars": "reference"}})");
    write(runs + "/old/config.json", R"({"kind": "stage2", "command": "arml train-seg", "state": "finished", "exit_code": 0, "started": "2023-01-01T00:00:00"})");
    write(runs + "/stray/notes.txt", "not a run");

    QMap<QString, RunRecord> byId;
    for (const RunRecord& r : scanRuns(runs)) byId.insert(r.id, r);
    QCOMPARE(byId.keys(), (QStringList{"cls", "gui", "old", "pipe", "seg"}));

    const RunRecord pipe = byId["pipe"];
    QCOMPARE(pipe.kind, QString("pipeline"));
    QCOMPARE(pipe.state, QString("finished"));  // summary.json is written last
    QCOMPARE(pipe.settings["stage1"].toObject()["ars"].toString(), QString("reference"));
    QCOMPARE(pipe.settingsFile, QString("config.json"));
    QCOMPARE(pipe.finalMetrics["stage2/test/miou"], 0.57);
    QCOMPARE(pipe.finalMetrics["stage1/test/cam_miou"], 0.41);
    QVERIFY(std::isnan(pipe.finalMetrics["stage2/val/best_miou"]));
    QCOMPARE(pipe.finalMetrics["pseudo_mask_miou"], 0.5);
    QVERIFY(pipe.command.isEmpty());

    const RunRecord cls = byId["cls"];
    QCOMPARE(cls.kind, QString("stage1"));
    QCOMPARE(cls.state, QString("unknown"));  // no checkpoints/final.pt: not known to have finished
    QCOMPARE(cls.settings["ars"].toString(), QString("off"));
    QCOMPARE(cls.finalMetrics["last_epoch/loss"], 0.4);
    QCOMPARE(cls.finalMetrics["last_epoch/jaccard"], 0.6);
    write(runs + "/cls/checkpoints/final.pt", "x");
    QCOMPARE(readRun(runs + "/cls").state, QString("finished"));

    QCOMPARE(byId["seg"].kind, QString("stage2"));
    QCOMPARE(byId["gui"].state, QString("failed"));
    QCOMPARE(byId["gui"].exitCode, 3);
    QCOMPARE(byId["gui"].command, QString("arml train-cls"));
    QCOMPARE(byId["gui"].settingsFile, QString("config.json"));  // what the trainer used, not the form
    QCOMPARE(byId["old"].kind, QString("stage2"));
    QCOMPARE(byId["old"].state, QString("finished"));
    QCOMPARE(byId["old"].exitCode, 0);
    QCOMPARE(byId["old"].started, QDateTime(QDate(2023, 1, 1), QTime(0, 0)));
    QCOMPARE(readJobRecord(runs + "/old")["command"].toString(), QString("arml train-seg"));
    QVERIFY(readJobRecord(runs + "/cls").isEmpty());  // the CLI's config.json is no GUI record
  }

  // The metric plots count each stage's epochs from 1 (a pipeline's stage 2 is not epochs 5-8),
  // whether the job numbers them from 0 or from 1, and name each series by its stage.
  void epochsCountFromOneInEachStage() {
    RunCurves c;
    for (int e : {0, 1, 2}) c.addEvent({{"type", "epoch"}, {"stage", "stage1"}, {"epoch", e}, {"cam_miou", 0.1 * e}});
    for (int e : {1, 2}) c.addEvent({{"type", "epoch"}, {"stage", "stage2"}, {"epoch", e}, {"val_miou", 0.2 * e}});
    c.addEvent({{"type", "epoch"}, {"stage", "stage2"}, {"val_miou", 0.5}});  // no number: the next one
    QCOMPARE(c.epochX, (QVector<double>{1, 2, 3, 4, 5, 6}));
    QCOMPARE(c.stageEpochX, (QVector<double>{1, 2, 3, 1, 2, 3}));
    QCOMPARE(RunCurves::stageSeriesName("stage2", "val_miou"), QString("stage2: val_miou"));
    QCOMPARE(RunCurves::stageSeriesName(QString(), "val_miou"), QString("val_miou"));
  }
};

QTEST_GUILESS_MAIN(TestProject)
#include "test_project.moc"
