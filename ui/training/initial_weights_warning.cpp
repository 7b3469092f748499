#include "ui/training/initial_weights_warning.h"

#include <QMessageBox>
#include <QPushButton>

#include "ui/project/initial_weights_dialog.h"

namespace arml::ui {

QVector<InitialWeightsKind> initialWeightsExpected(const JobSettings& s) {
  if (s.preset != Preset::Paper || s.arch != QLatin1String("resnet38d")) return {};
  switch (s.kind) {
    case JobKind::Stage1: return {InitialWeightsKind::ResNet38};
    case JobKind::Stage2: return {InitialWeightsKind::ResNeSt101};
    case JobKind::Pipeline: return {InitialWeightsKind::ResNet38, InitialWeightsKind::ResNeSt101};
    case JobKind::PseudoMasks:
    case JobKind::Evaluate: break;
  }
  return {};
}

QVector<InitialWeightsKind> missingInitialWeights(const JobSettings& s, const QString& projectFolder, bool demoDataset) {
  if (demoDataset || s.resume) return {};  // a resumed job continues from its own checkpoint
  QVector<InitialWeightsKind> missing;
  for (InitialWeightsKind kind : initialWeightsExpected(s))
    if (!hasImportedWeights(projectFolder, kind)) missing << kind;
  return missing;
}

QStringList initialWeightsArguments(const JobSettings& s, const QString& projectFolder) {
  QStringList args;
  for (InitialWeightsKind kind : initialWeightsExpected(s)) {
    if (!hasImportedWeights(projectFolder, kind)) continue;
    const QString path = importedWeightsPath(projectFolder, kind);
    if (s.kind == JobKind::Pipeline) {
      const char* stage = kind == InitialWeightsKind::ResNet38 ? "stage1" : "stage2";
      args << QStringLiteral("--set") << QStringLiteral("%1.init=%2").arg(QLatin1String(stage), path);
    } else {
      args << QStringLiteral("--init") << path;
    }
  }
  return args;
}

InitialWeightsWarning::Choice InitialWeightsWarning::ask(QWidget* parent, const QVector<InitialWeightsKind>& missing) {
  QStringList names;
  for (InitialWeightsKind kind : missing) names << InitialWeightsCatalogue::file(kind).title;
  QMessageBox box(QMessageBox::Warning, tr("No ImageNet weights imported"),
                  tr("This job would train from scratch: the paper preset starts from ImageNet weights, and this "
                     "project has not imported them."),
                  QMessageBox::NoButton, parent);
  box.setObjectName(QStringLiteral("initialWeightsWarning"));
  box.setInformativeText(tr("Missing: %1.\n\nTrained from scratch on real data (e.g. WSSS4LUAD), the results stay far "
                            "below the paper's. Import the weights first, or train from scratch anyway (fine for a trial).")
                             .arg(names.join(QStringLiteral("; "))));
  QPushButton* import = box.addButton(tr("Import weights…"), QMessageBox::AcceptRole);
  QPushButton* scratch = box.addButton(tr("Train from scratch anyway"), QMessageBox::DestructiveRole);
  box.addButton(QMessageBox::Cancel);
  import->setObjectName(QStringLiteral("importWeights"));
  scratch->setObjectName(QStringLiteral("trainFromScratch"));
  box.setDefaultButton(import);
  box.exec();
  if (box.clickedButton() == import) return Choice::Import;
  if (box.clickedButton() == scratch) return Choice::TrainFromScratch;
  return Choice::Cancel;
}

bool InitialWeightsWarning::confirmStart(QWidget* parent, const JobSettings& s, const QString& projectFolder) {
  if (projectFolder.isEmpty()) return true;  // outside a project there is nowhere the weights are kept
  const QVector<InitialWeightsKind> missing = missingInitialWeights(s, projectFolder, isDemoDataset(s.dataset));
  if (missing.isEmpty()) return true;
  switch (ask(parent, missing)) {
    case Choice::TrainFromScratch: return true;
    case Choice::Cancel: return false;
    case Choice::Import: break;
  }
  InitialWeightsDialog dialog(projectFolder, parent);
  dialog.exec();
  return missingInitialWeights(s, projectFolder, false).isEmpty();
}

}  // namespace arml::ui
