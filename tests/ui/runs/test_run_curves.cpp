// Curves of runs the CLI made alone (`arml train-cls` / `train-seg --out runs/<id>`): from the
// trainer's metrics.csv when the run has no event file, from its events when `--events FILE` put
// them into the run folder; the Runs page plots them. Real tiny runs (tests/support/tiny_runs.h) and
// hand-written metrics.csv files.
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "cli_runner.h"
#include "run_rows.h"
#include "test_paths.h"
#include "test_settings.h"
#include "tiny_runs.h"
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

// Keys (x) of the graph named `series` in `plot`.
QVector<double> keysOf(QCustomPlot* plot, const QString& series) {
  QVector<double> keys;
  for (int g = 0; g < plot->graphCount(); ++g)
    if (plot->graph(g)->name() == series)
      for (auto it = plot->graph(g)->data()->constBegin(); it != plot->graph(g)->data()->constEnd(); ++it) keys << it->key;
  return keys;
}

QVector<double> valuesOf(QCustomPlot* plot, const QString& series) {
  QVector<double> values;
  for (int g = 0; g < plot->graphCount(); ++g)
    if (plot->graph(g)->name() == series)
      for (auto it = plot->graph(g)->data()->constBegin(); it != plot->graph(g)->data()->constEnd(); ++it) values << it->value;
  return values;
}

int rowOf(RunsPage& page, const QString& id) { return arml::test::rowOfRun(page.runs(), id); }
}  // namespace

