// Issue #15: the ImageNet weights dialog checks a downloaded file before `arml import-weights` runs
// (the ResNet-38 file's published MD5, an expected SHA-256 pasted or known from the file name),
// passes the expected sum to the CLI (`--sha256`), and tells the import's matched / missing report
// in the app's words. A stand-in `arml` (a shell script) records its arguments and answers like the
// real one; the real CLI's refusal is shown without "error:".
#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/initial_weights.h"
#include "ui/project/initial_weights_dialog.h"
#include "ui/shell/app_settings.h"

using namespace arml::ui;
using Kind = InitialWeightsKind;

namespace {
bool writeFile(const QString& path, const QByteArray& bytes) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

void useArml(const QString& program) {
  AppSettings s = AppSettings::load();
  s.armlProgram = program;
  s.save();
}
}  // namespace

class TestInitialWeightsDialog : public QObject {
  Q_OBJECT
  QString root_, shots_, download_, fake_, argsFile_;

  // Runs the import of `kind` and waits for its end.
  bool importAndWait(InitialWeightsDialog& dialog, Kind kind) {
    QSignalSpy done(&dialog, &InitialWeightsDialog::importFinished);
    dialog.importButton(kind)->click();
    if (!done.wait(60000)) return false;
    return done.first().at(1).toBool();
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_initial_weights_dialog");
    root_ = QString::fromStdString(arml::test::scratchDir("ui_initial_weights_dialog"));
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_initial_weights"));
    download_ = root_ + "/downloads/resnest101-22405ba7.pth";
    QVERIFY(writeFile(download_, "not really weights"));
    argsFile_ = root_ + "/args.txt";
    fake_ = root_ + "/fake-arml.sh";
    // Records its arguments, writes --out and prints the report line of `arml import-weights`.
    QVERIFY(writeFile(fake_, QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$@\" > '%1'\nout=; prev=\n"
                                            "for a in \"$@\"; do [ \"$prev\" = --out ] && out=$a; prev=$a; done\n"
                                            "echo ckpt > \"$out\"\necho \"x: matched 229, missing 3, unexpected 2\"\n")
                                 .arg(argsFile_).toUtf8()));
    QVERIFY(QFile::setPermissions(fake_, QFile::permissions(fake_) | QFileDevice::ExeOwner));
  }

  void withoutAProjectNothingCanBeImported() {
    InitialWeightsDialog dialog{QString()};
    QVERIFY(!dialog.importButton(Kind::ResNet38)->isEnabled());
    QVERIFY(dialog.statusLabel(Kind::ResNeSt101)->text().contains("Open or create a project"));
  }

  void knownSumsAreCheckedBeforeTheImport() {
    useArml(fake_);
    QFile::remove(argsFile_);
    const QString project = root_ + "/p1";
    InitialWeightsDialog dialog(project);
    dialog.show();
    // ResNeSt: the 8 digits of its published name are the expected SHA-256's start.
    QCOMPARE(dialog.sumEdit(Kind::ResNeSt101)->text(), QString("22405ba7"));
    dialog.fileEdit(Kind::ResNeSt101)->setText(download_);
    QVERIFY(!importAndWait(dialog, Kind::ResNeSt101));
    QString shown = dialog.resultLabel(Kind::ResNeSt101)->text();
    QVERIFY2(shown.contains("does not have the expected SHA-256") && shown.contains("Nothing was imported"), qPrintable(shown));
    QVERIFY2(shown.contains(QCryptographicHash::hash("not really weights", QCryptographicHash::Sha256).toHex()), qPrintable(shown));
    // ResNet-38: the MD5 that ademxapp publishes.
    dialog.fileEdit(Kind::ResNet38)->setText(download_);
    QVERIFY(!importAndWait(dialog, Kind::ResNet38));
    shown = dialog.resultLabel(Kind::ResNet38)->text();
    QVERIFY2(shown.contains("ff21f45d6bf03284100dcbec571edfad") && shown.contains("Nothing was imported"), qPrintable(shown));
    QVERIFY(!QFile::exists(argsFile_));  // the CLI never ran
    QVERIFY(!hasImportedWeights(project, Kind::ResNet38) && !hasImportedWeights(project, Kind::ResNeSt101));
    QVERIFY(dialog.grab().save(shots_ + "/initial-weights-refused.png"));
  }

  void importReportIsToldInTheAppsWords() {
    useArml(fake_);
    const QString project = root_ + "/p2";
    InitialWeightsDialog dialog(project);
    const QString sum = QString::fromLatin1(QCryptographicHash::hash("not really weights", QCryptographicHash::Sha256).toHex());
    dialog.fileEdit(Kind::ResNeSt101)->setText(download_);
    dialog.sumEdit(Kind::ResNeSt101)->setText(sum.toUpper());  // pasted from a download page
    QVERIFY(importAndWait(dialog, Kind::ResNeSt101));
    QFile args(argsFile_);
    QVERIFY(args.open(QIODevice::ReadOnly));
    const QStringList passed = QString::fromUtf8(args.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(passed, (QStringList{"import-weights", "--from", download_, "--arch", "pspnet", "--out",
                                  importedWeightsPath(project, Kind::ResNeSt101), "--sha256", sum}));
    const QString shown = dialog.resultLabel(Kind::ResNeSt101)->text();
    QVERIFY2(shown.contains("Imported: the file gave 229 of the network's weight tensors") &&
                 shown.contains("missing from the file, starting from random values: 3") &&
                 shown.contains("with no place in the network, left out (e.g. the ImageNet classifier): 2"),
             qPrintable(shown));
    QVERIFY(hasImportedWeights(project, Kind::ResNeSt101));
    QVERIFY(dialog.statusLabel(Kind::ResNeSt101)->text().startsWith("Imported into this project"));
    dialog.show();
    QVERIFY(dialog.grab().save(shots_ + "/initial-weights-imported.png"));
  }

  void refusalOfTheRealCliIsShownPlainly() {
    useArml(QString::fromStdString(arml::test::cliPath()));
    const QString project = root_ + "/p3";
    InitialWeightsDialog dialog(project);
    dialog.fileEdit(Kind::ResNeSt101)->setText(download_);
    dialog.sumEdit(Kind::ResNeSt101)->clear();  // no sum: the CLI reads the file and refuses it
    QVERIFY(!importAndWait(dialog, Kind::ResNeSt101));
    const QString shown = dialog.resultLabel(Kind::ResNeSt101)->text();
    QVERIFY2(shown.contains("The weights were not imported") && shown.contains(download_) && !shown.contains("error:"),
             qPrintable(shown));
    QVERIFY(!hasImportedWeights(project, Kind::ResNeSt101));
  }
};

QTEST_MAIN(TestInitialWeightsDialog)
#include "test_initial_weights_dialog.moc"
