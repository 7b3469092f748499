#include "ui/runs/runs_page.h"

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <cmath>

#include "ui/runs/current_run.h"
#include "widgets/loss_plot.h"
#include "widgets/qcustomplot_include.h"
#include "widgets/tinted_icon.h"

namespace arml::ui {

namespace {
QString valueText(const QJsonValue& v) {
  if (v.isString()) return v.toString().isEmpty() ? QStringLiteral("\"\"") : v.toString();
  if (v.isDouble()) return QString::number(v.toDouble(), 'g', 6);
  if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
  if (v.isNull()) return QStringLiteral("null");
  const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
  return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

// Settings one section a line, "  [stage1] epochs: 6, batch: 8, lr: 0.01", the top level's own
// values first: a pipeline's config fits a few lines instead of a page of JSON.
QStringList settingsLines(const QJsonObject& settings) {
  QStringList top, lines;
  for (auto it = settings.begin(); it != settings.end(); ++it) {
    if (!it.value().isObject()) {
      top << QStringLiteral("%1: %2").arg(it.key(), valueText(it.value()));
      continue;
    }
    QStringList section;
    const QJsonObject o = it.value().toObject();
    for (auto s = o.begin(); s != o.end(); ++s) section << QStringLiteral("%1: %2").arg(s.key(), valueText(s.value()));
    lines << QStringLiteral("  [%1] %2").arg(it.key(), section.join(QStringLiteral(", ")));
  }
  if (!top.isEmpty()) lines.prepend(QStringLiteral("  ") + top.join(QStringLiteral(", ")));
  return lines;
}
}  // namespace

RunsPage::RunsPage(QWidget* parent) : QWidget(parent) {
  table_ = new QTableWidget(0, 5);
  table_->setObjectName(QStringLiteral("runsTable"));
  table_->setHorizontalHeaderLabels({tr("Run"), tr("Job"), tr("State"), tr("Started"), tr("mIoU")});
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(4, QHeaderView::ResizeToContents);
  table_->horizontalHeaderItem(4)->setToolTip(tr("Test mIoU where the run has one, else the best validation mIoU of its epochs"));
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  details_ = new QPlainTextEdit;
  details_->setReadOnly(true);
  details_->setFont(QFont(QStringLiteral("monospace")));
  details_->setPlaceholderText(tr("Select a run to see its settings and metrics; select two (Ctrl+click) to compare their curves."));
  emptyLabel_ = new QLabel(tr("No runs yet. Jobs started on the Training page are recorded here."));
  emptyLabel_->setAlignment(Qt::AlignCenter);
  emptyLabel_->setStyleSheet(QStringLiteral("color: gray;"));
  plot_ = new widgets::LossPlot;

  auto* refreshButton = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/refresh.svg")), tr("Refresh"));
  refreshButton->setToolTip(tr("Read the project's runs again"));
  auto* openButton = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/project.svg")), tr("Open run folder"));
  openButton->setToolTip(tr("Show the selected run's folder in the file manager"));
  openButton->setObjectName(QStringLiteral("openRunFolder"));
  useButton_ = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/use-run.svg")), tr("Use this run"));
  useButton_->setObjectName(QStringLiteral("useRun"));
  useButton_->setToolTip(tr("Make the selected finished run the project's current run: its models and masks are used on "
                            "every page (Compare CAMs, review scores, Slides, training stage 2)"));
  useButton_->setEnabled(false);
  connect(useButton_, &QPushButton::clicked, this, &RunsPage::useSelectedRun);
  // The same from the list's context menu.
  useAction_ = new QAction(tr("Use this run"), table_);
  useAction_->setEnabled(false);
  connect(useAction_, &QAction::triggered, this, &RunsPage::useSelectedRun);
  table_->addAction(useAction_);
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
  connect(refreshButton, &QPushButton::clicked, this, &RunsPage::refresh);
  connect(openButton, &QPushButton::clicked, this, &RunsPage::openSelectedFolder);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsPage::showSelection);
  connect(table_, &QTableWidget::cellDoubleClicked, this, &RunsPage::openSelectedFolder);

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(refreshButton);
  buttons->addWidget(openButton);
  buttons->addWidget(useButton_);
  buttons->addStretch(1);
  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(emptyLabel_);
  leftLayout->addWidget(table_, 2);
  leftLayout->addLayout(buttons);
  leftLayout->addWidget(details_, 1);
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(left);
  splitter->addWidget(plot_);
  splitter->setSizes({480, 720});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);
  setRunsDir(QString());
}

