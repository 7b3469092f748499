// Run discovery (ui/run_checkpoints.h) on each layout a project's runs/ can hold: runs of the real
// `arml train-cls` / `train-seg` (tests/support/tiny_runs.h), an `arml pipeline` run (stage1/,
// stage2/, checkpoints/stage1.pt and stage2.pt, as engine/train/pipeline.cpp writes them), jobs
// started on the Training page (the CLI's config.json plus the GUI's job.json) and the GUI records
// of older projects (in config.json itself). Both users of it
// must agree: the Compare CAMs defaults and the review queue's "Compute scores…" arguments.
#include <QDir>
#include <QtTest>

#include "test_paths.h"
#include "tiny_runs.h"
#include "ui/compare/cam_compare_controller.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/project/project.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/runs/run_checkpoints.h"

using namespace arml::ui;

namespace {

// A project whose runs/ the test fills in.
struct Scratch {
  QString root;
  Project project;
  int age = 1000;  // seconds before now of the next file written: later files are newer

  explicit Scratch(const std::string& name) : root(QString::fromStdString(arml::test::scratchDir(name))) {
    QDir().mkpath(root + "/dataset/train");
    QString error;
    if (!Project::create(root + "/project", "runs", root + "/dataset", &project, &error)) qFatal("%s", qPrintable(error));
  }
  QString runs() const { return project.runsDir(); }
  QString path(const QString& relative) const { return runs() + "/" + relative; }

  void write(const QString& relative, const QByteArray& content = "checkpoint") {
    QVERIFY2(arml::test::writeFileModifiedAgo(path(relative), content, age--), qPrintable(relative));
  }
  // What the stage-1 / stage-2 trainers write into the folder they train in.
  void trainerRun(const QString& folder, const QString& stage, const QString& ars, const QStringList& checkpoints) {
    write(folder + "/config.json", stage == "stage1" ? QString(R"({"stage": "stage1", "ars": "%1"})").arg(ars).toUtf8()
                                                     : QByteArray(R"({"stage": "stage2", "peers": "independent"})"));
    for (const QString& c : checkpoints) write(folder + "/checkpoints/" + c);
  }

  const RunCheckpoint* find(const QVector<RunCheckpoint>& found, const QString& relative) const {
    for (const RunCheckpoint& c : found)
      if (c.label == relative) return &c;
    return nullptr;
  }
};

// The checkpoints Compare CAMs and Compute scores… pick for the project.
struct Picked {
  QString ars, baseline, segmenter, scoresCls, scoresSeg;
};
Picked pickedByThePages(const Project& project) {
  ReviewPage page;
  page.setProject(project);
  const CamCompareCheckpoints c = page.camCompare()->controller()->checkpoints();
  const QStringList a = page.queue()->scoresArguments();
  const auto value = [&a](const char* option) { return a.contains(option) ? a.value(a.indexOf(option) + 1) : QString(); };
  return {c.arsClassifier, c.baseline, c.segmenter, value("--cls"), value("--seg")};
}

}  // namespace

