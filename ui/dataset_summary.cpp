#include "ui/dataset_summary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace arml::ui {

namespace {
const QStringList kImageFilters = {"*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff"};

int countImages(const QDir& dir) {
  return dir.exists() ? static_cast<int>(dir.entryList(kImageFilters, QDir::Files).size()) : 0;
}
}  // namespace

QVector<int> labelsFromFileName(const QString& fileName) {
  const qsizetype close = fileName.indexOf(QLatin1Char(']'));
  if (close < 0) return {};
  const qsizetype open = fileName.lastIndexOf(QLatin1Char('['), close);
  if (open < 0) return {};
  QVector<int> labels;
  for (qsizetype i = open + 1; i < close; ++i) {
    const QChar c = fileName[i];
    if (c == QLatin1Char('0') || c == QLatin1Char('1')) labels << (c == QLatin1Char('1') ? 1 : 0);
    else if (c != QLatin1Char(' ') && c != QLatin1Char(',')) return {};
  }
  return labels;
}

DatasetSummary summarizeDataset(const QString& root) {
  DatasetSummary s;
  s.root = root;
  const QDir dir(root);
  s.exists = !root.isEmpty() && dir.exists();
  if (!s.exists) {
    s.problems << QCoreApplication::translate("DatasetSummary", "The dataset folder does not exist.");
    return s;
  }
  QDir train(dir.filePath(QStringLiteral("train")));
  if (!train.exists()) train = QDir(dir.filePath(QStringLiteral("training")));
  const QStringList trainFiles = train.exists() ? train.entryList(kImageFilters, QDir::Files, QDir::Name) : QStringList();
  s.train = static_cast<int>(trainFiles.size());
  bool sawContiguous = false, sawSpaces = false, sawCommas = false;
  for (const QString& name : trainFiles) {
    const QVector<int> labels = labelsFromFileName(name);
    if (labels.isEmpty()) {
      ++s.unlabelled;
      continue;
    }
    const QString inside = name.mid(name.lastIndexOf(QLatin1Char('['), name.indexOf(QLatin1Char(']'))));
    if (inside.contains(QLatin1Char(','))) sawCommas = true;
    else if (inside.contains(QLatin1Char(' '))) sawSpaces = true;
    else sawContiguous = true;
    if (s.positives.size() < labels.size()) s.positives.resize(labels.size());
    for (int c = 0; c < labels.size(); ++c) s.positives[c] += labels[c];
  }
  for (int i = 0; i < trainFiles.size() && s.samples.size() < 8; i += std::max<int>(1, trainFiles.size() / 8))
    s.samples << train.filePath(trainFiles[i]);

  for (const QString& split : {QStringLiteral("val"), QStringLiteral("test")}) {
    const int images = countImages(QDir(dir.filePath(split + QStringLiteral("/img"))));
    const int masks = countImages(QDir(dir.filePath(split + QStringLiteral("/mask"))));
    s.backgroundMasks += countImages(QDir(dir.filePath(split + QStringLiteral("/background-mask"))));
    (split == QLatin1String("val") ? s.valImages : s.testImages) = images;
    (split == QLatin1String("val") ? s.valMasks : s.testMasks) = masks;
    if (images != masks)
      s.problems << QCoreApplication::translate("DatasetSummary", "%1: %2 images but %3 masks.")
                        .arg(split).arg(images).arg(masks);
  }

  if (sawCommas || s.backgroundMasks > 0) s.layout = QStringLiteral("WSSS4LUAD");
  else if (sawSpaces) s.layout = QStringLiteral("LUAD-HistoSeg");
  else if (sawContiguous) s.layout = QStringLiteral("BCSS-WSSS");
  else s.layout = QStringLiteral("unknown");

  if (s.train == 0)
    s.problems << QCoreApplication::translate("DatasetSummary", "No training patches (train/*.png).");
  if (s.unlabelled > 0)
    s.problems << QCoreApplication::translate("DatasetSummary", "%1 training patches have no [labels] in their names.")
                      .arg(s.unlabelled);
  if (int(sawCommas) + int(sawSpaces) + int(sawContiguous) > 1)
    s.problems << QCoreApplication::translate("DatasetSummary", "The training file names mix label styles.");
  return s;
}

}  // namespace arml::ui