void RunsPage::setRunsDir(const QString& runsDir) {
  if (runsDir != runsDir_) table_->clearSelection();  // rows of another project's runs
  runsDir_ = runsDir;
  refresh();
}

void RunsPage::refresh() {
  const QSignalBlocker block(table_);
  runs_ = runsDir_.isEmpty() ? QVector<RunRecord>() : scanRuns(runsDir_);
  table_->setRowCount(runs_.size());
  for (int i = 0; i < runs_.size(); ++i) {
    const RunRecord& r = runs_[i];
    table_->setItem(i, 0, new QTableWidgetItem(r.id));
    table_->setItem(i, 1, new QTableWidgetItem(r.kind));
    auto* state = new QTableWidgetItem(r.problems.isEmpty() ? r.state : tr("%1 (problem)").arg(r.state));
    if (!r.problems.isEmpty()) state->setToolTip(r.problems.join(QLatin1Char('\n')));
    table_->setItem(i, 2, state);
    table_->setItem(i, 3, new QTableWidgetItem(QLocale().toString(r.started, QLocale::ShortFormat)));
    const RunHeadline headline = runHeadline(r);
    auto* metric = new QTableWidgetItem;
    if (!headline.isEmpty()) {
      // "0.4200 (test)": the value, and which mIoU it is.
      metric->setText(tr("%1 (%2)").arg(QString::number(headline.value, 'f', 4), headline.scope));
      metric->setToolTip(tr("%1 of this run").arg(headline.name()));
    }
    table_->setItem(i, 4, metric);
  }
  emptyLabel_->setText(runsDir_.isEmpty() ? tr("Open a project to see its runs.")
                                          : tr("No runs yet. Jobs started on the Training page are recorded here."));
  emptyLabel_->setVisible(runs_.isEmpty());
  markCurrentRun();
  showSelection();
}

void RunsPage::setCurrentRun(CurrentRun* currentRun) {
  currentRun_ = currentRun;
  if (currentRun_) connect(currentRun_, &CurrentRun::changed, this, &RunsPage::markCurrentRun);
  markCurrentRun();
}

int RunsPage::currentRunRow() const {
  if (!currentRun_ || !currentRun_->isValid()) return -1;
  for (int i = 0; i < runs_.size(); ++i)
    if (QDir::cleanPath(runs_[i].folder) == QDir::cleanPath(currentRun_->folder())) return i;
  return -1;
}

void RunsPage::markCurrentRun() {
  const int current = currentRunRow();
  for (int i = 0; i < table_->rowCount(); ++i) {
    QTableWidgetItem* item = table_->item(i, 0);
    if (!item) continue;
    QFont font = item->font();
    font.setBold(i == current);
    item->setFont(font);
    item->setText(i == current ? tr("%1 (current)").arg(runs_[i].id) : runs_[i].id);
    // A mark that stays visible when a narrow column elides the text.
    item->setIcon(i == current ? style()->standardIcon(QStyle::SP_DialogApplyButton) : QIcon());
    item->setToolTip(i == current ? currentRun_->details() : QString());
  }
  const QModelIndexList rows = table_->selectionModel() ? table_->selectionModel()->selectedRows() : QModelIndexList();
  updateUseRun(rows.size() == 1 && rows.first().row() != current);
}

void RunsPage::updateUseRun(bool otherRunSelected) {
  const bool on = currentRun_ && otherRunSelected;
  useButton_->setEnabled(on);
  useAction_->setEnabled(on);
}