class TestRunCheckpoints : public QObject {
  Q_OBJECT

private Q_SLOTS:
  // `arml train-cls --out runs/<id>` and `arml train-seg --out runs/<id>`: checkpoints/ and a
  // config.json with "stage" (the real CLI's output, moved under runs/ with run-like names).
  void singleStageCliRuns() {
    Scratch s("run_checkpoints_cli");
    const QString made = s.root + "/made";
    const arml::test::TinyRuns tiny = arml::test::makeTinyRuns(made);
    QVERIFY2(tiny.ok(), qPrintable(tiny.error));
    QVERIFY(QDir().rename(made + "/stage1", s.path("20260101-090000-cls")));
    QVERIFY(QDir().rename(made + "/stage2", s.path("20260101-100000-seg")));

    const QVector<RunCheckpoint> found = findRunCheckpoints(s.runs());
    const RunCheckpoint* last = s.find(found, "20260101-090000-cls/checkpoints/last.pt");
    const RunCheckpoint* final = s.find(found, "20260101-090000-cls/checkpoints/final.pt");
    QVERIFY(last && final);
    QCOMPARE(int(last->role), int(RunCheckpoint::Role::Classifier));
    QVERIFY(last->hasArs);
    QVERIFY(!final->hasArs && !final->trainedWithoutArs);
    int segmenters = 0;
    for (const RunCheckpoint& c : found) {
      QCOMPARE(c.role == RunCheckpoint::Role::Segmenter, c.label.startsWith("20260101-100000-seg/"));
      segmenters += c.role == RunCheckpoint::Role::Segmenter;
    }
    QVERIFY(segmenters >= 1);

    const Picked p = pickedByThePages(s.project);
    QCOMPARE(p.ars, last->path);
    QCOMPARE(p.scoresCls, last->path);
    QVERIFY(p.baseline.isEmpty());  // trained with ARS: no baseline
    QVERIFY(p.segmenter.startsWith(s.path("20260101-100000-seg/checkpoints/")));
    QCOMPARE(p.scoresSeg, s.path("20260101-100000-seg/checkpoints/last.pt"));
  }

  // `arml pipeline --out runs/<id>`: stage1/ and stage2/ as the trainers lay them out, the final
  // models linked as checkpoints/stage1.pt and stage2.pt, and the pipeline's own config.json.
  void pipelineCliRuns() {
    Scratch s("run_checkpoints_pipeline");
    // An older pipeline trained without ARS: its inference model is the baseline.
    s.write("20260101-080000/config.json", R"({"config": {"stage1": {"ars": "off"}}, "software": {}})");
    s.trainerRun("20260101-080000/stage1", "stage1", "off", {"last.pt", "final.pt"});
    s.write("20260101-080000/checkpoints/stage1.pt");
    // The newest pipeline, with ARS.
    s.write("20260101-090000/config.json", R"({"config": {"stage1": {"ars": "reference"}}, "software": {}})");
    s.trainerRun("20260101-090000/stage1", "stage1", "reference", {"final.pt", "last.pt"});
    s.trainerRun("20260101-090000/stage2", "stage2", {}, {"last-peer1.pt", "last-peer2.pt", "best.pt", "last.pt"});
    s.write("20260101-090000/checkpoints/stage1.pt");
    s.write("20260101-090000/checkpoints/stage2.pt");

    const QVector<RunCheckpoint> found = findRunCheckpoints(s.runs());
    QCOMPARE(found.size(), 11);
    QCOMPARE(found.front().label, QString("20260101-090000/checkpoints/stage2.pt"));  // newest first
    for (const RunCheckpoint& c : found)
      QCOMPARE(c.role == RunCheckpoint::Role::Segmenter, c.label.contains("stage2"));
    QVERIFY(s.find(found, "20260101-090000/stage1/checkpoints/last.pt")->hasArs);
    QVERIFY(!s.find(found, "20260101-090000/checkpoints/stage1.pt")->hasArs);
    QVERIFY(!s.find(found, "20260101-080000/stage1/checkpoints/last.pt")->hasArs);  // "ars": "off"
    // The pipeline's config.json says what its checkpoints/stage1.pt was trained with.
    QVERIFY(s.find(found, "20260101-080000/checkpoints/stage1.pt")->trainedWithoutArs);
    QVERIFY(!s.find(found, "20260101-090000/checkpoints/stage1.pt")->trainedWithoutArs);

    const Picked p = pickedByThePages(s.project);
    QCOMPARE(p.ars, s.path("20260101-090000/stage1/checkpoints/last.pt"));
    QCOMPARE(p.scoresCls, p.ars);
    QCOMPARE(p.baseline, s.path("20260101-080000/checkpoints/stage1.pt"));
    QCOMPARE(p.segmenter, s.path("20260101-090000/checkpoints/stage2.pt"));
    QCOMPARE(p.scoresSeg, s.path("20260101-090000/stage2/checkpoints/last.pt"));  // its peers lie beside it
  }

