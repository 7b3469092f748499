#pragma once
// What `arml inspect-data --json` found in a dataset folder (layout, classes and colours, counts
// per split and class, sample patches with their labels, problems), and the child process that
// asks it. The GUI never scans a dataset itself: the CLI's reader is the one training uses, so the
// page shows exactly what a job will see.
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include "ui/project/project.h"

namespace arml::ui {

class ChildProcess;

struct DatasetSample {
  QString image;       // absolute path
  QVector<int> label;  // 0/1 per tissue class
};

struct DatasetSplitCounts {
  int images = 0;                  // training patches, or val/test image/mask pairs
  QVector<int> perClass;           // train: patches with each tissue class; val/test: masks containing each class (incl. background)
  bool hasBackgroundMasks = false;
  bool present = false;
};

struct DatasetSummary {
  QString root;
  QString kind;    // "bcss" | "luad" | "wsss4luad" | "csv"
  QString layout;  // what the user reads: "BCSS-WSSS", "LUAD-HistoSeg", "WSSS4LUAD", "CSV labels"
  QVector<TissueClass> classes;  // the tissue classes, then the background / exclude entry
  QStringList abbreviations;     // per entry of classes ("TE", ...; "BG" for the background)
  int backgroundIndex = -1;
  DatasetSplitCounts train, val, test;
  QVector<DatasetSample> samples;
  QStringList problems;  // sentences from the reader (the dataset is still usable)
  QString error;         // the folder could not be read at all (then the fields above are empty)

  bool isValid() const { return error.isEmpty() && !kind.isEmpty(); }
  int tissueCount() const { return backgroundIndex; }
};

QString datasetLayoutName(const QString& kind);

// Parses the one JSON object `arml inspect-data --json` prints; false with *error when it is not one.
bool parseDatasetInspection(const QByteArray& json, DatasetSummary* out, QString* error);

// Runs `arml inspect-data --data ROOT --json` as a child process (never blocks the GUI thread)
// and reports the result once. A new inspect() abandons the previous one; one still running when
// the inspector is destroyed is killed with it (ChildProcess).
class DatasetInspector : public QObject {
  Q_OBJECT
public:
  explicit DatasetInspector(QObject* parent = nullptr);
  void inspect(const QString& root);
  bool isRunning() const;

Q_SIGNALS:
  void finished(const arml::ui::DatasetSummary& summary);

private:
  void onFinished(int exitCode, bool crashed);

  ChildProcess* process_;
  QString root_;
};

}  // namespace arml::ui

Q_DECLARE_METATYPE(arml::ui::DatasetSummary)
