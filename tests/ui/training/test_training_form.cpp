// The Training form for real data (issues #16, #13, #15): deriving labels from masks, overrides
// (--set), the number of processes (--nproc) in the command line the form builds; Start refused
// before anything runs when the dataset has fewer training patches than a batch (WSSS4LUAD: 4),
// with the reason and what to do; the form's file dialogs start in the project's folder.
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/dataset_summary.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/project_file_dialogs.h"
#include "ui/training/dataset_fit.h"
#include "ui/training/job_settings.h"
#include "ui/training/training_page.h"

using namespace arml::ui;

namespace {
// WSSS4LUAD's counts: 4 labelled training patches, 31 val and 59 test images with masks.
DatasetSummary wsss4luadLike(const QString& root) {
  DatasetSummary d;
  d.root = root;
  d.kind = QStringLiteral("wsss4luad");
  d.backgroundIndex = 3;
  d.train = {4, {}, false, true};
  d.val = {31, {}, true, true};
  d.test = {59, {}, true, true};
  return d;
}

// The Nth "Browse…" button of the form, in the order of its rows.
QPushButton* browseButton(QWidget* page, int n) {
  QList<QPushButton*> browse;
  for (QPushButton* b : page->findChildren<QPushButton*>())
    if (b->text() == QStringLiteral("Browse…")) browse << b;
  return n < browse.size() ? browse[n] : nullptr;
}

// Clicks `button`, reads the folder of the file dialog it opens and closes the dialog.
QString dialogStartFolder(QPushButton* button) {
  QString folder = QStringLiteral("<no dialog>");
  QTimer timer;  // gone with this function, whether a dialog came or not
  timer.setSingleShot(true);
  QObject::connect(&timer, &QTimer::timeout, [&] {
    if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
      folder = dialog->directory().absolutePath();
      dialog->reject();
    }
  });
  timer.start(300);
  if (!button) return QStringLiteral("<no button>");
  button->click();
  return folder;
}
}  // namespace

class TestTrainingForm : public QObject {
  Q_OBJECT
  QString root_;
  QString shots_;  // screenshots to look at

