// LossPlot: batched appends, timer-driven redraw, 100k points, zoom/pan, export PNG/SVG/CSV,
// smoothing restarted per stage, compact legends for compared runs.
// Prints the redraw time with 100k points per series (no timing assertion).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QWheelEvent>
#include <QtTest>
#include <cmath>

#include "test_paths.h"
#include "widgets/legend_key.h"
#include "widgets/loss_plot.h"
#include "widgets/qcustomplot_include.h"

using arml::widgets::LossPlot;

class TestLossPlot : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void drawsOnATimerNotPerEvent() {
    LossPlot plot;
    plot.resize(800, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const int run = plot.addRun(QString());
    plot.setRedrawHz(20);
    plot.flush();
    const double replotsBefore = plot.lossPlot()->replotTime();
    Q_UNUSED(replotsBefore);
    for (int i = 1; i <= 500; ++i) plot.appendStep(run, i, 1.0 / i, 0.01);
    QCOMPARE(plot.lossPlot()->graph(0)->dataCount(), 0);  // nothing drawn yet: pending
    QCOMPARE(plot.stepCount(run), 500);
    QTRY_COMPARE_WITH_TIMEOUT(plot.lossPlot()->graph(0)->dataCount(), 500, 2000);
    // EMA: starts at the first value and moves toward later ones.
    const auto ema = plot.lossPlot()->graph(1)->data();
    QCOMPARE(ema->at(0)->value, 1.0);
    QVERIFY(ema->at(499)->value < ema->at(10)->value);
  }

  // Stage 2's loss starts on another scale: its smoothed curve starts from its own first loss, not
  // from stage 1's average, for a live run and for each of two compared runs.
  void smoothingRestartsAtEachStage() {
    LossPlot plot;
    const int a = plot.addRun("run A");
    const int b = plot.addRun("run B");
    for (int run : {a, b}) {
      plot.startStage(run, 1, run == a ? "stage1" : QString());
      for (int i = 1; i <= 100; ++i) plot.appendStep(run, i, 1.0, 0.01);
      plot.startStage(run, 101, run == a ? "stage2" : QString());
      plot.appendSteps(run, {101, 102}, {0.1, 0.1}, {0.005, 0.005});
    }
    plot.flush();
    for (int g = 0; g < plot.lossPlot()->graphCount(); ++g) {
      QCPGraph* graph = plot.lossPlot()->graph(g);
      if (!graph->name().endsWith("loss (smoothed)")) continue;
      QCOMPARE(graph->data()->findBegin(100, false)->value, 1.0);
      QCOMPARE(graph->data()->findBegin(101, false)->value, 0.1);
      QCOMPARE(graph->data()->findBegin(102, false)->value, 0.1);
    }
    QCOMPARE(plot.lossPlot()->itemCount(), 4);  // run A marks its stages (line and label each); run B not
  }

  // Two compared runs with six metrics each: each legend names each run once and each series
  // once, so the plots keep the size they have for one run.
  void compactLegendsForComparedRuns() {
    LossPlot plot;
    plot.resize(720, 700);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const auto addRun = [&plot](const QString& label) {
      const int run = plot.addRun(label);
      for (int i = 1; i <= 50; ++i) plot.appendStep(run, i, 1.0 / i, 0.01);
      for (int e = 1; e <= 4; ++e)
        plot.appendEpoch(run, e, {{"stage1: cam_miou", 0.3}, {"stage2: val_miou", 0.4}, {"stage2: iou_0", 0.5},
                                  {"stage2: iou_1", 0.5}, {"stage2: iou_2", 0.5}, {"stage2: iou_3", 0.5}});
      plot.flush();
    };
    const auto widths = [&plot] {
      QVector<int> out;
      for (QCustomPlot* p : {plot.lossPlot(), plot.metricPlot()}) {
        p->replot();
        out << p->axisRect()->width();
      }
      return out;
    };
    const auto texts = [](QCPLegend* legend) {
      QStringList out;
      for (int i = 0; i < legend->itemCount(); ++i)
        if (auto* key = dynamic_cast<arml::widgets::LegendKey*>(legend->item(i))) out << key->text();
      return out;
    };
    addRun(QString());
    const QVector<int> oneRun = widths();
    QCOMPARE(plot.lossPlot()->legend->itemCount(), 3);  // one run: an entry per graph
    QVERIFY(texts(plot.lossPlot()->legend).isEmpty());

    plot.clear();
    const QStringList runs = {"20261205-084512-pipeline", "20261205-091733-pipeline"};
    addRun(runs[0]);
    addRun(runs[1]);
    QCOMPARE(texts(plot.lossPlot()->legend), (QStringList{runs[0], runs[1], "loss", "loss (smoothed)", "learning rate"}));
    QCOMPARE(texts(plot.metricPlot()->legend),
             (QStringList{"stage1: cam_miou", "stage2: iou_0", "stage2: iou_1", "stage2: iou_2", "stage2: iou_3",
                          "stage2: val_miou", runs[0], runs[1]}));
    const QVector<int> twoRuns = widths();
    for (int i = 0; i < 2; ++i)
      QVERIFY2(twoRuns[i] >= 0.9 * oneRun[i], qPrintable(QString("plot %1: %2 px wide for two runs, %3 for one")
                                                             .arg(i).arg(twoRuns[i]).arg(oneRun[i])));
    QVERIFY(plot.grab().save(QString::fromStdString(arml::test::scratchDir("ui_loss_plot_legends")) + "/two-runs.png"));

    plot.clear();  // one run again: an entry per graph, no key of the compared runs left
    addRun(QString());
    QCOMPARE(plot.lossPlot()->legend->itemCount(), 3);
    QVERIFY(texts(plot.lossPlot()->legend).isEmpty() && texts(plot.metricPlot()->legend).isEmpty());
  }

