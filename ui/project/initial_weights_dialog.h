#pragma once
// First run with real data (issue #15): which ImageNet weight files the `paper` preset expects,
// where to get them, and their import into the project (<project>/weights/) by `arml
// import-weights` in a child process. Before the import the file's SHA-256 is computed and shown;
// it must match a sum the user pastes or the one known from the file's published name (passed as
// `--sha256`, so the CLI refuses a mismatch and writes nothing), and the ResNet-38 file must have the
// MD5 its repository publishes. The import's matched / missing report is told in the app's words.
#include <QDialog>
#include <QFutureWatcher>
#include <QHash>

#include "ui/project/initial_weights.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace arml::ui {

class ChildProcess;

class InitialWeightsDialog : public QDialog {
  Q_OBJECT
public:
  explicit InitialWeightsDialog(const QString& projectFolder, QWidget* parent = nullptr);

  QLineEdit* fileEdit(InitialWeightsKind kind) const { return rows_[int(kind)].file; }
  QLineEdit* sumEdit(InitialWeightsKind kind) const { return rows_[int(kind)].sum; }
  QPushButton* importButton(InitialWeightsKind kind) const { return rows_[int(kind)].import; }
  QLabel* statusLabel(InitialWeightsKind kind) const { return rows_[int(kind)].status; }
  QLabel* resultLabel(InitialWeightsKind kind) const { return rows_[int(kind)].result; }
  bool isBusy() const;
  // Starts the import of the file in fileEdit(kind) (what the Import button does).
  void startImport(InitialWeightsKind kind);

Q_SIGNALS:
  // An import ended: ok when the checkpoint was written.
  void importFinished(arml::ui::InitialWeightsKind kind, bool ok);

private:
  struct Row {
    QLineEdit* file = nullptr;
    QLineEdit* sum = nullptr;
    QPushButton* import = nullptr;
    QLabel* status = nullptr;
    QLabel* result = nullptr;
  };
  struct Digests {
    QString sha256, md5;
  };
  QWidget* buildRow(const InitialWeightsFile& file);
  void refreshStatus(InitialWeightsKind kind);
  void onDigests(InitialWeightsKind kind, const QString& path, const Digests& digests);
  void onImportFinished(int exitCode, bool crashed);
  void finish(InitialWeightsKind kind, bool ok, const QString& html);
  void setBusy(bool busy);

  QString projectFolder_;
  Row rows_[2];
  ChildProcess* process_;
  QFutureWatcher<Digests> digests_;
  InitialWeightsKind running_ = InitialWeightsKind::ResNet38;
  QString runningFile_, runningSha_;
  bool busy_ = false;
};

}  // namespace arml::ui
