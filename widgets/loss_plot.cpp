#include "widgets/loss_plot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>
#include "widgets/legend_key.h"
#include "widgets/qcustomplot_include.h"

namespace arml::widgets {

namespace {
const QVector<QColor> kRunColours = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                     QColor(148, 103, 189)};
const QVector<QColor> kMetricColours = {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44),
                                        QColor(148, 103, 189), QColor(255, 127, 14), QColor(140, 86, 75),
                                        QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34),
                                        QColor(23, 190, 207)};

// The metric plot tells runs apart by line style (each metric has its colour).
Qt::PenStyle runLineStyle(int run) {
  static const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
  return styles[run % 4];
}

void setupPlot(QCustomPlot* plot) {
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
  plot->setNoAntialiasingOnDrag(true);
  plot->setPlottingHint(QCP::phCacheLabels, true);
  // Thin non-antialiased polylines through Qt's fast path; the curves are what costs at 100k points.
  plot->setPlottingHint(QCP::phFastPolylines, true);
  plot->legend->setVisible(true);
  plot->legend->setFont(QFont(plot->font().family(), 8));
  plot->legend->setBrush(QColor(255, 255, 255, 200));
  plot->setMinimumHeight(120);
}
}  // namespace

LossPlot::LossPlot(QWidget* parent) : QWidget(parent) {
  lossPlot_ = new QCustomPlot(this);
  metricPlot_ = new QCustomPlot(this);
  lossPlot_->setObjectName(QStringLiteral("lossPlot"));
  metricPlot_->setObjectName(QStringLiteral("metricPlot"));
  setupPlot(lossPlot_);
  setupPlot(metricPlot_);
  lossPlot_->xAxis->setLabel(tr("step"));
  lossPlot_->yAxis->setLabel(tr("loss"));
  lossPlot_->yAxis2->setVisible(true);
  lossPlot_->yAxis2->setLabel(tr("learning rate"));
  lossPlot_->axisRect()->setRangeDragAxes({lossPlot_->xAxis}, {lossPlot_->yAxis, lossPlot_->yAxis2});
  lossPlot_->axisRect()->setRangeZoomAxes({lossPlot_->xAxis}, {lossPlot_->yAxis, lossPlot_->yAxis2});
  metricPlot_->xAxis->setLabel(tr("epoch"));
  metricPlot_->yAxis->setLabel(tr("metric"));
  metricPlot_->yAxis->setRange(0, 1);
  metricPlot_->xAxis->setRange(0, 1);
  lossPlot_->xAxis->setRange(0, 1);
  lossPlot_->yAxis->setRange(0, 1);
  lossPlot_->yAxis2->setRange(0, 1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(lossPlot_, 3);
  layout->addWidget(metricPlot_, 2);

  placeLegends();
  redrawTimer_ = new QTimer(this);
  redrawTimer_->setSingleShot(true);
  setRedrawHz(15);
  connect(redrawTimer_, &QTimer::timeout, this, &LossPlot::flush);

  for (QCustomPlot* plot : {lossPlot_, metricPlot_}) {
    connect(plot, &QCustomPlot::mouseWheel, this, &LossPlot::userMovedView);
    connect(plot, &QCustomPlot::mousePress, this, &LossPlot::userMovedView);
    connect(plot, &QCustomPlot::mouseDoubleClick, this, &LossPlot::resetView);
    connect(plot, &QCustomPlot::legendClick, this, [plot](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
      auto* entry = qobject_cast<QCPPlottableLegendItem*>(item);
      if (!entry) return;
      const bool visible = !entry->plottable()->visible();
      entry->plottable()->setVisible(visible);
      entry->setTextColor(visible ? Qt::black : Qt::gray);
      plot->replot(QCustomPlot::rpQueuedReplot);
    });
  }
}

void LossPlot::setRedrawHz(int hz) {
  baseIntervalMs_ = 1000 / std::max(1, hz);
  redrawTimer_->setInterval(baseIntervalMs_);
}

bool LossPlot::isHeadlineMetric(const QString& name) { return name.contains(QLatin1String("miou"), Qt::CaseInsensitive); }

// The loss legend sits inside its plot (a few short entries, top right where falling losses leave
// room; compared runs get one entry each, see updateLegends). Metrics rise and spread over the
// whole plot: their legend is always beside it.
void LossPlot::placeLegends() {
  for (QCustomPlot* plot : {lossPlot_, metricPlot_}) {
    plot->legend->setVisible(plot->graphCount() > 0);  // no empty legend box
    const bool outside = plot == metricPlot_;
    QCPLayoutInset* inset = plot->axisRect()->insetLayout();
    // Outside, the legend sits at the top of a side column whose rest is an empty spacer, so its
    // entries are not spread over the plot's whole height.
    QCPLayoutGrid* side = plot->plotLayout()->columnCount() > 1
                              ? qobject_cast<QCPLayoutGrid*>(plot->plotLayout()->element(0, 1))
                              : nullptr;
    if (outside == (side != nullptr)) continue;
    if (outside) {
      inset->take(plot->legend);
      side = new QCPLayoutGrid;
      side->setMargins(QMargins(0, 0, 2, 0));  // the legend's right border inside the widget
      plot->plotLayout()->addElement(0, 1, side);
      plot->plotLayout()->setColumnStretchFactor(1, 0.001);
      side->addElement(0, 0, plot->legend);
      side->addElement(1, 0, new QCPLayoutElement(plot));
      side->setRowStretchFactor(0, 0.001);
    } else {
      side->take(plot->legend);
      plot->plotLayout()->remove(side);
      plot->plotLayout()->simplify();
      inset->addElement(plot->legend, Qt::AlignTop | Qt::AlignRight);
    }
  }
}

// One run: an entry per graph. Several: on the loss plot an entry per run (its colour) and per
// series (its line style, in grey); on the metric plot an entry per metric (its colour) and per
// run (its line style). Two compared runs need 5 + 8 entries instead of 6 + 12 long "run: series" ones.
void LossPlot::updateLegends() {
  placeLegends();
  if (runs_.size() < 2) return;  // the graphs' own entries, added with each graph
  const QColor grey(90, 90, 90);
  QCPLegend* loss = lossPlot_->legend;
  loss->clearItems();
  for (int i = 0; i < runs_.size(); ++i) {
    runs_[i].lr->setPen(QPen(runs_[i].lr->pen().color(), 1, Qt::DotLine));  // told from the loss by its style
    loss->addItem(new LegendKey(loss, runs_[i].ema->pen(), runs_[i].label));
  }
  loss->addItem(new LegendKey(loss, QPen(grey.lighter(200), 1), tr("loss")));
  loss->addItem(new LegendKey(loss, QPen(grey, 2), tr("loss (smoothed)")));
  loss->addItem(new LegendKey(loss, QPen(grey, 1, Qt::DotLine), tr("learning rate")));

  QCPLegend* metrics = metricPlot_->legend;
  metrics->clearItems();
  QVector<QString> names(metricColourIndex_.size());
  for (auto it = metricColourIndex_.begin(); it != metricColourIndex_.end(); ++it) names[it.value()] = it.key();
  for (int i = 0; i < names.size(); ++i) {
    const QColor colour = kMetricColours[i % kMetricColours.size()];
    metrics->addItem(new LegendKey(metrics, QPen(colour, isHeadlineMetric(names[i]) ? 2.5 : 1.2), names[i]));
  }
  for (int i = 0; i < runs_.size() && !names.isEmpty(); ++i)
    metrics->addItem(new LegendKey(metrics, QPen(grey, 1.5, runLineStyle(i)), runs_[i].label));
  metrics->setVisible(!names.isEmpty());
}

int LossPlot::addRun(const QString& label) {
  Run run;
  run.label = label;
  const int index = runs_.size();
  const QColor colour = kRunColours[index % kRunColours.size()];
  const QString prefix = label.isEmpty() ? QString() : label + QStringLiteral(": ");

  // What each curve costs to draw with 100k points (bench_training_page): the noisy raw series is
  // drawn opaque (its colour pre-blended with white instead of an alpha pen, which forces blending
  // of every pixel), 1 px wide and not antialiased; the learning rate is a solid thin line (a
  // dashed pen makes Qt dash every one of thousands of segments). All three use adaptive sampling.
  run.raw = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis);
  constexpr float kAlpha = 0.275f;  // the look of the former 70/255 alpha pen on white
  const QColor light = QColor::fromRgbF(1 - kAlpha + kAlpha * colour.redF(), 1 - kAlpha + kAlpha * colour.greenF(),
                                        1 - kAlpha + kAlpha * colour.blueF());
  run.raw->setPen(QPen(light, 1));
  run.raw->setAntialiased(false);
  run.raw->setName(prefix + tr("loss"));
  run.ema = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis);
  run.ema->setPen(QPen(colour.darker(120), 2));
  run.ema->setAntialiased(false);  // antialiasing cost more than the 2-px line gains
  run.ema->setName(prefix + tr("loss (smoothed)"));
  run.lr = lossPlot_->addGraph(lossPlot_->xAxis, lossPlot_->yAxis2);
  run.lr->setPen(QPen(colour.lighter(130), 1));
  run.lr->setAntialiased(false);
  run.lr->setName(prefix + tr("learning rate"));
  for (QCPGraph* g : {run.raw, run.ema, run.lr}) g->setAdaptiveSampling(true);
  runs_.push_back(run);
  updateLegends();
  return index;
}

