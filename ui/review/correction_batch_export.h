#pragma once
// "Export all corrections…" (issue #15): every corrected mask of the project (edits/<stem>.png) into
// a chosen folder at once, as a palette PNG copy, GeoJSON for QuPath and ASAP XML, through the
// engine's annotation exchange (data/annotation_batch.h: slide patches in the slide's level-0
// coordinates, plus one file per slide under slides/). The sources are never written: a folder that
// is, or lies inside, the corrections folder is refused. The summary says how many patches were
// exported and which failed, and why.
#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QWidget;

namespace arml::ui {

class Project;

struct CorrectionExportSummary {
  QString outDir;
  int corrections = 0;   // edits/<stem>.png found
  int exported = 0;      // patches written in all three formats
  int slideFiles = 0;    // slides/<slide>.geojson and .xml written
  QStringList failures;  // one sentence each, naming the file
  QString error;         // nothing could be exported (then the counts are 0)
};

struct CorrectionBatchExport {
  Q_DECLARE_TR_FUNCTIONS(CorrectionBatchExport)
public:
  // The export itself (any thread; no GUI): projectFolder holds project.json, editsDir the corrections.
  static CorrectionExportSummary run(const QString& projectFolder, const QString& editsDir, const QString& outDir);
  // The summary as the user reads it (plain text, failures listed).
  static QString summaryText(const CorrectionExportSummary& summary);
  // The page's action: asks for the folder, exports in a worker thread, then shows the summary.
  static void ask(QWidget* parent, const Project& project);
};

}  // namespace arml::ui