  static void choose(QComboBox* combo, const QString& data) { combo->setCurrentIndex(combo->findData(data)); }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_training_form");
    root_ = QString::fromStdString(arml::test::scratchDir("ui_training_form"));
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_training_form"));
    QDir().mkpath(root_ + "/data/training");
    QDir().mkpath(root_ + "/project/runs");
    AppSettings s = AppSettings::load();
    s.armlProgram = QStringLiteral("/bin/false");  // nothing here may start a job
    s.save();
  }

  // The form's fields land in the command line: --derive-labels-from-masks, one --set per
  // override, --nproc only when more than one process.
  void commandLineCarriesDerivationOverridesAndProcesses() {
    TrainingPage page;
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = root_ + "/data";
    s.outDir = root_ + "/run";
    page.setSettings(s);
    QVERIFY(!page.commandText().contains("--nproc"));
    QVERIFY(!page.commandText().contains("--set"));

    auto* derive = page.findChild<QComboBox*>("deriveLabels");
    QVERIFY(derive);
    choose(derive, "val");
    auto* overrides = page.findChild<QLineEdit*>("overrides");
    QVERIFY(overrides);
    QTest::keyClicks(overrides, "stage1.batch=4 stage2.epochs=3 \"stage2.review=/data/my review.json\"");
    auto* processes = page.findChild<QSpinBox*>("processes");
    QVERIFY(processes);
    auto* syncBatchNorm = page.findChild<QCheckBox*>("syncBatchNorm");
    QVERIFY(syncBatchNorm);
    QVERIFY(!syncBatchNorm->isEnabled());  // SyncBN means nothing to one process
    processes->setValue(2);
    QVERIFY(syncBatchNorm->isEnabled());
    QVERIFY(!page.commandText().contains("--sync-batch-norm"));
    QTest::mouseClick(syncBatchNorm, Qt::LeftButton, {}, QPoint(8, syncBatchNorm->height() / 2));
    QVERIFY(syncBatchNorm->isChecked());
    QVERIFY2(page.commandText().contains("--nproc 2 --sync-batch-norm"), qPrintable(page.commandText()));

    const QStringList args = buildArmlArguments(page.settings());
    const QString line = args.join(' ');
    QVERIFY2(line.contains("pipeline --data"), qPrintable(line));
    QVERIFY2(line.contains("--derive-labels-from-masks val"), qPrintable(line));
    QVERIFY2(line.contains("--set stage1.batch=4 --set stage2.epochs=3"), qPrintable(line));
    QVERIFY(args.contains("stage2.review=/data/my review.json"));  // one argument, spaces kept
    QVERIFY2(line.contains("--nproc 2"), qPrintable(line));
    QVERIFY2(page.commandText().contains("'stage2.review=/data/my review.json'"), qPrintable(page.commandText()));

    // Stage 1 takes --nproc too; overrides and derivation are the pipeline's.
    JobSettings s1 = page.settings();
    s1.kind = JobKind::Stage1;
    s1.nproc = 3;
    const QString stage1 = buildArmlArguments(s1).join(' ');
    QVERIFY2(stage1.contains("train-cls") && stage1.contains("--nproc 3"), qPrintable(stage1));
    QVERIFY(!stage1.contains("--set") && !stage1.contains("--derive"));
    s1.nproc = 1;
    QVERIFY(!buildArmlArguments(s1).contains("--nproc"));
    QVERIFY(!buildArmlArguments(s1).contains("--sync-batch-norm"));
  }

  void badOverrideIsRefusedNamingIt() {
    TrainingPage page;
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = root_ + "/data";
    s.outDir = root_ + "/run-bad";
    s.overrides = {"stage1.epochs=2", "stage1.batch"};
    page.setSettings(s);
    page.start();
    QVERIFY(!page.isJobActive());
    QVERIFY2(page.shownProblems().join('\n').contains("\"stage1.batch\" is not key.path=value"),
             qPrintable(page.shownProblems().join('\n')));
    QCOMPARE(parseOverrides("a.b=1  \"c.d=x y\" "), (QStringList{"a.b=1", "c.d=x y"}));
  }

  // Issue #16: a pseudo-mask job's model starts as the current run's stage-1 model (it started empty),
  // an evaluation's as its stage-2 model, a stage-2 job's masks as its mask set; what the user typed stays.
  void modelFieldsFollowTheCurrentRun() {
    TrainingPage page;
    page.setCurrentRunDefaults("/p/runs/a/checkpoints/stage1.pt", "/p/runs/a/checkpoints/stage2.pt",
                               "/p/runs/a/masks/bn7");
    JobSettings s;
    s.kind = JobKind::PseudoMasks;
    page.setSettings(s);
    QCOMPARE(page.settings().model, QString("/p/runs/a/checkpoints/stage1.pt"));
    s.kind = JobKind::Evaluate;
    s.model = page.settings().model;
    page.setSettings(s);
    QCOMPARE(page.settings().model, QString("/p/runs/a/checkpoints/stage2.pt"));
    s.kind = JobKind::Stage2;
    page.setSettings(s);
    QCOMPARE(page.settings().masks, QString("/p/runs/a/masks/bn7"));
    // Another current run replaces a default, never a path the user chose.
    page.setCurrentRunDefaults("/p/runs/b/checkpoints/stage1.pt", "/p/runs/b/checkpoints/stage2.pt",
                               "/p/runs/b/masks/bn7");
    QCOMPARE(page.settings().masks, QString("/p/runs/b/masks/bn7"));
    s = page.settings();
    s.kind = JobKind::PseudoMasks;
    s.model = "/elsewhere/mine.pt";
    page.setSettings(s);
    page.setCurrentRunDefaults("/p/runs/c/checkpoints/stage1.pt", QString(), QString());
    QCOMPARE(page.settings().model, QString("/elsewhere/mine.pt"));
  }

  // A refusal appears below the form and the command line: nothing the user is typing into moves.
  void refusalMovesNoField() {
    TrainingPage page;
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = root_ + "/data";
    s.outDir = root_ + "/run-jump";
    page.setSettings(s);
    page.setDatasetSummary(wsss4luadLike(root_ + "/data"));
    page.resize(1366, 708);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QWidget* fields[] = {page.findChild<QLineEdit*>("command"), page.findChild<QLineEdit*>("overrides"),
                         page.findChild<QSpinBox*>("processes")};
    QList<QPoint> before;
    for (QWidget* w : fields) before << w->mapTo(&page, QPoint(0, 0));
    page.start();
    QVERIFY(!page.isJobActive());
    QCoreApplication::processEvents();
    QVERIFY(!page.findChild<QLabel*>("problems")->isHidden());
    for (int i = 0; i < 3; ++i) QCOMPARE(fields[i]->mapTo(&page, QPoint(0, 0)), before[i]);
  }

  // WSSS4LUAD with cpu-demo (batch 8): refused before Start with the reason and the remedies;
  // each remedy makes the settings fit.
  void fewerPatchesThanABatchIsRefusedBeforeStart() {
    TrainingPage page;
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = root_ + "/data";
    s.outDir = root_ + "/run-fit";
    page.setSettings(s);
    page.setDatasetSummary(wsss4luadLike(root_ + "/data"));
    page.start();
    QVERIFY(!page.isJobActive());
    const QString shown = page.shownProblems().join('\n');
    QVERIFY2(shown.contains("4 labelled training patches, fewer than one batch of 8."), qPrintable(shown));
    QVERIFY2(shown.contains("lower the batch to 4 (override stage1.batch=4)"), qPrintable(shown));
    QVERIFY2(shown.contains("derive labels from masks for val (31 images with masks)"), qPrintable(shown));
    QVERIFY(!page.findChild<QLabel*>("problems")->isHidden());
    QVERIFY(!QFileInfo::exists(root_ + "/run-fit"));  // nothing was made
    page.resize(1366, 708);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(page.grab().save(shots_ + "/training-refused-batch.png"));

    const DatasetSummary d = wsss4luadLike(root_ + "/data");
    JobSettings lowered = page.settings();
    lowered.overrides = {"stage1.batch=4"};
    QCOMPARE(stage1BatchSize(lowered), 4);
    QVERIFY(datasetFitProblems(lowered, d).isEmpty());
    JobSettings derived = page.settings();
    derived.deriveLabelsFrom = "val";
    QCOMPARE(stage1TrainingPatches(derived, d), 31);
    QVERIFY(datasetFitProblems(derived, d).isEmpty());
    // The paper preset's batch of 20 does not fit 4 patches either; deriving from test does.
    JobSettings paper = page.settings();
    applyPreset(paper, Preset::Paper);
    QCOMPARE(stage1BatchSize(paper), 20);
    QCOMPARE(datasetFitProblems(paper, d).size(), 1);
    paper.deriveLabelsFrom = "test";
    QVERIFY(datasetFitProblems(paper, d).isEmpty());
    // A stage-1 job: the form's batch; the remedy names the batch size field.
    JobSettings stage1 = page.settings();
    stage1.kind = JobKind::Stage1;
    stage1.batch = 8;
    QVERIFY(datasetFitProblems(stage1, d).join(' ').contains("lower the batch size to 4"));
    // A summary of another folder says nothing about this one.
    QVERIFY(datasetFitProblems(stage1, wsss4luadLike(root_ + "/other")).isEmpty());
  }

  // The same check on the real WSSS4LUAD, as `arml inspect-data` reports it.
  void realWsss4luadIsRefusedWithItsCounts() {
    ARML_REQUIRE_SHARED(dataset, "data/wsss4luad");
    AppSettings settings = AppSettings::load();
    settings.armlProgram = QString::fromStdString(arml::test::cliPath());
    settings.save();
    DatasetInspector inspector;
    QSignalSpy done(&inspector, &DatasetInspector::finished);
    inspector.inspect(QString::fromStdString(dataset));
    QVERIFY(done.wait(120000));
    const auto summary = done.at(0).at(0).value<DatasetSummary>();
    settings.armlProgram = QStringLiteral("/bin/false");
    settings.save();
    QVERIFY2(summary.isValid(), qPrintable(summary.error));
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = QString::fromStdString(dataset);
    const QString problem = datasetFitProblems(s, summary).join('\n');
    QVERIFY2(problem.contains("4 labelled training patches, fewer than one batch of 8."), qPrintable(problem));
    QVERIFY2(problem.contains("for val (31 images with masks)"), qPrintable(problem));
    s.deriveLabelsFrom = "val";
    QVERIFY(datasetFitProblems(s, summary).isEmpty());
  }

  // Issue #15: the form's dialogs open in the project's folder, or where the field points.
  void fileDialogsStartInTheProjectFolder() {
    ProjectFileDialogs::setProjectFolder(root_ + "/project");
    TrainingPage page;
    page.resize(1280, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    JobSettings s;
    s.kind = JobKind::PseudoMasks;  // the model row is shown
    page.setSettings(s);
    // Rows: dataset, output, model, masks. The dataset field is empty: the project folder.
    QCOMPARE(dialogStartFolder(browseButton(&page, 0)), QDir(root_ + "/project").absolutePath());
    QCOMPARE(dialogStartFolder(browseButton(&page, 2)), QDir(root_ + "/project").absolutePath());
    // A path typed in the field: its folder.
    s.dataset = root_ + "/data/training";
    page.setSettings(s);
    QCOMPARE(dialogStartFolder(browseButton(&page, 0)), QDir(root_ + "/data/training").absolutePath());
    // A folder chosen inside the project is where the next dialog starts.
    const QString chosenFolder = QDir(root_ + "/project/runs").absolutePath();
    QString chosen;
    {
      QTimer timer;
      timer.setSingleShot(true);
      connect(&timer, &QTimer::timeout, [&] {
        if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
          dialog->setDirectory(chosenFolder);
          static_cast<QDialog*>(dialog)->accept();  // QFileDialog::accept(), protected there
        }
      });
      timer.start(300);
      chosen = ProjectFileDialogs::getExistingDirectory(&page, "Choose", QString());
    }
    QCOMPARE(QDir(chosen).absolutePath(), chosenFolder);
    QCOMPARE(ProjectFileDialogs::startFolder(), chosenFolder);
    QCOMPARE(dialogStartFolder(browseButton(&page, 2)), chosenFolder);  // the model's field is empty
    // Without a project and without a path: never the working directory.
    ProjectFileDialogs::setProjectFolder(QString());
    QDir::setCurrent(root_ + "/data");
    QCOMPARE(ProjectFileDialogs::startFolder(), QDir::homePath());
    QCOMPARE(ProjectFileDialogs::startFolder(QString(), root_ + "/project/runs"), QDir(root_ + "/project/runs").absolutePath());
  }

  // Screenshots of the page with its toolbar and the new rows, to look at.
  void toolbarAndFormScreenshot() {
    TrainingPage page;
    page.resize(1366, 708);
    JobSettings s;
    s.kind = JobKind::Pipeline;
    applyPreset(s, Preset::CpuDemo);
    s.dataset = root_ + "/data";
    s.overrides = {"stage1.batch=4"};
    s.deriveLabelsFrom = "val";
    s.nproc = 2;
    page.setSettings(s);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* bar = page.findChild<QToolBar*>("trainingToolbar");
    QVERIFY(bar && bar->isVisible());
    QVERIFY(page.findChild<QAbstractButton*>("start")->toolTip().contains("Ctrl+R"));
    QVERIFY(page.grab().save(shots_ + "/training-toolbar-form.png"));
  }
};

QTEST_MAIN(TestTrainingForm)
#include "test_training_form.moc"
