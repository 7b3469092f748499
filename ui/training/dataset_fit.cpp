#include "ui/training/dataset_fit.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "run/run_presets.h"

namespace arml::ui {

namespace {
bool sameFolder(const QString& a, const QString& b) {
  if (a.isEmpty() || b.isEmpty()) return false;
  return QDir::cleanPath(QFileInfo(a).absoluteFilePath()) == QDir::cleanPath(QFileInfo(b).absoluteFilePath());
}
}  // namespace

int stage1BatchSize(const JobSettings& s) {
  if (s.kind == JobKind::Stage1) return s.batch;
  if (s.kind != JobKind::Pipeline) return 0;
  int batch = arml::run::presetConfig(presetId(s.preset).toStdString()).stage1.batch;
  for (const QString& o : s.overrides) {  // the last one wins, as in the engine
    if (!o.startsWith(QLatin1String("stage1.batch="))) continue;
    bool ok = false;
    const int value = o.section(QLatin1Char('='), 1).toInt(&ok);
    if (ok) batch = value;
  }
  return batch;
}

int stage1TrainingPatches(const JobSettings& s, const DatasetSummary& dataset) {
  if (!dataset.isValid()) return -1;
  if (s.kind == JobKind::Pipeline && s.deriveLabelsFrom == QLatin1String("val"))
    return dataset.val.present ? dataset.val.images : 0;
  if (s.kind == JobKind::Pipeline && s.deriveLabelsFrom == QLatin1String("test"))
    return dataset.test.present ? dataset.test.images : 0;
  return dataset.train.present ? dataset.train.images : 0;
}

QStringList datasetFitProblems(const JobSettings& s, const DatasetSummary& dataset) {
  const int batch = stage1BatchSize(s);
  if (batch < 1 || !sameFolder(s.dataset, dataset.root)) return {};
  const int patches = stage1TrainingPatches(s, dataset);
  if (patches < 0 || patches >= batch) return {};

  QString what;
  if (s.kind == JobKind::Pipeline && !s.deriveLabelsFrom.isEmpty())
    what = QCoreApplication::translate("DatasetFit", "%1 has %2 images with masks to derive labels from, fewer than one batch of %3.")
               .arg(s.deriveLabelsFrom).arg(patches).arg(batch);
  else
    what = QCoreApplication::translate("DatasetFit", "%1 labelled training patches, fewer than one batch of %2.").arg(patches).arg(batch);
  QStringList remedies;
  if (patches >= 1)
    remedies << (s.kind == JobKind::Pipeline ? QCoreApplication::translate("DatasetFit", "lower the batch to %1 (override stage1.batch=%1)").arg(patches)
                                             : QCoreApplication::translate("DatasetFit", "lower the batch size to %1").arg(patches));
  if (s.kind == JobKind::Pipeline) {
    // Deriving labels from a split with more masked images than the batch helps.
    for (const auto& [name, counts] : {std::pair<QString, DatasetSplitCounts>{QStringLiteral("val"), dataset.val},
                                       std::pair<QString, DatasetSplitCounts>{QStringLiteral("test"), dataset.test}})
      if (name != s.deriveLabelsFrom && counts.present && counts.images >= batch)
        remedies << QCoreApplication::translate("DatasetFit", "derive labels from masks for %1 (%2 images with masks)").arg(name).arg(counts.images);
  } else if ((dataset.val.present && dataset.val.images >= batch) || (dataset.test.present && dataset.test.images >= batch)) {
    remedies << QCoreApplication::translate("DatasetFit", "run the whole pipeline with labels derived from the masks of val or test");
  }
  if (remedies.isEmpty()) return {what};
  return {what + QLatin1Char(' ') + QCoreApplication::translate("DatasetFit", "To start: %1.").arg(remedies.join(QCoreApplication::translate("DatasetFit", ", or ")))};
}

}  // namespace arml::ui
