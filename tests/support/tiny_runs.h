#pragma once
// Tiny real checkpoints made by the real `arml` CLI for GUI tests: synthetic demo data (64-px
// patches), a stage-1 resnet38d-lite with ARS trained for a few steps, and a 1/8-width stage-2
// segmenter trained on the demo's exact masks. Seconds on two cores; made once per folder.
#include <QString>

namespace arml::test {

struct TinyRuns {
  QString data;             // demo dataset root (LUAD-HistoSeg layout: train/, train_mask/, val/, test/)
  QString classifier;       // stage-1 training checkpoint (checkpoints/last.pt, with the ARS weights)
  QString classifierFinal;  // stage-1 inference model (checkpoints/final.pt, without ARS)
  QString segmenter;        // stage-2 checkpoint
  QString error;            // what failed (command and stderr), empty on success
  bool ok() const { return error.isEmpty(); }
};

// Makes (or reuses, when already complete) the runs under `folder`.
TinyRuns makeTinyRuns(const QString& folder);

}  // namespace arml::test