class TestRunCurves : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() { arml::test::isolateSettings("test_run_curves"); }

  void trainerMetricsCsvWithoutEvents() {
    const QString runs = QString::fromStdString(arml::test::scratchDir("ui_run_curves_csv"));
    write(runs + "/cls/config.json", R"({"stage": "stage1", "ars": "reference", "epochs": 3})");
    write(runs + "/cls/metrics.csv",
          "epoch,loss,exact_match,jaccard,lr,ars,seconds\n0,0.6,0.2,0.3,0.01,0,1.5\n1,0.4,0.5,0.6,0.005,1,1.4\n"
          "2,nan,0.55,0.65,0.001,1,1.3\n");
    const RunCurves cls = loadRunCurves(runs + "/cls");
    QVERIFY(cls.stepsArePerEpoch);
    QCOMPARE(cls.epochMetrics.keys(), (QStringList{"exact_match", "jaccard", "loss"}));  // no lr, ars, seconds
    QCOMPARE(cls.epochMetrics["jaccard"], (QVector<double>{0.3, 0.6, 0.65}));
    QCOMPARE(cls.epochStage, (QStringList{"stage1", "stage1", "stage1"}));
    QCOMPARE(cls.epochNumber, (QVector<double>{0, 1, 2}));
    QCOMPARE(cls.stageEpochX, (QVector<double>{1, 2, 3}));  // 0-based rows plotted from epoch 1
    QCOMPARE(cls.stepX, (QVector<double>{1, 2, 3}));
    QCOMPARE(cls.lr, (QVector<double>{0.01, 0.005, 0.001}));
    QCOMPARE(cls.loss.mid(0, 2), (QVector<double>{0.6, 0.4}));
    QVERIFY(std::isnan(cls.loss[2]));
    QCOMPARE(cls.stageNames, QStringList{"stage1"});

    const RunRecord record = readRun(runs + "/cls");
    QCOMPARE(record.finalMetrics.keys(), (QStringList{"last_epoch/exact_match", "last_epoch/jaccard"}));  // loss was nan
    QCOMPARE(record.finalMetrics["last_epoch/jaccard"], 0.65);

    write(runs + "/seg/config.json", R"({"stage": "stage2"})");
    write(runs + "/seg/metrics.csv",
          "epoch,train_loss,train_swv,train_srm,lr,val_miou,val_fwiou,val_pixel_accuracy,val_mean_dice,seconds\n"
          "0,0.9,0.1,0.2,0.01,0.41,0.5,0.7,0.55,3\n1,0.7,0.1,0.2,0.005,0.52,0.6,0.8,0.66,3\n");
    const RunCurves seg = loadRunCurves(runs + "/seg");
    QCOMPARE(seg.epochMetrics["val_miou"], (QVector<double>{0.41, 0.52}));
    QCOMPARE(seg.loss, (QVector<double>{0.9, 0.7}));  // train_loss is stage 2's loss
    QCOMPARE(seg.lr, (QVector<double>{0.01, 0.005}));
    QVERIFY(!seg.epochMetrics.contains("seconds") && !seg.epochMetrics.contains("lr"));
    const RunRecord segRecord = readRun(runs + "/seg");
    QCOMPARE(segRecord.finalMetrics["last_epoch/val_miou"], 0.52);
    QCOMPARE(segRecord.finalMetrics["last_epoch/train_loss"], 0.7);
    QVERIFY(!segRecord.finalMetrics.contains("last_epoch/seconds") && !segRecord.finalMetrics.contains("last_epoch/lr"));

    // A pipeline's metrics.csv is a summary table, not epochs.
    write(runs + "/pipe/config.json", R"({"config": {}})");
    write(runs + "/pipe/metrics.csv", "stage,split,metric,value\nstage2,test,miou,0.57\n");
    QVERIFY(loadRunCurves(runs + "/pipe").isEmpty());

    // Events win over metrics.csv: events.jsonl, else another event file in the run folder.
    write(runs + "/cls/trainer-events.jsonl",
          "{\"type\":\"step\",\"stage\":\"stage1\",\"loss\":0.7,\"lr\":0.01}\n"
          "{\"type\":\"step\",\"stage\":\"stage1\",\"loss\":0.6,\"lr\":0.01}\n"
          "{\"type\":\"epoch\",\"stage\":\"stage1\",\"epoch\":0,\"jaccard\":0.3}\n");
    const RunCurves fromEvents = loadRunCurves(runs + "/cls");
    QVERIFY(!fromEvents.stepsArePerEpoch);
    QCOMPARE(fromEvents.stepX, (QVector<double>{1, 2}));
    QCOMPARE(fromEvents.epochMetrics["jaccard"], QVector<double>{0.3});
    write(runs + "/cls/events.jsonl", "{\"type\":\"step\",\"stage\":\"stage1\",\"loss\":0.5,\"lr\":0.01}\n");
    QCOMPARE(loadRunCurves(runs + "/cls").stepX, QVector<double>{1});
  }

  // Real runs of `arml train-cls` and `arml train-seg` (with validation) on the Runs page: the loss
  // plot and the metric plot get a point per epoch from metrics.csv; a train-cls run with
  // `--events runs/<id>/train-events.jsonl` gets its per-step curve.
  void realCliRunsOnTheRunsPage() {
    const QString runs = QString::fromStdString(arml::test::scratchDir("ui_run_curves_cli"));
    const arml::test::TinyRuns tiny = arml::test::makeTinyRuns(runs);  // runs/stage1 (2 epochs), runs/stage2
    QVERIFY2(tiny.ok(), qPrintable(tiny.error));
    QVERIFY(!QFile::exists(runs + "/stage1/events.jsonl"));
    const auto arml = [](const QStringList& args) {
      const arml::test::CliResult r = arml::test::runArml(args);
      if (r.exitCode != 0) qWarning("arml %s: %s", qPrintable(args.join(' ')), qPrintable(r.err));
      return r.exitCode == 0;
    };
    QVERIFY(arml({"train-seg", "--data", tiny.data, "--masks", tiny.data + "/train_mask", "--out", runs + "/seg-val", "--epochs",
          "2", "--batch", "2", "--width-divisor", "8", "--patch-size", "64", "--max-steps-per-epoch", "2", "--no-test",
          "--workers", "1"}));
    QDir().mkpath(runs + "/cls-events");  // --events FILE into the run folder, made before the run
    QVERIFY(arml({"--events", runs + "/cls-events/train-events.jsonl", "train-cls", "--data", tiny.data, "--out",
          runs + "/cls-events", "--arch", "resnet38d-lite", "--ars", "off", "--epochs", "1", "--batch", "4",
          "--max-steps-per-epoch", "2", "--patch-size", "64", "--workers", "1"}));
    QVERIFY(QFile::exists(runs + "/cls-events/train-events.jsonl"));

    RunsPage page;
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setRunsDir(runs);
    QDir().mkpath("/tmp/runsplot");

    const int cls = rowOf(page, "stage1");
    QVERIFY(cls >= 0);
    page.table()->selectRow(cls);
    page.plot()->flush();
    QCOMPARE(page.plot()->stepCount(0), 2);  // each epoch's mean loss, not smoothed
    const RunCurves clsCurves = loadRunCurves(runs + "/stage1");
    QCOMPARE(valuesOf(page.plot()->lossPlot(), "loss (smoothed)"), clsCurves.loss);
    QCOMPARE(valuesOf(page.plot()->lossPlot(), "learning rate"), clsCurves.lr);
    QCOMPARE(keysOf(page.plot()->metricPlot(), "stage1: jaccard"), (QVector<double>{1, 2}));
    QCOMPARE(keysOf(page.plot()->metricPlot(), "stage1: exact_match"), (QVector<double>{1, 2}));
    QVERIFY(keysOf(page.plot()->metricPlot(), "stage1: seconds").isEmpty());
    QVERIFY(keysOf(page.plot()->metricPlot(), "stage1: lr").isEmpty());
    QCOMPARE(page.plot()->lossPlot()->xAxis->label(), QString("epoch (mean loss of each epoch)"));
    const QString details = page.findChild<QPlainTextEdit*>()->toPlainText();
    QVERIFY2(details.contains("last_epoch/jaccard") && details.contains("last_epoch/loss"), qPrintable(details));
    QVERIFY2(!details.contains("last_epoch/seconds") && !details.contains("last_epoch/ars") &&
                 !details.contains("last_epoch/lr"),
             qPrintable(details));
    page.grab().save("/tmp/runsplot/runs-page-cli-train-cls.png");

    const int seg = rowOf(page, "seg-val");
    QVERIFY(seg >= 0);
    page.table()->selectRow(seg);
    page.plot()->flush();
    QCOMPARE(page.plot()->stepCount(0), 2);
    QCOMPARE(keysOf(page.plot()->metricPlot(), "stage2: val_miou"), (QVector<double>{1, 2}));
    QVERIFY(page.runs()[seg].finalMetrics.contains("last_epoch/val_miou"));
    page.grab().save("/tmp/runsplot/runs-page-cli-train-seg.png");

    const int withEvents = rowOf(page, "cls-events");
    QVERIFY(withEvents >= 0);
    page.table()->selectRow(withEvents);
    page.plot()->flush();
    QCOMPARE(page.plot()->stepCount(0), 2);  // one point per step (one epoch of two) from the trainer's events
    QCOMPARE(keysOf(page.plot()->metricPlot(), "stage1: jaccard"), QVector<double>{1});
    QCOMPARE(page.plot()->lossPlot()->xAxis->label(), QString("step"));
    page.grab().save("/tmp/runsplot/runs-page-cli-train-cls-events.png");
  }
};

QTEST_MAIN(TestRunCurves)
#include "test_run_curves.moc"