void LossPlot::clear() {
  redrawTimer_->stop();
  runs_.clear();
  metricColourIndex_.clear();
  for (QCustomPlot* plot : {lossPlot_, metricPlot_}) {
    plot->clearGraphs();
    plot->clearItems();
    plot->legend->clearItems();  // the keys of compared runs
  }
  following_ = true;
  metricsDirty_ = true;
  updateLegends();
  lossPlot_->xAxis->setRange(0, 1);
  lossPlot_->yAxis->setRange(0, 1);
  metricPlot_->xAxis->setRange(0, 1);
  metricPlot_->yAxis->setRange(0, 1);
  lossPlot_->replot(QCustomPlot::rpQueuedReplot);
  metricPlot_->replot(QCustomPlot::rpQueuedReplot);
}

// The exponential moving average of the run's losses since its stage began (NaN losses skipped).
double LossPlot::smoothed(Run& r, double loss) const {
  if (std::isfinite(loss)) {
    r.emaValue = r.emaStarted ? r.emaValue + emaAlpha_ * (loss - r.emaValue) : loss;
    r.emaStarted = true;
  }
  return r.emaStarted ? r.emaValue : std::nan("");
}

void LossPlot::appendStep(int run, double x, double loss, double lr) {
  appendSteps(run, {x}, {loss}, {lr});
}

