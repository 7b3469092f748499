#pragma once
// The project's current run: the one run whose models and mask set every page uses (Compare CAMs,
// review scores, the Slides page's live layers and slide inference, Train stage 2 on reviewed
// masks), so that no page mixes a stage-1 model of one run with a stage-2 model of another.
//
// Default: the newest *finished* run that holds a checkpoint (engine/run's catalog decides what is
// finished; a run still training is never the default). An explicit choice (Runs page "Use this
// run", a checkpoint of a run picked on any page) is kept in <project>/current-run.json, written
// atomically, so it holds after a restart; a chosen run that disappears or stops being finished
// falls back to the default. One instance, owned by the main window, handed to the pages.
#include <QObject>
#include <QString>
#include <QVector>

#include "run/run_catalog.h"

namespace arml::ui {

class CurrentRun : public QObject {
  Q_OBJECT
public:
  explicit CurrentRun(QObject* parent = nullptr);

  // The open project (empty folder: none): reads its runs and its saved choice.
  void setProject(const QString& projectFolder, const QString& runsDir);
  QString projectFolder() const { return projectFolder_; }
  QString runsDir() const { return runsDir_; }
  // Reads the runs again (a job finished or started); emits changed() when the result differs.
  void refresh();

  // Every run of the project, sorted by id, as the catalog reads them.
  const QVector<arml::run::RunInfo>& runs() const { return runs_; }
  bool isValid() const { return index_ >= 0; }
  QString id() const;
  QString folder() const;
  // Whether the user chose this run (else it is the default).
  bool isExplicit() const { return explicit_; }

  // Stage-1 inference model: checkpoints/final.pt (a pipeline's kept stage1.pt), else last.pt.
  QString stage1Checkpoint() const;
  // Stage-1 training checkpoint with the ARS weights (last.pt) for relocalized CAMs, else the
  // inference model.
  QString stage1ArsCheckpoint() const;
  // Stage-2 model: best.pt (a pipeline's kept stage2.pt), else last.pt.
  QString stage2Checkpoint() const;
  // The run's pseudo-mask set: the chosen one, else for a pipeline its first set (masks/<name>),
  // for a stage-2 run the set it was trained on. Empty when none.
  QString maskSetDir() const;
  QString maskSetName() const;
  // Where the stage-1 model comes from when the run has none of its own: the run whose masks a
  // stage-2 run trained on. Empty when the run has its own or none is known.
  QString stage1SourceRun() const { return sourceId_; }
  // The training patch side of stage 2 (else stage 1) from the run's settings; 0 when unknown or
  // "keep the dataset's size".
  int trainingPatchSize() const;
  // The working resolution of the run's dataset in µm per pixel (LUAD-HistoSeg and WSSS4LUAD about
  // 1, BCSS-WSSS 0.25); 0 when the settings do not name a known dataset.
  double trainingUmPerPx() const;
  // Stage-2 checkpoint beside which an independent-peer run keeps last-peer1/2.pt (last.pt), else
  // stage2Checkpoint(): what `arml review-scores --seg` reads.
  QString stage2PeerCheckpoint() const;

  // Makes run `id` current and saves the choice. Refused (false, *error says why) for an unknown
  // run or one that is not finished.
  bool choose(const QString& id, QString* error = nullptr);
  // The run that holds `checkpoint` becomes current; false for a file of no run (a loose file).
  bool chooseByCheckpoint(const QString& checkpoint, QString* error = nullptr);
  // The run that holds the mask set folder becomes current with that set; false for a set of no run.
  bool chooseByMaskSet(const QString& maskSetDir, QString* error = nullptr);
  // Back to the default (forgets the saved choice).
  void clearChoice();

  // The id of the run that holds `path` (a checkpoint or mask folder under runs/<id>/), or "".
  QString runOf(const QString& path) const;
  // "Run: <id> · stage 1: <file> · stage 2: <file> · masks: <set>" and the full paths, one a line.
  QString summary() const;
  QString details() const;

  // <project>/current-run.json
  static QString stateFile(const QString& projectFolder);

Q_SIGNALS:
  void changed();

private:
  void resolve();
  bool save(QString* error) const;
  int indexOf(const QString& id) const;

  QString projectFolder_, runsDir_;
  QVector<arml::run::RunInfo> runs_;
  QString chosenId_, chosenMaskSet_;  // as saved; chosenId_ empty: no choice
  int index_ = -1;
  bool explicit_ = false;
  QString sourceId_;
  QString maskSet_;
};

}  // namespace arml::ui
