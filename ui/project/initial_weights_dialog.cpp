#include "ui/project/initial_weights_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/shell/app_settings.h"
#include "ui/shell/child_process.h"
#include "ui/shell/project_file_dialogs.h"

namespace arml::ui {

namespace {
QString red(const QString& text) { return QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(text); }
}  // namespace

InitialWeightsDialog::InitialWeightsDialog(const QString& projectFolder, QWidget* parent)
    : QDialog(parent), projectFolder_(projectFolder), process_(new ChildProcess(this)) {
  setWindowTitle(tr("ImageNet initial weights"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("The <b>paper</b> preset starts both networks from ImageNet weights, as the reference does. "
         "Trained from scratch on a real dataset such as WSSS4LUAD, the results stay far below the paper's. "
         "Download the two files below once, then import them here: they are checked and copied into this "
         "project's weights folder, and training jobs of the project start from them."));
  intro->setWordWrap(true);
  layout->addWidget(intro);
  for (const InitialWeightsFile& f : InitialWeightsCatalogue::files()) layout->addWidget(buildRow(f));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  connect(process_, &ChildProcess::finished, this, &InitialWeightsDialog::onImportFinished);
  connect(process_, &ChildProcess::failedToStart, this, [this](const QString& message) {
    finish(running_, false, red(tr("The import could not start: %1").arg(message.toHtmlEscaped())));
  });
  resize(720, sizeHint().height());
}

QWidget* InitialWeightsDialog::buildRow(const InitialWeightsFile& f) {
  Row& row = rows_[int(f.kind)];
  auto* box = new QGroupBox(f.title);
  auto* v = new QVBoxLayout(box);
  auto* where = new QLabel(tr("File: <b>%1</b><br>%2").arg(f.fileName.toHtmlEscaped(), f.whereToGet.toHtmlEscaped()));
  where->setWordWrap(true);
  where->setTextInteractionFlags(Qt::TextSelectableByMouse);
  v->addWidget(where);
  row.status = new QLabel;
  v->addWidget(row.status);

  auto* fileRow = new QHBoxLayout;
  row.file = new QLineEdit;
  row.file->setPlaceholderText(tr("Downloaded file"));
  auto* browse = new QPushButton(tr("Browse…"));
  connect(browse, &QPushButton::clicked, this, [this, f] {
    const QString path =
        ProjectFileDialogs::getOpenFileName(this, tr("Choose %1").arg(f.fileName), rows_[int(f.kind)].file->text(),
                                            tr("Weight files (*.params *.pth *.pt *.tar);;All files (*)"));
    if (!path.isEmpty()) rows_[int(f.kind)].file->setText(QDir::toNativeSeparators(path));
  });
  fileRow->addWidget(row.file, 1);
  fileRow->addWidget(browse);
  v->addLayout(fileRow);

  auto* sumRow = new QHBoxLayout;
  row.sum = new QLineEdit(f.knownSha256);
  row.sum->setPlaceholderText(tr("SHA-256 from the download page (optional)"));
  row.sum->setToolTip(f.knownSha256.isEmpty()
                          ? tr("No SHA-256 is published for this file; paste one you trust, or leave it empty. The "
                               "published MD5 is checked in any case.")
                          : tr("The first digits of the SHA-256 carried by the published file name; paste the full "
                               "sum if you have it."));
  row.import = new QPushButton(tr("Import"));
  connect(row.import, &QPushButton::clicked, this, [this, f] { startImport(f.kind); });
  sumRow->addWidget(new QLabel(tr("Expected SHA-256:")));
  sumRow->addWidget(row.sum, 1);
  sumRow->addWidget(row.import);
  v->addLayout(sumRow);
  row.result = new QLabel;
  row.result->setWordWrap(true);
  row.result->setTextInteractionFlags(Qt::TextSelectableByMouse);
  v->addWidget(row.result);
  refreshStatus(f.kind);
  return box;
}

void InitialWeightsDialog::refreshStatus(InitialWeightsKind kind) {
  if (projectFolder_.isEmpty()) {  // the weights are kept in a project
    rows_[int(kind)].status->setText(tr("Open or create a project to import the weights into it."));
    rows_[int(kind)].import->setEnabled(false);
    return;
  }
  const bool have = hasImportedWeights(projectFolder_, kind);
  rows_[int(kind)].status->setText(
      have ? tr("Imported into this project: %1").arg(QDir::toNativeSeparators(importedWeightsPath(projectFolder_, kind)))
           : tr("Not imported yet."));
}

bool InitialWeightsDialog::isBusy() const { return busy_; }

void InitialWeightsDialog::setBusy(bool busy) {
  busy_ = busy;
  for (Row& r : rows_) r.import->setEnabled(!busy && !projectFolder_.isEmpty());
}

void InitialWeightsDialog::startImport(InitialWeightsKind kind) {
  if (busy_ || projectFolder_.isEmpty()) return;
  Row& row = rows_[int(kind)];
  const QString path = QDir::fromNativeSeparators(row.file->text().trimmed());
  if (path.isEmpty() || !QFileInfo(path).isFile()) {
    row.result->setText(red(path.isEmpty() ? tr("Choose the downloaded file first.")
                                           : tr("%1 is not a file.").arg(QDir::toNativeSeparators(path).toHtmlEscaped())));
    return;
  }
  const QString sum = row.sum->text().trimmed().toLower();
  static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{8,64}$"));
  if (!sum.isEmpty() && !hex.match(sum).hasMatch()) {
    row.result->setText(red(tr("The expected SHA-256 should be 8 to 64 hexadecimal digits (0-9, a-f).")));
    return;
  }
  setBusy(true);
  running_ = kind;
  runningFile_ = path;
  row.result->setText(tr("Computing the file's checksum…"));
  digests_.disconnect(this);
  connect(&digests_, &QFutureWatcher<Digests>::finished, this,
          [this, kind, path] { onDigests(kind, path, digests_.result()); });
  digests_.setFuture(QtConcurrent::run([path] { return Digests{fileSha256Hex(path), fileMd5Hex(path)}; }));
}

void InitialWeightsDialog::onDigests(InitialWeightsKind kind, const QString& path, const Digests& d) {
  const InitialWeightsFile f = InitialWeightsCatalogue::file(kind);
  const QString name = QDir::toNativeSeparators(path).toHtmlEscaped();
  if (d.sha256.isEmpty()) return finish(kind, false, red(tr("%1 could not be read.").arg(name)));
  const QString expected = rows_[int(kind)].sum->text().trimmed().toLower();
  QString checks = tr("SHA-256 of the file: <tt>%1</tt>").arg(d.sha256);
  if (!expected.isEmpty() && !d.sha256.startsWith(expected))
    return finish(kind, false, red(tr("%1 does not have the expected SHA-256 (<tt>%2</tt>): it is damaged or another "
                                      "file. Download it again. Nothing was imported.").arg(name, expected)) +
                                   QStringLiteral("<br>") + checks);
  if (!f.knownMd5.isEmpty() && d.md5 != f.knownMd5)
    return finish(kind, false, red(tr("%1 does not have the MD5 its repository publishes for %2 (<tt>%3</tt>; this "
                                      "file: <tt>%4</tt>): it is damaged or another file. Download it again. "
                                      "Nothing was imported.").arg(name, f.fileName, f.knownMd5, d.md5)) +
                                   QStringLiteral("<br>") + checks);
  runningSha_ = d.sha256;
  rows_[int(kind)].result->setText(checks + QStringLiteral("<br>") + tr("Importing…"));
  QDir().mkpath(initialWeightsFolder(projectFolder_));
  QStringList args = {QStringLiteral("import-weights"), QStringLiteral("--from"), path, QStringLiteral("--arch"), f.arch,
                      QStringLiteral("--out"), importedWeightsPath(projectFolder_, kind)};
  if (!expected.isEmpty()) args << QStringLiteral("--sha256") << expected;  // the CLI checks again, writes nothing on a mismatch
  process_->start(armlProgramPath(), args);
}

void InitialWeightsDialog::onImportFinished(int exitCode, bool crashed) {
  const QString out = QString::fromUtf8(process_->readAllStandardOutput());
  const QString err = QString::fromUtf8(process_->readAllStandardError()).trimmed();
  const QString checks = tr("SHA-256 of the file: <tt>%1</tt>").arg(runningSha_);
  if (crashed || exitCode != 0) {
    QString why = err.section(QLatin1Char('\n'), -1);
    why.remove(QRegularExpression(QStringLiteral("^error: ")));
    return finish(running_, false,
                  red(tr("The weights were not imported: %1").arg((why.isEmpty() ? tr("the import stopped unexpectedly")
                                                                                 : why).toHtmlEscaped())) +
                      QStringLiteral("<br>") + checks);
  }
  const ImportCounts c = parseImportReport(out);
  QString report = tr("Imported: the file gave %1 of the network's weight tensors").arg(c.matched);
  report += QStringLiteral("; ") + (c.missing == 0 ? tr("none is missing")
                                                   : tr("missing from the file, starting from random values: %1").arg(c.missing));
  report += QStringLiteral("; ") + (c.unexpected == 0 ? tr("nothing in the file was left unused.")
                                                      : tr("in the file but with no place in the network, left out "
                                                           "(e.g. the ImageNet classifier): %1.").arg(c.unexpected));
  finish(running_, true, report + QStringLiteral("<br>") + checks);
}

void InitialWeightsDialog::finish(InitialWeightsKind kind, bool ok, const QString& html) {
  rows_[int(kind)].result->setText(html);
  setBusy(false);
  refreshStatus(kind);
  Q_EMIT importFinished(kind, ok);
}

}  // namespace arml::ui
