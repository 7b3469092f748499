#pragma once
// Drives the review queue on the Review page: opens the queue's patches in the mask canvas, the
// reviewer's keys (accept, reject, flag, next, previous, note; they do not clash with the canvas's
// tool keys), states written to review.json at once, the cursor (reopening the project resumes at
// the same patch), the `arml review-scores` job, the summary dialog and the stage-2 request.
// GUI thread only.
#include <QObject>
#include <QString>

#include <memory>

#include "data/review_state.h"
#include "ui/project/project.h"

class QAction;
class QWidget;
class QFileSystemWatcher;
class QTimer;

namespace arml::widgets {
class ReviewQueueSource;
class ReviewQueueView;
}  // namespace arml::widgets

namespace arml::ui {

class CurrentRun;
class ReviewQueueFilter;
class ReviewQueueHost;
class ReviewQueueModel;
class RunController;

class ReviewQueueController : public QObject {
  Q_OBJECT
public:
  // The host (the Review page) owns the controller; the view is placed by the host. The host
  // outlives the controller (its widget is the controller's parent).
  explicit ReviewQueueController(ReviewQueueHost* host);
  ~ReviewQueueController() override;

  widgets::ReviewQueueView* view() const { return view_; }
  ReviewQueueModel* model() const { return model_; }
  ReviewQueueFilter* filter() const { return filter_; }
  RunController* scoresJob() const { return scoresJob_; }
  QAction* acceptAction() const { return accept_; }
  QAction* rejectAction() const { return reject_; }
  QAction* flagAction() const { return flag_; }
  QAction* nextAction() const { return next_; }
  QAction* previousAction() const { return previous_; }
  QAction* noteAction() const { return note_; }
  QAction* saveAction() const { return save_; }

  // Loads the project's queue and reopens the patch where the reviewer stopped (the first one when
  // there is no cursor).
  void setProject(const Project& project);
  QString currentStem() const { return current_; }
  // A decision (accept, reject, flag) moves on to the next patch when this is on (default).
  void setAdvanceAfterDecision(bool on) { advance_ = on; }
  bool advanceAfterDecision() const { return advance_; }

  // The arguments of `arml` that Compute scores… runs: review-scores with the current run's stage-1
  // (ARS weights) and stage-2 checkpoints, or without a current run the newest of the project's
  // runs; empty when there is neither.
  QStringList scoresArguments() const;
  // The project's current run (owned elsewhere; null: none). Choosing a mask set of a run here
  // makes that run current; choosing a run elsewhere puts its mask set under review.
  void setCurrentRun(CurrentRun* currentRun);
  // The cursor is written to review.json shortly after the reviewer stops on a patch (not on every
  // step, so paging through the queue touches the disk once), and at once here.
  void flushCursor();

public Q_SLOTS:
  bool openStem(const QString& stem);
  // Reviews the generated masks of another set (ReviewQueueModel::maskSets()); recorded in
  // review.json, so reopening the project stays on it.
  bool chooseMaskSet(const QString& folder);
  // After a job: lists the project's mask sets again; a new one appears in the queue at once (and
  // is reviewed when no set was chosen yet).
  void refreshMaskSets();
  void next();
  void previous();
  void accept();
  void reject();
  void flag();
  void editNote();
  void computeScores();
  void showSummary();
  // The page saved a correction of `stem`: its state becomes corrected.
  void correctionSaved(const QString& stem);
  // Reads review.json and the scores again: entries another page added (patches cut from a slide)
  // appear at once. A watcher on the project folder also calls this 0.3 s after the file changes.
  void reloadReview();

Q_SIGNALS:
  void currentChanged(const QString& stem);
  // "Train stage 2 on reviewed masks": the main window prepares the Training page's job.
  // generatedDir: the folder most of the queue's generated masks come from.
  void trainStage2Requested(const QString& generatedDir, const QString& editsDir, const QString& reviewPath);

private:
  void decide(arml::data::ReviewState state);
  void step(int delta);
  void updateScoreOrderings();
  void showMessage(const QString& text);

  bool usesCurrentRun() const;

  ReviewQueueHost* host_;
  CurrentRun* currentRun_ = nullptr;
  QWidget* page_;  // host_->queueHostWidget()
  ReviewQueueModel* model_;
  ReviewQueueFilter* filter_;
  std::unique_ptr<widgets::ReviewQueueSource> source_;  // model_ and filter_ as view_ sees them
  widgets::ReviewQueueView* view_;
  RunController* scoresJob_;
  QFileSystemWatcher* watcher_;
  QTimer* cursorTimer_;
  QAction *accept_, *reject_, *flag_, *next_, *previous_, *note_, *save_;
  Project project_;
  QString projectFolder_, editsDir_;
  QString current_;
  bool advance_ = true;
};

}  // namespace arml::ui
