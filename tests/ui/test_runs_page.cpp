// The Runs page shows what each run did: its settings from its own config.json (not the form's
// values the app's job.json kept) and a headline mIoU named for what it is (test, else the best
// epoch's val).
// Hand-written run folders in the layouts of `arml pipeline` and `arml train-seg`.
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/run_history.h"
#include "ui/runs_page.h"

using namespace arml::ui;

namespace {
void write(const QString& path, const QByteArray& text) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text);
}

int rowOf(RunsPage& page, const QString& id) {
  for (int i = 0; i < page.runs().size(); ++i)
    if (page.runs()[i].id == id) return i;
  return -1;
}
}  // namespace

class TestRunsPage : public QObject {
  Q_OBJECT
  QString runs_;

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_runs_page");
    runs_ = QString::fromStdString(arml::test::scratchDir("ui_runs_page"));
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
    // `arml train-seg --no-test`: no test mIoU, so its best epoch's val mIoU.
    const QString seg = runs_ + "/20261205-091733-stage2";
    write(seg + "/config.json", R"({"stage": "stage2", "epochs": 3, "batch": 8, "lr": 0.005})");
    write(seg + "/metrics.csv", "epoch,train_loss,lr,val_miou,seconds\n0,0.9,0.01,0.41,3\n1,0.7,0.005,0.561,3\n"
                                "2,0.6,0.001,0.305,3\n");
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
};

QTEST_MAIN(TestRunsPage)
#include "test_runs_page.moc"