void LossPlot::appendSteps(int run, const QVector<double>& x, const QVector<double>& loss, const QVector<double>& lr) {
  if (run < 0 || run >= runs_.size()) return;
  const int n = std::min({x.size(), loss.size(), lr.size()});
  Run& r = runs_[run];
  r.px.reserve(r.px.size() + n);
  r.ploss.reserve(r.ploss.size() + n);
  r.plr.reserve(r.plr.size() + n);
  r.pema.reserve(r.pema.size() + n);
  for (int i = 0; i < n; ++i) {
    r.px << x[i];
    r.ploss << loss[i];
    r.plr << lr[i];
    r.pema << smoothed(r, loss[i]);
  }
  scheduleRedraw();
}

QCPGraph* LossPlot::metricGraph(int run, const QString& name) {
  Run& r = runs_[run];
  if (QCPGraph* g = r.metrics.value(name)) return g;
  if (!metricColourIndex_.contains(name)) metricColourIndex_.insert(name, metricColourIndex_.size());
  const QColor colour = kMetricColours[metricColourIndex_.value(name) % kMetricColours.size()];
  QCPGraph* g = metricPlot_->addGraph();
  const bool headline = isHeadlineMetric(name);
  g->setPen(QPen(colour, headline ? 2.5 : 1.2, runLineStyle(run)));
  g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 1.5), QBrush(Qt::white), headline ? 7 : 5));
  g->setName(r.label.isEmpty() ? name : r.label + QStringLiteral(": ") + name);
  r.metrics.insert(name, g);
  updateLegends();
  return g;
}

void LossPlot::appendEpoch(int run, double epoch, const QMap<QString, double>& metrics) {
  if (run < 0 || run >= runs_.size()) return;
  for (auto it = metrics.begin(); it != metrics.end(); ++it) {
    QCPGraph* g = metricGraph(run, it.key());
    g->addData(epoch, it.value());
    g->setScatterSkip(g->dataCount() / 40);  // at most ~40 circles per curve: each is a stroked ellipse
  }
  metricsDirty_ = true;
  scheduleRedraw();
}

void LossPlot::startStage(int run, double x, const QString& label) {
  if (run < 0 || run >= runs_.size()) return;
  runs_[run].emaStarted = false;
  if (label.isEmpty()) return;
  auto* line = new QCPItemStraightLine(lossPlot_);
  line->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashDotLine));
  line->point1->setCoords(x, 0);
  line->point2->setCoords(x, 1);
  auto* text = new QCPItemText(lossPlot_);
  text->position->setTypeX(QCPItemPosition::ptPlotCoords);
  text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  text->position->setCoords(x, 0.02);
  text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  text->setText(QStringLiteral(" ") + label);
  text->setColor(QColor(90, 90, 90));
  scheduleRedraw();
}

