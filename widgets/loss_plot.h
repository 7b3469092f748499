#pragma once
// Live training curves: top, loss per step (raw + EMA-smoothed, restarted at each stage) with the
// learning rate on the right axis; bottom, per-epoch metrics (mIoU, per-class IoU, ...). Several
// runs can be shown at once (live run, or two runs compared); their legends stay short: each run
// named once (by its colour on the loss plot, its line style on the metric plot), each series
// once. Data is appended in batches and drawn by a timer at most redrawHz times a second (less
// often when redraws would take over 1/8 of the time), never per event. Mouse wheel zooms, drag
// pans, double click returns to "follow the data".
#include <QHash>
#include <QMap>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPAxisRect;
class QTimer;

namespace arml::widgets {

class LossPlot : public QWidget {
  Q_OBJECT
public:
  explicit LossPlot(QWidget* parent = nullptr);

  // Adds a series set for one run; returns its index. Colours follow the run index.
  int addRun(const QString& label);
  int runCount() const { return runs_.size(); }
  void clear();

  // x = running step number. NaN losses are kept out of the EMA.
  void appendSteps(int run, const QVector<double>& x, const QVector<double>& loss, const QVector<double>& lr);
  void appendStep(int run, double x, double loss, double lr);
  void appendEpoch(int run, double epoch, const QMap<QString, double>& metrics);
  // A new stage of `run` begins at x: its loss is on another scale, so the smoothed loss starts
  // again from the stage's first step. With a label, a vertical line marks where.
  void startStage(int run, double x, const QString& label = QString());

  void setEmaAlpha(double alpha) { emaAlpha_ = alpha; }  // weight of the newest value, (0, 1]
  void setRedrawHz(int hz);
  // Metrics whose graph is drawn thick; others thin. Default: names containing "miou".
  static bool isHeadlineMetric(const QString& name);

  // Moves pending points into the graphs and redraws now.
  void flush();
  // Autoscale both plots and follow new data again.
  void resetView();
  bool followsData() const { return following_; }

  bool exportPng(const QString& path, int width = 1600, int height = 1000);
  bool exportSvg(const QString& path, int width = 1600, int height = 1000);
  // Long format: run,series,x,value (series: loss, loss_ema, lr, metric names).
  bool exportCsv(const QString& path) const;

  QCustomPlot* lossPlot() const { return lossPlot_; }
  QCustomPlot* metricPlot() const { return metricPlot_; }
  int stepCount(int run) const;
  // Milliseconds of the last full redraw of both plots.
  double lastRedrawMs() const { return lastRedrawMs_; }

Q_SIGNALS:
  void viewChanged();
  // After each redraw by flush(), with its duration in milliseconds.
  void redrawn(double ms);

private:
  struct Run {
    QString label;
    QCPGraph* raw = nullptr;
    QCPGraph* ema = nullptr;
    QCPGraph* lr = nullptr;
    QMap<QString, QCPGraph*> metrics;
    QVector<double> px, ploss, pema, plr;  // pending, not yet in the graphs
    double emaValue = 0;
    bool emaStarted = false;
  };
  void scheduleRedraw();
  void placeLegends();
  void updateLegends();
  double smoothed(Run& r, double loss) const;
  void userMovedView();
  QCPGraph* metricGraph(int run, const QString& name);
  void render(class QPainter& painter, int width, int height);

  QCustomPlot* lossPlot_;
  QCustomPlot* metricPlot_;
  QTimer* redrawTimer_;
  QVector<Run> runs_;
  QHash<QString, int> metricColourIndex_;
  double emaAlpha_ = 0.05;
  double lastRedrawMs_ = 0;
  bool following_ = true;
  bool metricsDirty_ = true;  // the metric plot needs a redraw
  int baseIntervalMs_ = 66;   // from setRedrawHz; stretched when a redraw is slow
};

}  // namespace arml::widgets
