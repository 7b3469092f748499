#pragma once
// The Project page: without a project, a call to action (new / open / recent); with one, its
// folder, dataset summary (layout, counts, labels, sample patches) and tissue classes.
#include <QFutureWatcher>
#include <QWidget>

#include "ui/dataset_summary.h"

class QLabel;
class QListWidget;
class QStackedWidget;
class QTableWidget;
class QHBoxLayout;

namespace arml::ui {

class Project;

class ProjectPage : public QWidget {
  Q_OBJECT
public:
  explicit ProjectPage(QWidget* parent = nullptr);
  // project may be null (no project open). The dataset summary is computed on a worker thread.
  void setProject(const Project* project);
  void refreshRecent();
  bool isSummaryReady() const { return summaryReady_; }
  const DatasetSummary& summary() const { return summary_; }

Q_SIGNALS:
  void newProjectRequested();
  void openProjectRequested();
  void openRecentRequested(const QString& folder);
  void changeDatasetRequested();

private:
  void showSummary(const DatasetSummary& s);

  const Project* project_ = nullptr;
  QStackedWidget* stack_;
  QListWidget* recentList_;
  QLabel* titleLabel_;
  QLabel* folderLabel_;
  QLabel* datasetLabel_;
  QLabel* summaryLabel_;
  QTableWidget* classTable_;
  QHBoxLayout* samplesLayout_;
  QFutureWatcher<DatasetSummary> watcher_;
  DatasetSummary summary_;
  bool summaryReady_ = false;
};

}  // namespace arml::ui
