// The Runs page shows what each run did: its settings from its own config.json (not the form's
// values the app's job.json kept), a headline mIoU named for what it is (test, else the best
// epoch's val), each stage's loss smoothed on its own, and compact legends for two compared runs.
// Hand-written run folders in the layouts of `arml pipeline` and `arml train-seg`.
#include <QAction>
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QtTest>

#include "run_rows.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/runs/current_run.h"
#include "ui/runs/run_history.h"
#include "ui/runs/runs_page.h"
#include "widgets/loss_plot.h"
#include "widgets/qcustomplot_include.h"

using namespace arml::ui;

namespace {
void write(const QString& path, const QByteArray& text) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text);
}

// Events of a two-stage run: stage 1's loss is 1.0 for 100 steps, stage 2's 0.1 for 100 steps.
QByteArray twoStageEvents() {
  QByteArray events;
  for (int stage = 1; stage <= 2; ++stage)
    for (int i = 0; i < 100; ++i)
      events += QByteArray(R"({"type":"step","stage":"stage)") + QByteArray::number(stage) + R"(","loss":)" +
                (stage == 1 ? "1.0" : "0.1") + R"(,"lr":0.01})" + "\n";
  for (int e = 1; e <= 3; ++e)
    events += R"({"type":"epoch","stage":"stage2","epoch":)" + QByteArray::number(e) +
              R"(,"val_miou":0.3,"iou":[0.2,0.3,0.4,0.5]})" + "\n";
  return events;
}

// The smoothed loss of `run` (its graph "loss (smoothed)", prefixed by the run's label when several
// runs are shown) at step x.
double smoothedAt(QCustomPlot* plot, const QString& series, double x) {
  for (int g = 0; g < plot->graphCount(); ++g)
    if (plot->graph(g)->name() == series) return plot->graph(g)->data()->findBegin(x, false)->value;
  return qQNaN();
}

int rowOf(RunsPage& page, const QString& id) { return arml::test::rowOfRun(page.runs(), id); }
}  // namespace