  // Jobs started on the Training page: the CLI's own config.json stays, the GUI's record is job.json
  // beside it; an Evaluate job records into a run folder of its own. A job.json without a
  // config.json (the job failed before writing it) still says what the run is.
  void runsStartedInTheGui() {
    Scratch s("run_checkpoints_gui");
    s.write("20260101-080000-pipeline/config.json", R"({"config": {"stage1": {"ars": "reference"}}, "software": {}})");
    s.write("20260101-080000-pipeline/job.json", R"({"kind": "pipeline", "command": "arml pipeline", "settings": {"ars": "off"}})");
    s.trainerRun("20260101-080000-pipeline/stage1", "stage1", "reference", {"final.pt", "last.pt"});
    s.trainerRun("20260101-080000-pipeline/stage2", "stage2", {}, {"last.pt", "best.pt"});
    s.write("20260101-080000-pipeline/checkpoints/stage1.pt");
    s.write("20260101-080000-pipeline/checkpoints/stage2.pt");
    s.trainerRun("20260101-090000-stage1", "stage1", "off", {"last.pt", "final.pt"});
    // The GUI's settings disagree on purpose: the CLI's config.json is what the job really ran with.
    s.write("20260101-090000-stage1/job.json", R"({"kind": "stage1", "command": "arml train-cls", "settings": {"ars": "reference"}})");
    s.trainerRun("20260101-100000-stage2", "stage2", {}, {"best.pt", "last.pt"});
    s.write("20260101-100000-stage2/job.json", R"({"kind": "stage2", "command": "arml train-seg", "settings": {}})");
    s.write("20260101-103000-stage1/job.json", R"({"kind": "stage1", "command": "arml train-cls", "settings": {"ars": "off"}})");
    s.write("20260101-103000-stage1/checkpoints/final.pt");
    s.write("20260101-110000-evaluate/job.json", R"({"kind": "evaluate", "command": "arml evaluate", "settings": {}})");
    s.write("20260101-110000-evaluate/metrics.json", "{}");

    const QVector<RunCheckpoint> found = findRunCheckpoints(s.runs());
    QCOMPARE(found.size(), 11);
    for (const RunCheckpoint& c : found)
      QCOMPARE(c.role == RunCheckpoint::Role::Segmenter, c.label.contains("stage2"));
    const RunCheckpoint* offLast = s.find(found, "20260101-090000-stage1/checkpoints/last.pt");
    QVERIFY(offLast && !offLast->hasArs && offLast->trainedWithoutArs);
    QVERIFY(s.find(found, "20260101-103000-stage1/checkpoints/final.pt")->trainedWithoutArs);
    QVERIFY(s.find(found, "20260101-080000-pipeline/stage1/checkpoints/last.pt")->hasArs);
    QVERIFY(!s.find(found, "20260101-080000-pipeline/checkpoints/stage1.pt")->trainedWithoutArs);  // config.json wins

    const Picked p = pickedByThePages(s.project);
    QCOMPARE(p.ars, s.path("20260101-080000-pipeline/stage1/checkpoints/last.pt"));  // the newest with ARS
    QCOMPARE(p.scoresCls, p.ars);
    QCOMPARE(p.baseline, s.path("20260101-103000-stage1/checkpoints/final.pt"));
    QCOMPARE(p.segmenter, s.path("20260101-100000-stage2/checkpoints/best.pt"));
    QCOMPARE(p.scoresSeg, s.path("20260101-100000-stage2/checkpoints/last.pt"));
  }