bool RunsPage::useSelectedRun() {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  if (!currentRun_ || rows.size() != 1) return false;
  QString error;
  if (!currentRun_->choose(runs_[rows.first().row()].id, &error)) {
    details_->setPlainText(error);
    return false;
  }
  return true;
}

void RunsPage::showSelection() {
  QVector<int> rows;
  for (const QModelIndex& index : table_->selectionModel()->selectedRows()) rows << index.row();
  std::sort(rows.begin(), rows.end());
  plot_->clear();
  QStringList text;
  QVector<RunCurves> shown;
  bool allPerEpoch = !rows.isEmpty();  // runs without events plot each epoch's mean loss
  for (int k = 0; k < std::min<int>(rows.size(), 2); ++k) {
    shown << loadRunCurves(runs_[rows[k]].folder);
    allPerEpoch = allPerEpoch && shown.last().stepsArePerEpoch;
  }
  plot_->setEmaAlpha(allPerEpoch ? 1.0 : 0.05);  // a few epoch means need no smoothing
  for (int k = 0; k < shown.size(); ++k) {
    const RunRecord& r = runs_[rows[k]];
    const RunCurves& curves = shown[k];
    const int run = plot_->addRun(rows.size() > 1 ? r.id : QString());
    // Stage by stage, so that each stage's loss is smoothed on its own; marked when one run is shown.
    for (int s = 0; s < curves.stageNames.size(); ++s) {
      const int from = static_cast<int>(curves.stageStartX[s]) - 1;  // stepX counts from 1
      const int to = s + 1 < curves.stageNames.size() ? static_cast<int>(curves.stageStartX[s + 1]) - 1 : curves.stepX.size();
      plot_->startStage(run, curves.stageStartX[s], rows.size() == 1 ? curves.stageNames[s] : QString());
      plot_->appendSteps(run, curves.stepX.mid(from, to - from), curves.loss.mid(from, to - from), curves.lr.mid(from, to - from));
    }
    for (int e = 0; e < curves.epochX.size(); ++e) {
      QMap<QString, double> values;
      for (auto it = curves.epochMetrics.begin(); it != curves.epochMetrics.end(); ++it)
        if (RunCurves::isPlottedMetric(it.key()) && std::isfinite(it->value(e)))
          values.insert(RunCurves::stageSeriesName(curves.epochStage[e], it.key()), it->value(e));
      plot_->appendEpoch(run, curves.stageEpochX[e], values);  // each stage from epoch 1
    }
    const RunHeadline headline = runHeadline(r);
    text << (headline.isEmpty() ? tr("Run %1 (%2, %3)").arg(r.id, r.kind, r.state)
                                : tr("Run %1 (%2, %3): %4 %5").arg(r.id, r.kind, r.state, headline.name())
                                      .arg(headline.value, 0, 'f', 4));
    text << tr("Folder: %1").arg(QDir::toNativeSeparators(r.folder));
    for (const QString& problem : r.problems) text << tr("Problem: %1").arg(problem);
    if (!r.command.isEmpty()) text << tr("Command: %1").arg(r.command);
    if (!r.settings.isEmpty()) text << tr("Settings (%1):").arg(r.settingsFile) << settingsLines(r.settings);
    if (!r.finalMetrics.isEmpty()) {
      text << tr("Final metrics:");
      for (auto it = r.finalMetrics.begin(); it != r.finalMetrics.end(); ++it)
        text << QStringLiteral("  %1 = %2").arg(it.key()).arg(it.value(), 0, 'g', 6);
    }
    text << QString();
  }
  if (rows.size() > 2) text << tr("Only the first two selected runs are compared.");
  plot_->lossPlot()->xAxis->setLabel(allPerEpoch ? tr("epoch (mean loss of each epoch)") : tr("step"));
  plot_->flush();
  details_->setPlainText(text.join(QLatin1Char('\n')));
  const int current = currentRunRow();
  updateUseRun(rows.size() == 1 && rows.first() != current);
}

void RunsPage::openSelectedFolder() {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  QDesktopServices::openUrl(QUrl::fromLocalFile(runs_[rows.first().row()].folder));
}

}  // namespace arml::ui
