#pragma once
// The checkpoints under a project's runs/ folder and what each one is, read from the run layout
// alone (no LibTorch) through engine/run's catalog (run/run_catalog.h). The one place that finds a project's checkpoints: Compare CAMs' defaults and
// the review queue's "Compute scores…" both use it. Layouts:
//  - `arml train-cls` / `arml train-seg --out runs/<id>`: runs/<id>/checkpoints/ (stage 1: last.pt,
//    the training checkpoint with the ARS weights, and final.pt, the inference model without them;
//    stage 2: last.pt, best.pt, last-peer1/2.pt) and runs/<id>/config.json with "stage" and "ars".
//  - `arml pipeline --out runs/<id>`: runs/<id>/stage1/ and stage2/ laid out as above, and
//    runs/<id>/checkpoints/stage1.pt and stage2.pt beside; runs/<id>/config.json holds
//    {"config": {"stage1": {"ars": ...}, ...}}.
//  - Jobs started on the Training page: the same folders and the CLI's config.json, plus the GUI's
//    record runs/<id>/job.json with {"kind": "stage1" | "stage2" | "pipeline" | "evaluate",
//    "settings": {"ars": ...}}, read when no config.json says more (an older project's GUI record
//    may be in config.json itself; see ui/run_history.h). An Evaluate record is passed over.
//    Without any record, a run id ending in "-stage2" (Project::newRunId) marks a stage-2 run.
#include <QDateTime>
#include <QString>
#include <QVector>

namespace arml::ui {

struct RunCheckpoint {
  enum class Role { Classifier, Segmenter };
  QString path;   // absolute
  QString label;  // path relative to runs/
  Role role = Role::Classifier;
  bool hasArs = false;             // a stage-1 training checkpoint (last.pt), which keeps amm.* / cca.*
  bool trainedWithoutArs = false;  // its run's record says "ars": "off" (a baseline)
  QDateTime modified;
};

// Newest first.
QVector<RunCheckpoint> findRunCheckpoints(const QString& runsDir);

// The newest stage-1 training checkpoint that keeps the ARS weights (hasArs); empty when none.
QString newestArsCheckpoint(const QVector<RunCheckpoint>& checkpoints);
// The default ARS classifier: newestArsCheckpoint, else the newest stage-1 checkpoint; empty when
// there is none.
QString defaultArsClassifier(const QVector<RunCheckpoint>& checkpoints);
// The newest stage-1 inference model of a run trained with "ars": "off"; empty when there is none.
QString defaultBaseline(const QVector<RunCheckpoint>& checkpoints);
// The newest stage-2 checkpoint, preferring best.pt / stage2.pt; empty when there is none.
QString defaultSegmenter(const QVector<RunCheckpoint>& checkpoints);
// The stage-2 checkpoint for peer disagreement (arml review-scores --seg): the newest last.pt, which
// an independent-peer run's last-peer1/2.pt lie beside, else defaultSegmenter.
QString peerSegmenter(const QVector<RunCheckpoint>& checkpoints);

}  // namespace arml::ui
