#pragma once
// The checkpoints under a project's runs/ folder and what each one is, read from the run layout
// alone (no LibTorch): pipeline runs keep stage 1 in runs/<id>/stage1/checkpoints/ (last.pt is the
// training checkpoint with the ARS weights, final.pt the inference model without them) and stage 2
// in runs/<id>/stage2/checkpoints/, with runs/<id>/checkpoints/stage1.pt and stage2.pt beside;
// single-stage runs (arml train-cls / train-seg) keep runs/<id>/checkpoints/ and say their stage in
// runs/<id>/config.json ("stage": "stage1" | "stage2").
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
  bool trainedWithoutArs = false;  // its run's config.json says "ars": "off" (a baseline)
  QDateTime modified;
};

// Newest first.
QVector<RunCheckpoint> findRunCheckpoints(const QString& runsDir);

// The default ARS classifier: the newest stage-1 training checkpoint (hasArs), else the newest
// stage-1 checkpoint; empty when there is none.
QString defaultArsClassifier(const QVector<RunCheckpoint>& checkpoints);
// The newest stage-1 inference model of a run trained with "ars": "off"; empty when there is none.
QString defaultBaseline(const QVector<RunCheckpoint>& checkpoints);
// The newest stage-2 checkpoint, preferring best.pt / stage2.pt; empty when there is none.
QString defaultSegmenter(const QVector<RunCheckpoint>& checkpoints);

}  // namespace arml::ui
