#pragma once
// The Runs page: the history of runs in a project's runs/ folder with their settings and final
// metrics; selecting one shows its curves, selecting two overlays them.
#include <QVector>
#include <QWidget>

#include "ui/runs/run_history.h"

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace arml::widgets {
class LossPlot;
}

namespace arml::ui {

class RunsPage : public QWidget {
  Q_OBJECT
public:
  explicit RunsPage(QWidget* parent = nullptr);
  // Empty = no project.
  void setRunsDir(const QString& runsDir);
  void refresh();
  const QVector<RunRecord>& runs() const { return runs_; }
  QTableWidget* table() const { return table_; }
  widgets::LossPlot* plot() const { return plot_; }
  void openSelectedFolder();

private:
  void showSelection();

  QString runsDir_;
  QVector<RunRecord> runs_;
  QTableWidget* table_;
  QPlainTextEdit* details_;
  QLabel* emptyLabel_;
  widgets::LossPlot* plot_;
};

}  // namespace arml::ui
