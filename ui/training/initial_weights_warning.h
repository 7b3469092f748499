#pragma once
// Before a training job starts (issue #15): a `paper` job on a real dataset whose project has not
// imported the ImageNet weights that preset expects trains from scratch, far below the paper's
// results. The user is told so plainly and chooses: import the weights, or train from scratch
// anyway. Once imported (<project>/weights/, ui/project/initial_weights.h), the job starts from them.
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>

#include "ui/project/initial_weights.h"
#include "ui/project/project_demo.h"  // isDemoDataset
#include "ui/training/job_settings.h"

class QWidget;

namespace arml::ui {

// The ImageNet files the job would start from: the paper preset's full-width networks, for the
// stages the job trains. Empty for other presets, widths and jobs that do not train.
QVector<InitialWeightsKind> initialWeightsExpected(const JobSettings& s);

// The expected files the project lacks, when the warning applies: a real (non-demo) dataset and a
// job that expects ImageNet weights. Empty: no warning.
QVector<InitialWeightsKind> missingInitialWeights(const JobSettings& s, const QString& projectFolder, bool demoDataset);

// The `arml` arguments that start the job from the project's imported weights (`--init` for one
// stage, `--set stageN.init=` for a pipeline); empty when none applies or none is imported.
QStringList initialWeightsArguments(const JobSettings& s, const QString& projectFolder);

struct InitialWeightsWarning {
  Q_DECLARE_TR_FUNCTIONS(InitialWeightsWarning)
public:
  enum class Choice { Import, TrainFromScratch, Cancel };
  // The warning's question (a QMessageBox with "Import weights…", "Train from scratch anyway" and
  // Cancel; object name "initialWeightsWarning").
  static Choice ask(QWidget* parent, const QVector<InitialWeightsKind>& missing);
  // What Start does: true when the job may start now. Asks when weights are missing; "Import
  // weights…" opens the import dialog, and the job starts if the weights are then all there.
  static bool confirmStart(QWidget* parent, const JobSettings& s, const QString& projectFolder);
};

}  // namespace arml::ui