  void hundredThousandPointsRedrawTime() {
    LossPlot plot;
    plot.resize(1200, 700);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const int run = plot.addRun("live");
    const int n = 100000;
    QVector<double> x(n), loss(n), lr(n);
    for (int i = 0; i < n; ++i) {
      x[i] = i + 1;
      loss[i] = 0.2 + std::exp(-i / 20000.0) + 0.1 * std::sin(i * 0.37);
      lr[i] = 0.01 * std::pow(1.0 - double(i) / n, 0.9);
    }
    QElapsedTimer t;
    t.start();
    plot.appendSteps(run, x, loss, lr);
    plot.flush();
    const double firstMs = t.nsecsElapsed() / 1e6;
    for (int e = 1; e <= 20; ++e) plot.appendEpoch(run, e, {{"val_miou", 0.3 + 0.02 * e}, {"iou_0", 0.2 + 0.03 * e}});
    QVector<double> times;
    for (int k = 0; k < 10; ++k) {
      plot.appendStep(run, n + k + 1, 0.3, 0.0001);  // a live update: one more point, full redraw
      plot.flush();
      times << plot.lastRedrawMs();
    }
    std::sort(times.begin(), times.end());
    qInfo("LossPlot, 100k steps x 3 series + 2 metric curves, 1200x700: append+first redraw %.1f ms; "
          "redraw median %.1f ms, max %.1f ms",
          firstMs, times[times.size() / 2], times.last());
    QCOMPARE(plot.lossPlot()->graph(0)->dataCount(), n + 10);
  }

  void wheelZoomsAndDoubleClickFollowsAgain() {
    LossPlot plot;
    plot.resize(800, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const int run = plot.addRun(QString());
    for (int i = 1; i <= 1000; ++i) plot.appendStep(run, i, 1.0, 0.01);
    plot.flush();
    const QCPRange before = plot.lossPlot()->xAxis->range();
    QVERIFY(plot.followsData());
    QCustomPlot* p = plot.lossPlot();
    const QPointF centre = p->axisRect()->rect().center();
    QWheelEvent wheel(centre, p->mapToGlobal(centre.toPoint()), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(p, &wheel);
    const QCPRange after = p->xAxis->range();
    QVERIFY2(after.size() < before.size() * 0.95, "the wheel zoomed in");
    QVERIFY(!plot.followsData());
    plot.appendStep(run, 1001, 1.0, 0.01);
    plot.flush();
    QCOMPARE(p->xAxis->range().size(), after.size());  // the user's view is kept
    QTest::mouseDClick(p, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    QVERIFY(plot.followsData());
    QVERIFY(p->xAxis->range().upper >= 1001);
  }

  void exportsPngSvgCsv() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("ui_loss_plot"));
    LossPlot plot;
    plot.resize(900, 600);
    const int a = plot.addRun("run A");
    const int b = plot.addRun("run B");
    for (int i = 1; i <= 300; ++i) {
      if (i == 150) plot.startStage(a, 150, "stage2");
      plot.appendStep(a, i, 1.0 / std::sqrt(i), 0.01);
      plot.appendStep(b, i, 1.2 / std::sqrt(i), 0.005);
    }
    plot.appendEpoch(a, 1, {{"val_miou", 0.4}});
    plot.appendEpoch(a, 2, {{"val_miou", 0.5}});
    plot.appendEpoch(b, 1, {{"val_miou", 0.45}});
    QVERIFY(plot.exportPng(dir + "/curves.png", 1200, 800));
    const QImage png(dir + "/curves.png");
    QCOMPARE(png.size(), QSize(1200, 800));
    int inked = 0;
    for (int y = 0; y < png.height(); y += 2)
      for (int x = 0; x < png.width(); x += 2) inked += png.pixelColor(x, y) != QColor(Qt::white);
    QVERIFY2(inked > 2000, "curves, axes and legends were drawn");
    QVERIFY(plot.exportSvg(dir + "/curves.svg"));
    QFile svg(dir + "/curves.svg");
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    QVERIFY(svgText.contains("<svg"));
    QVERIFY(svgText.contains("<path") || svgText.contains("<polyline"));
    QVERIFY(plot.exportCsv(dir + "/curves.csv"));
    QFile csv(dir + "/curves.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines[0], QByteArray("run,series,x,value"));
    QCOMPARE(lines[1], QByteArray("run A,loss,1,1"));
    QCOMPARE(lines.size() - 2, 2 * 3 * 300 + 3);  // header, trailing empty line
    QVERIFY(lines.contains("run B,val_miou,1,0.45"));
  }
};

QTEST_MAIN(TestLossPlot)
#include "test_loss_plot.moc"