int LossPlot::stepCount(int run) const {
  if (run < 0 || run >= runs_.size()) return 0;
  return runs_[run].raw->dataCount() + runs_[run].px.size();
}

void LossPlot::scheduleRedraw() {
  if (!redrawTimer_->isActive()) redrawTimer_->start();
}

void LossPlot::userMovedView() {
  if (following_) {
    following_ = false;
    Q_EMIT viewChanged();
  }
}

void LossPlot::resetView() {
  following_ = true;
  metricsDirty_ = true;
  flush();
  Q_EMIT viewChanged();
}

void LossPlot::flush() {
  redrawTimer_->stop();
  for (Run& r : runs_) {
    if (r.px.isEmpty()) continue;
    r.raw->addData(r.px, r.ploss, true);
    r.ema->addData(r.px, r.pema, true);
    r.lr->addData(r.px, r.plr, true);
    r.px.clear();
    r.ploss.clear();
    r.pema.clear();
    r.plr.clear();
  }
  if (following_) {
    if (lossPlot_->graphCount() > 0) {
      lossPlot_->rescaleAxes(true);
      lossPlot_->yAxis->scaleRange(1.08);
      lossPlot_->yAxis2->scaleRange(1.08);
    }
    if (metricsDirty_ && metricPlot_->graphCount() > 0) {
      metricPlot_->rescaleAxes(true);
      const QCPRange keys = metricPlot_->xAxis->range();
      metricPlot_->xAxis->setRange(std::min(0.5, keys.lower - 0.5), keys.upper + 0.5);
      QCPRange values = metricPlot_->yAxis->range();
      metricPlot_->yAxis->setRange(std::min(0.0, values.lower), std::max(1.0, values.upper));
    }
  }
  QElapsedTimer timer;
  timer.start();
  lossPlot_->replot(QCustomPlot::rpImmediateRefresh);
  if (metricsDirty_) metricPlot_->replot(QCustomPlot::rpImmediateRefresh);
  metricsDirty_ = false;
  lastRedrawMs_ = timer.nsecsElapsed() / 1e6;
  // Redraws take at most about an eighth of the GUI thread's time, however many points there are.
  redrawTimer_->setInterval(std::max(baseIntervalMs_, static_cast<int>(8 * lastRedrawMs_)));
  Q_EMIT redrawn(lastRedrawMs_);
}

void LossPlot::render(QPainter& painter, int width, int height) {
  const int top = height * 3 / 5;
  QPixmap lossImage = lossPlot_->toPixmap(width, top);
  QPixmap metricImage = metricPlot_->toPixmap(width, height - top);
  painter.drawPixmap(0, 0, lossImage);
  painter.drawPixmap(0, top, metricImage);
}

bool LossPlot::exportPng(const QString& path, int width, int height) {
  flush();
  QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    render(painter, width, height);
  }
  return image.save(path, "PNG");
}

bool LossPlot::exportSvg(const QString& path, int width, int height) {
  flush();
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(QSize(width, height));
  svg.setViewBox(QRect(0, 0, width, height));
  svg.setTitle(tr("Training curves"));
  const int top = height * 3 / 5;
  QCPPainter painter;
  if (!painter.begin(&svg)) return false;
  lossPlot_->toPainter(&painter, width, top);
  painter.translate(0, top);
  metricPlot_->toPainter(&painter, width, height - top);
  painter.end();
  return QFile::exists(path);
}

bool LossPlot::exportCsv(const QString& path) const {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  QTextStream out(&file);
  out << "run,series,x,value\n";
  const auto writeGraph = [&out](const QString& run, const QString& series, const QCPGraph* g) {
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
      out << run << ',' << series << ',' << QString::number(it->key, 'g', 10) << ','
          << (std::isnan(it->value) ? QString() : QString::number(it->value, 'g', 8)) << '\n';
  };
  for (int i = 0; i < runs_.size(); ++i) {
    const Run& r = runs_[i];
    QString run = r.label.isEmpty() ? QString::number(i) : r.label;
    run.replace(QLatin1Char(','), QLatin1Char(';'));
    writeGraph(run, QStringLiteral("loss"), r.raw);
    writeGraph(run, QStringLiteral("loss_ema"), r.ema);
    writeGraph(run, QStringLiteral("lr"), r.lr);
    for (auto it = r.metrics.begin(); it != r.metrics.end(); ++it) writeGraph(run, it.key(), it.value());
  }
  out.flush();
  return file.commit();
}

}  // namespace arml::widgets
