#pragma once
// A quick look at a dataset folder for the Project page (layout, counts, labels, samples), from
// the file names alone so it is fast and needs no engine. Safe to call on a worker thread.
#include <QString>
#include <QStringList>
#include <QVector>

namespace arml::ui {

struct DatasetSummary {
  QString root;
  QString layout;  // "BCSS-WSSS", "LUAD-HistoSeg", "WSSS4LUAD" or "unknown"
  int train = 0, unlabelled = 0;
  int valImages = 0, valMasks = 0, testImages = 0, testMasks = 0, backgroundMasks = 0;
  QVector<int> positives;   // training patches per class, from the labels in the file names
  QStringList samples;      // up to 8 training image paths
  QStringList problems;     // sentences for the user
  bool exists = false;
};

// The labels inside the last [...] of a file name, e.g. "x-[1 0 0 1].png" -> {1,0,0,1};
// empty when there is none.
QVector<int> labelsFromFileName(const QString& fileName);

DatasetSummary summarizeDataset(const QString& root);

}  // namespace arml::ui
