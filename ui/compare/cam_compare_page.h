#pragma once
// The "Compare CAMs" tab of the Review page: checkpoint pickers (ARS classifier, optional baseline
// without ARS, optional segmenter), the CAM compare view and its controller, following the patch
// open on the page. With the project's current run (ui/runs/current_run.h) the classifier and
// segmenter are that run's, the lists hold no checkpoint of an unfinished run, and picking a
// checkpoint of another run makes that run current; without one, the newest checkpoints of runs/.
#include <QWidget>

#include "ui/compare/cam_compare_controller.h"
#include "ui/project/project.h"

class QComboBox;
class QLabel;

namespace arml::ui {

class CurrentRun;

class CamComparePage : public QWidget {
  Q_OBJECT
 public:
  explicit CamComparePage(QWidget* parent = nullptr);

  // Class names and colours, and the checkpoints found under runs/ (newest defaults chosen).
  void setProject(const Project& project);
  // Followed while the tab is visible; while hidden the latest patch waits for showEvent, so that
  // editing masks does not compute CAMs nobody looks at.
  // correctionPath: the saved correction of the patch, shown in place of the pseudo mask when it exists.
  void setPatch(const QString& imagePath, const QString& pseudoMaskPath, const QString& correctionPath = QString());
  // The correction of the open patch was saved: the mask panel shows it.
  void refreshCorrection();
  // The project's current run (owned elsewhere; null: none).
  void setCurrentRun(CurrentRun* currentRun);

  widgets::CamCompareView* view() const { return view_; }
  CamCompareController* controller() const { return controller_; }
  // Sets a picker's file (adds it to the list when it is not there); empty selects "(none)".
  void setArsClassifier(const QString& path);
  void setBaseline(const QString& path);
  void setSegmenter(const QString& path);

 public Q_SLOTS:
  void rescanRuns();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void applyCheckpoints();
  void populate();
  bool usesCurrentRun() const;
  void userPicked(QComboBox* combo);
  void choose(QComboBox* combo, const QString& path);
  void browse(QComboBox* combo);

  Project project_;
  widgets::CamCompareView* view_;
  CamCompareController* controller_;
  QComboBox* arsCombo_;
  QComboBox* baselineCombo_;
  QComboBox* segmenterCombo_;
  QLabel* status_;
  QString pendingImage_, pendingMask_, pendingCorrection_;
  CurrentRun* currentRun_ = nullptr;
  bool patchPending_ = false;
};

}  // namespace arml::ui