  // Older projects: the GUI's record ({"kind", "settings"}) replaced the CLI's config.json of a
  // single-stage run, and an Evaluate job left its record beside the checkpoint. Still read.
  void olderGuiRecordsInConfigJson() {
    Scratch s("run_checkpoints_gui_old");
    s.write("20260101-080000-pipeline/config.json", R"({"kind": "pipeline", "settings": {"ars": "reference"}})");
    s.trainerRun("20260101-080000-pipeline/stage1", "stage1", "reference", {"final.pt", "last.pt"});
    s.trainerRun("20260101-080000-pipeline/stage2", "stage2", {}, {"last.pt", "best.pt"});
    s.write("20260101-080000-pipeline/checkpoints/stage1.pt");
    s.write("20260101-080000-pipeline/checkpoints/stage2.pt");
    s.write("20260101-090000-stage1/config.json", R"({"kind": "stage1", "state": "finished", "settings": {"ars": "off"}})");
    s.write("20260101-090000-stage1/checkpoints/last.pt");
    s.write("20260101-090000-stage1/checkpoints/final.pt");
    s.write("20260101-100000-stage2/config.json", R"({"kind": "stage2", "state": "finished", "settings": {"ars": "reference"}})");
    s.write("20260101-100000-stage2/checkpoints/best.pt");
    s.write("20260101-100000-stage2/checkpoints/last.pt");
    s.write("20260101-100000-stage2/checkpoints/config.json", R"({"kind": "evaluate", "settings": {}})");

    const QVector<RunCheckpoint> found = findRunCheckpoints(s.runs());
    QCOMPARE(found.size(), 10);
    for (const RunCheckpoint& c : found)
      QCOMPARE(c.role == RunCheckpoint::Role::Segmenter, c.label.contains("stage2"));
    const RunCheckpoint* offLast = s.find(found, "20260101-090000-stage1/checkpoints/last.pt");
    QVERIFY(offLast && !offLast->hasArs && offLast->trainedWithoutArs);
    QVERIFY(s.find(found, "20260101-080000-pipeline/stage1/checkpoints/last.pt")->hasArs);

    const Picked p = pickedByThePages(s.project);
    QCOMPARE(p.ars, s.path("20260101-080000-pipeline/stage1/checkpoints/last.pt"));  // the newest with ARS
    QCOMPARE(p.scoresCls, p.ars);
    QCOMPARE(p.baseline, s.path("20260101-090000-stage1/checkpoints/final.pt"));
    QCOMPARE(p.segmenter, s.path("20260101-100000-stage2/checkpoints/best.pt"));
    QCOMPARE(p.scoresSeg, s.path("20260101-100000-stage2/checkpoints/last.pt"));
  }

  // A malformed record is passed over (the stage then comes from the layout), never fatal.
  void malformedRecordsArePassedOver() {
    Scratch s("run_checkpoints_malformed");
    s.write("20260101-080000-stage2/config.json", "{\"stage\": ");
    s.write("20260101-080000-stage2/job.json", R"({"kind": ["stage1"], "settings": 3})");
    s.write("20260101-080000-stage2/checkpoints/best.pt");
    s.write("20260101-090000/stage1/config.json", R"({"stage": "stage1", "ars": 7})");
    s.write("20260101-090000/stage1/checkpoints/last.pt");
    const QVector<RunCheckpoint> found = findRunCheckpoints(s.runs());
    QCOMPARE(found.size(), 2);
    const RunCheckpoint* seg = s.find(found, "20260101-080000-stage2/checkpoints/best.pt");
    QVERIFY(seg && seg->role == RunCheckpoint::Role::Segmenter);  // from the run id
    const RunCheckpoint* cls = s.find(found, "20260101-090000/stage1/checkpoints/last.pt");
    QVERIFY(cls && cls->role == RunCheckpoint::Role::Classifier && cls->hasArs && !cls->trainedWithoutArs);
  }

  // No runs: nothing is picked and Compute scores… has nothing to run.
  void noRuns() {
    Scratch s("run_checkpoints_none");
    QVERIFY(findRunCheckpoints(s.runs()).isEmpty());
    QVERIFY(findRunCheckpoints(s.root + "/missing").isEmpty());
    const Picked p = pickedByThePages(s.project);
    QVERIFY(p.ars.isEmpty() && p.baseline.isEmpty() && p.segmenter.isEmpty());
    ReviewPage page;
    page.setProject(s.project);
    QVERIFY(page.queue()->scoresArguments().isEmpty());
  }
};

QTEST_MAIN(TestRunCheckpoints)
#include "test_run_checkpoints.moc"
