#pragma once
// The Runs page: the history of runs in a project's runs/ folder with their settings and final
// metrics; selecting one shows its curves, selecting two overlays them. "Use this run" makes the
// selected finished run the project's current run (ui/runs/current_run.h), marked in the list.
#include <QVector>
#include <QWidget>

#include "ui/runs/run_history.h"

class QAction;
class QLabel;
class QPushButton;
class QPlainTextEdit;
class QTableWidget;

namespace arml::widgets {
class LossPlot;
}

namespace arml::ui {

class CurrentRun;

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
  // The project's current run (owned elsewhere; null: none).
  void setCurrentRun(CurrentRun* currentRun);
  // Makes the selected run current; false (and the reason shown) when it cannot be.
  bool useSelectedRun();
  QPushButton* useRunButton() const { return useButton_; }
  // The row of the current run, -1 when none is listed.
  int currentRunRow() const;

private:
  void showSelection();
  void markCurrentRun();
  void updateUseRun(bool otherRunSelected);

  QString runsDir_;
  QVector<RunRecord> runs_;
  QTableWidget* table_;
  QPlainTextEdit* details_;
  QLabel* emptyLabel_;
  widgets::LossPlot* plot_;
  QPushButton* useButton_;
  QAction* useAction_;
  CurrentRun* currentRun_ = nullptr;
};

}  // namespace arml::ui
