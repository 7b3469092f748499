#pragma once
// The ImageNet initial weights the `paper` preset expects (issue #15): which files, where they come
// from, the sums known for them, and where a project keeps them once imported by
// `arml import-weights` (<project>/weights/<name>.pt). Also reads the import's matched / missing
// report. Plain data and free functions: the dialog and the training warning share them.
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>

namespace arml::ui {

enum class InitialWeightsKind { ResNet38, ResNeSt101 };

struct InitialWeightsFile {
  InitialWeightsKind kind;
  QString title;          // "ResNet-38 (stage 1 classifier)"
  QString fileName;       // the file as published
  QString whereToGet;     // one sentence: repository and what to download
  QString knownMd5;       // published MD5 (full), empty when none is known
  QString knownSha256;    // published SHA-256 or its start (torch hub names carry 8 digits), or empty
  QString arch;           // `arml import-weights --arch`
  QString importedName;   // file name under <project>/weights/
};

struct InitialWeightsCatalogue {
  Q_DECLARE_TR_FUNCTIONS(InitialWeightsCatalogue)
public:
  static QVector<InitialWeightsFile> files();
  static InitialWeightsFile file(InitialWeightsKind kind);
};

// <project folder>/weights
QString initialWeightsFolder(const QString& projectFolder);
// The imported checkpoint of that kind in the project; it may not exist.
QString importedWeightsPath(const QString& projectFolder, InitialWeightsKind kind);
bool hasImportedWeights(const QString& projectFolder, InitialWeightsKind kind);

// The counts of `arml import-weights`' report line "<file>: matched N, missing M, unexpected K".
struct ImportCounts {
  bool found = false;
  int matched = 0, missing = 0, unexpected = 0;
};
ImportCounts parseImportReport(const QString& stdoutText);

// Lower-case hex digests; empty when the file cannot be read.
QString fileSha256Hex(const QString& path);
QString fileMd5Hex(const QString& path);

}  // namespace arml::ui
