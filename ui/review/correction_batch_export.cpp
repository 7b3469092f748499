#include "ui/review/correction_batch_export.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

#include "data/annotation_batch.h"
#include "data/palette_png.h"
#include "ui/project/project.h"
#include "ui/shell/project_file_dialogs.h"

namespace arml::ui {

namespace {
bool isInside(const QString& path, const QString& folder) {
  const QString p = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
  const QString f = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
  return p == f || p.startsWith(f + QLatin1Char('/'));
}

// A byte-for-byte copy written atomically (QSaveFile), so an interrupted export leaves no half PNG.
QString copyFile(const QString& from, const QString& to) {
  QFile in(from);
  if (!in.open(QIODevice::ReadOnly)) return in.errorString();
  QSaveFile out(to);
  if (!out.open(QIODevice::WriteOnly)) return out.errorString();
  const QByteArray bytes = in.readAll();
  if (out.write(bytes) != bytes.size() || !out.commit()) return out.errorString();
  return {};
}
}  // namespace

CorrectionExportSummary CorrectionBatchExport::run(const QString& projectFolder, const QString& editsDir, const QString& outDir) {
  CorrectionExportSummary s;
  s.outDir = outDir;
  if (outDir.isEmpty()) return s.error = tr("No folder was chosen."), s;
  if (isInside(outDir, editsDir))
    return s.error = tr("%1 is where the project keeps its corrections; choose another folder, so that they are not "
                        "overwritten.").arg(QDir::toNativeSeparators(outDir)), s;
  const QStringList masks = QDir(editsDir).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
  s.corrections = int(masks.size());
  if (masks.isEmpty()) return s.error = tr("The project has no saved corrections yet (%1 is empty).").arg(QDir::toNativeSeparators(editsDir)), s;
  if (!QDir().mkpath(outDir)) return s.error = tr("%1 cannot be created.").arg(QDir::toNativeSeparators(outDir)), s;

  // A mask that cannot be read fails alone: the engine's export (which stops at the first unreadable
  // file) sees only the readable ones, staged in a folder of their own.
  QTemporaryDir staging;
  if (!staging.isValid()) return s.error = tr("No temporary folder could be made for the export."), s;
  QSet<QString> pngOk;
  for (const QString& name : masks) {
    const QString source = QDir(editsDir).filePath(name);
    try {
      data::readIndexMask(source.toStdString());
    } catch (const std::exception& e) {
      s.failures << QString::fromUtf8(e.what());
      continue;
    }
    const QString problem = copyFile(source, QDir(outDir).filePath(name));
    if (!problem.isEmpty()) {
      s.failures << tr("%1: the PNG copy failed (%2)").arg(QDir::toNativeSeparators(source), problem);
      continue;
    }
    if (QFile::copy(source, staging.filePath(name))) pngOk.insert(QFileInfo(name).completeBaseName());
  }
  QHash<QString, int> formatsWritten;  // stem -> number of annotation formats written
  try {
    auto project = data::AnnotationProject::open(projectFolder.toStdString());
    project.edits = staging.path().toStdString();
    for (const auto format : {data::AnnotationFormat::GeoJson, data::AnnotationFormat::AsapXml}) {
      const data::AnnotationExport done = data::exportCorrectedMasks(project, outDir.toStdString(), format);
      for (const auto& e : done.written) ++formatsWritten[QString::fromStdString(e.stem)];
      s.slideFiles += int(done.slides.size());
      for (const std::string& w : done.warnings)
        if (!s.failures.contains(QString::fromStdString(w))) s.failures << QString::fromStdString(w);
    }
  } catch (const std::exception& e) {  // project.json or review.json unreadable: no annotation file
    s.failures << QString::fromUtf8(e.what());
  }
  for (const QString& name : masks) {
    const QString stem = QFileInfo(name).completeBaseName();
    if (pngOk.contains(stem) && formatsWritten.value(stem) == 2) ++s.exported;
  }
  return s;
}

QString CorrectionBatchExport::summaryText(const CorrectionExportSummary& s) {
  if (!s.error.isEmpty()) return s.error;
  QString text = tr("Exported %1 of %n corrected mask(s) to %2 as PNG, GeoJSON (QuPath) and ASAP XML.", nullptr, s.corrections)
                     .arg(s.exported)
                     .arg(QDir::toNativeSeparators(s.outDir));
  if (s.slideFiles > 0)
    text += QLatin1Char(' ') + tr("%n file(s) per slide, in its level-0 coordinates, are in slides/.", nullptr, s.slideFiles);
  const int failed = s.corrections - s.exported;
  if (failed > 0 || !s.failures.isEmpty()) {
    text += QStringLiteral("\n\n") + tr("%n failed:", nullptr, failed > 0 ? failed : int(s.failures.size()));
    for (const QString& f : s.failures) text += QStringLiteral("\n• ") + f;
  }
  return text;
}

void CorrectionBatchExport::ask(QWidget* parent, const Project& project) {
  if (!project.isValid()) return;
  const QString out = ProjectFileDialogs::getExistingDirectory(parent, tr("Export all corrections to"), QString());
  if (out.isEmpty()) return;
  auto* watcher = new QFutureWatcher<CorrectionExportSummary>(parent);
  QObject::connect(watcher, &QFutureWatcher<CorrectionExportSummary>::finished, parent, [watcher, parent] {
    const CorrectionExportSummary s = watcher->result();
    watcher->deleteLater();
    const bool ok = s.error.isEmpty() && s.exported == s.corrections && s.failures.isEmpty();
    QMessageBox box(ok ? QMessageBox::Information : QMessageBox::Warning, tr("Export all corrections"), summaryText(s),
                    QMessageBox::Ok, parent);
    box.setObjectName(QStringLiteral("correctionExportSummary"));
    box.exec();
  });
  watcher->setFuture(QtConcurrent::run(&CorrectionBatchExport::run, project.folder(), project.editsDir(), out));
}

}  // namespace arml::ui