class TestRunsPage : public QObject {
  Q_OBJECT
  QString runs_, shots_;

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_runs_page");
    runs_ = QString::fromStdString(arml::test::scratchDir("ui_runs_page"));
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_runs_page"));
    // A pipeline started from the app on the cpu-demo preset: job.json kept the form's stage-1
    // values (2 epochs, batch 4, lr 0 = default), which a pipeline does not pass; it used its
    // preset's 6 / 8 / 0.01 (config.json). Its last epoch's val mIoU was 0.305, its best 0.561,
    // its test mIoU 0.42.
    const QString pipe = runs_ + "/20261205-084512-pipeline";
    write(pipe + "/job.json", R"({"id": "20261205-084512-pipeline", "kind": "pipeline", "preset": "cpu-demo",
      "state": "finished", "exit_code": 0, "started": "2026-12-05T08:45:12",
      "settings": {"epochs": 2, "batch": 4, "lr": 0, "preset": "cpu-demo"},
      "final_metrics": {"last_epoch/val_miou": 0.305, "val/val_miou": 0.305}})");
    write(pipe + "/config.json", R"({"config": {"preset": "cpu-demo", "device": "auto",
      "stage1": {"arch": "resnet38d-lite", "epochs": 6, "batch": 8, "lr": 0.01},
      "stage2": {"epochs": 6, "batch": 8, "lr": 0.02}}, "software": {"arml": "0.1.0"}})");
    write(pipe + "/job-metrics.csv", "stage,epoch,val_miou\nstage2,1,0.41\nstage2,2,0.561\nstage2,3,0.305\n");
    write(pipe + "/summary.json", R"({"stage2_best_val_miou": 0.561, "stage2_test_miou": 0.42})");
    write(pipe + "/events.jsonl", twoStageEvents());
    // `arml train-seg --no-test`: no test mIoU, so its best epoch's val mIoU.
    const QString seg = runs_ + "/20261205-091733-stage2";
    write(seg + "/config.json", R"({"stage": "stage2", "epochs": 3, "batch": 8, "lr": 0.005})");
    write(seg + "/metrics.csv", "epoch,train_loss,lr,val_miou,seconds\n0,0.9,0.01,0.41,3\n1,0.7,0.005,0.561,3\n"
                                "2,0.6,0.001,0.305,3\n");
    write(seg + "/events.jsonl", twoStageEvents());
  }

  void settingsAndHeadlineFromTheRunsOwnFiles() {
    RunsPage page;
    page.setRunsDir(runs_);
    const int pipe = rowOf(page, "20261205-084512-pipeline");
    const int seg = rowOf(page, "20261205-091733-stage2");
    QVERIFY(pipe >= 0 && seg >= 0);
    QCOMPARE(page.table()->horizontalHeaderItem(4)->text(), QString("mIoU"));
    QCOMPARE(page.table()->item(pipe, 4)->text(), QString("0.4200 (test)"));
    QCOMPARE(page.table()->item(seg, 4)->text(), QString("0.5610 (best val)"));
    QCOMPARE(runHeadline(page.runs()[seg]).name(), QString("best val mIoU"));

    page.table()->selectRow(pipe);
    const QString details = page.findChild<QPlainTextEdit*>()->toPlainText();
    QVERIFY2(details.contains("test mIoU 0.4200"), qPrintable(details));
    QVERIFY2(details.contains("Settings (config.json):"), qPrintable(details));
    QVERIFY2(details.contains("[stage1] arch: resnet38d-lite, batch: 8, epochs: 6, lr: 0.01"), qPrintable(details));
    QVERIFY2(!details.contains("batch: 4") && !details.contains("epochs: 2"), qPrintable(details));
    QCOMPARE(page.runs()[pipe].settings["stage1"].toObject()["epochs"].toInt(), 6);
  }

  // A malformed file shows as a problem of its run (in the state column and the details, naming
  // the file), beside what could be read; the other runs are listed as usual.
  void malformedRunFilesAreProblemsOfTheirRun() {
    const QString runs = QString::fromStdString(arml::test::scratchDir("ui_runs_page_malformed"));
    write(runs + "/bad/config.json", R"({"stage": "stage2", "peers": "shared"})");
    write(runs + "/bad/metrics.csv", "epoch,val_miou\n1,abc\n");
    write(runs + "/bad/job.json", R"({"kind": "stage2", "state": "finished", "settings": 5)");
    write(runs + "/bad/summary.json", "[1, 2");
    write(runs + "/bad/test_metrics.json", R"({"mean_iou": 0.5})");
    write(runs + "/good/config.json", R"({"stage": "stage1", "ars": "off"})");
    RunsPage page;
    page.setRunsDir(runs);
    QCOMPARE(page.runs().size(), 2);
    const int bad = rowOf(page, "bad"), good = rowOf(page, "good");
    const RunRecord& r = page.runs()[bad];
    const QString problems = r.problems.join('\n');
    QVERIFY2(problems.contains("metrics.csv: line 2: \"abc\" is not a number"), qPrintable(problems));
    QVERIFY2(problems.contains("job.json: not valid JSON"), qPrintable(problems));
    QVERIFY2(problems.contains("summary.json: not valid JSON"), qPrintable(problems));
    QCOMPARE(r.kind, QString("stage2"));  // from config.json
    QCOMPARE(r.settings["peers"].toString(), QString("shared"));
    QCOMPARE(runHeadline(r).value, 0.5);  // test_metrics.json still reads
    QVERIFY(page.runs()[good].problems.isEmpty());
    QVERIFY2(page.table()->item(bad, 2)->text().contains("problem"), qPrintable(page.table()->item(bad, 2)->text()));
    QVERIFY(page.table()->item(bad, 2)->toolTip().contains("metrics.csv"));
    QVERIFY(!page.table()->item(good, 2)->text().contains("problem"));
    page.table()->selectRow(bad);
    const QString details = page.findChild<QPlainTextEdit*>()->toPlainText();
    QVERIFY2(details.contains("Problem: ") && details.contains("summary.json"), qPrintable(details));
  }

  // Stage 2's smoothed loss starts from stage 2's own losses (0.1), for one run and for two.
  void eachStageSmoothedOnItsOwn() {
    RunsPage page;
    page.resize(1400, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setRunsDir(runs_);
    const int pipe = rowOf(page, "20261205-084512-pipeline");
    page.table()->selectRow(pipe);
    page.plot()->flush();
    QCOMPARE(smoothedAt(page.plot()->lossPlot(), "loss (smoothed)", 100), 1.0);
    QCOMPARE(smoothedAt(page.plot()->lossPlot(), "loss (smoothed)", 101), 0.1);
    QVERIFY(QDir().mkpath(shots_));
    QVERIFY(page.grab().save(shots_ + "/runs-page-one-run.png"));

    QVector<int> oneRun;
    for (QCustomPlot* plot : {page.plot()->lossPlot(), page.plot()->metricPlot()}) oneRun << plot->axisRect()->width();

    page.table()->setSelectionMode(QAbstractItemView::MultiSelection);
    page.table()->selectRow(rowOf(page, "20261205-091733-stage2"));
    QCOMPARE(page.plot()->runCount(), 2);
    page.plot()->flush();
    for (const QString& run : {"20261205-084512-pipeline", "20261205-091733-stage2"}) {
      QCOMPARE(smoothedAt(page.plot()->lossPlot(), run + ": loss (smoothed)", 100), 1.0);
      QCOMPARE(smoothedAt(page.plot()->lossPlot(), run + ": loss (smoothed)", 101), 0.1);
    }
    // Legends: the two runs and three series on the loss plot, five metrics and two runs on the
    // metric plot; the plots keep the size they have for one run.
    QCOMPARE(page.plot()->lossPlot()->legend->itemCount(), 5);
    QCOMPARE(page.plot()->metricPlot()->legend->itemCount(), 7);
    for (int i = 0; i < 2; ++i) {
      QCustomPlot* plot = i == 0 ? page.plot()->lossPlot() : page.plot()->metricPlot();
      QVERIFY2(plot->axisRect()->width() >= 0.9 * oneRun[i],
               qPrintable(QString("%1 px for two runs, %2 for one").arg(plot->axisRect()->width()).arg(oneRun[i])));
    }
    QVERIFY(page.grab().save(shots_ + "/runs-page-two-runs.png"));
  }

  // "Use this run": the selected finished run becomes the project's current run, marked in the
  // list and kept in current-run.json; a running run is refused with its reason.
  void useThisRunMarksTheCurrentRun() {
    const QString project = QString::fromStdString(arml::test::scratchDir("ui_runs_page_current"));
    const QString runs = project + "/runs";
    for (const char* id : {"20260101-100000-stage2", "20260102-100000-stage2"}) {
      write(runs + "/" + id + "/config.json", R"({"stage": "stage2", "patch_size": 112})");
      write(runs + "/" + id + "/checkpoints/best.pt", "checkpoint");
      write(runs + "/" + id + "/test_metrics.json", R"({"mean_iou": 0.4})");
    }
    write(runs + "/20260103-100000-stage2/job.json", R"({"kind": "stage2", "state": "running"})");
    write(runs + "/20260103-100000-stage2/checkpoints/last.pt", "checkpoint");
    CurrentRun current;
    current.setProject(project, runs);
    RunsPage page;
    page.setCurrentRun(&current);
    page.setRunsDir(runs);
    page.resize(900, 500);
    const QString newest = current.id();
    QVERIFY(newest == "20260101-100000-stage2" || newest == "20260102-100000-stage2");  // same-time files: either
    QCOMPARE(page.runs()[page.currentRunRow()].id, newest);
    QCOMPARE(page.table()->item(page.currentRunRow(), 0)->text(), newest + " (current)");
    QVERIFY(!page.table()->item(page.currentRunRow(), 0)->icon().isNull());

    const QString other = newest == "20260101-100000-stage2" ? "20260102-100000-stage2" : "20260101-100000-stage2";
    page.table()->selectRow(rowOf(page, other));
    QVERIFY(page.useRunButton()->isEnabled());
    QCOMPARE(page.table()->contextMenuPolicy(), Qt::ActionsContextMenu);  // also in the list's context menu
    QCOMPARE(page.table()->actions().value(0)->text(), QString("Use this run"));
    QVERIFY(page.table()->actions().value(0)->isEnabled());
    QTest::mouseClick(page.useRunButton(), Qt::LeftButton);
    QCOMPARE(current.id(), other);
    QVERIFY(!page.table()->actions().value(0)->isEnabled());
    QVERIFY(current.isExplicit());
    QCOMPARE(page.runs()[page.currentRunRow()].id, other);
    QCOMPARE(page.table()->item(rowOf(page, newest), 0)->text(), newest);
    QVERIFY(!page.useRunButton()->isEnabled());  // it is the current one already
    QVERIFY(QFile::exists(CurrentRun::stateFile(project)));
    QVERIFY(page.grab().save(shots_ + "/runs-page-current-run.png"));

    page.table()->selectRow(rowOf(page, "20260103-100000-stage2"));
    QTest::mouseClick(page.useRunButton(), Qt::LeftButton);
    QCOMPARE(current.id(), other);
    QVERIFY2(page.findChild<QPlainTextEdit*>()->toPlainText().contains("is running, not finished"),
             qPrintable(page.findChild<QPlainTextEdit*>()->toPlainText()));
  }
};

QTEST_MAIN(TestRunsPage)
#include "test_runs_page.moc"
