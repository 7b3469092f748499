#pragma once
// The Project page: without a project, a call to action (new / open / recent); with one, its
// folder, what `arml inspect-data` found in its dataset (layout, split counts, problems), the
// tissue classes with their colours, hotkeys and counts per split, and a grid of sample patches
// with their labels. Colours (double click), names and hotkeys can be edited.
#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include "ui/project/dataset_summary.h"

class QGridLayout;
class QGroupBox;
class QLabel;
class QListWidget;
class QScrollArea;
class QStackedWidget;
class QTableWidget;

namespace arml::ui {

class Project;

class ProjectPage : public QWidget {
  Q_OBJECT
public:
  enum ClassColumn { IndexColumn, ColourColumn, NameColumn, HotkeyColumn, TrainColumn, ValColumn, TestColumn };

  explicit ProjectPage(QWidget* parent = nullptr);
  // project may be null (no project open). The dataset is inspected by an `arml` child process.
  void setProject(const Project* project);
  // Redraws the class table from the project (after its classes changed).
  void refreshClasses();
  void refreshRecent();
  bool isSummaryReady() const { return summaryReady_; }
  const DatasetSummary& summary() const { return summary_; }
  QTableWidget* classTable() const { return classTable_; }
  // Sample tiles shown (after the images have loaded).
  int sampleTileCount() const;

Q_SIGNALS:
  void newProjectRequested();
  void openProjectRequested();
  void openRecentRequested(const QString& folder);
  void changeDatasetRequested();
  // The dataset of the open project was read; the owner adopts its classes into the project.
  void datasetInspected(const arml::ui::DatasetSummary& summary);
  // The user changed a class's name, colour or hotkey in the table.
  void classesEdited(const QVector<arml::ui::TissueClass>& classes);

protected:
  void showEvent(QShowEvent* event) override;

private:
  QWidget* buildEmptyState();
  QWidget* buildOpenState();
  QWidget* buildDatasetBox();
  QWidget* buildClassBox();
  void relayoutOpenPage();
  void showSummary(const DatasetSummary& s);
  void showSamples();
  void onClassItemChanged(int row, int column);
  void editColour(int row);

  const Project* project_ = nullptr;
  QStackedWidget* stack_;
  QScrollArea* openScroll_;
  QListWidget* recentList_;
  QLabel* titleLabel_;
  QLabel* folderLabel_;
  QLabel* datasetLabel_;
  QLabel* summaryLabel_;
  QLabel* problemsLabel_;
  QTableWidget* classTable_;
  QGroupBox* samplesBox_;
  QGridLayout* samplesGrid_;
  DatasetInspector inspector_;
  QFutureWatcher<QVector<QImage>> sampleLoader_;
  DatasetSummary summary_;
  bool summaryReady_ = false;
  bool fillingTable_ = false;
};

}  // namespace arml::ui
