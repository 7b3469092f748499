// Issue #15: Start on a `paper` job with a real dataset and no imported ImageNet weights warns
// first ("Import weights…" / "Train from scratch anyway" / Cancel); a demo dataset, another preset
// or width, a job that does not train, a resumed job or imported weights do not. Imported weights
// are passed to the job (`--init`, or `--set stageN.init=` for a pipeline).
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/initial_weights.h"
#include "ui/project/initial_weights_dialog.h"
#include "ui/training/initial_weights_warning.h"

using namespace arml::ui;
using Kinds = QVector<InitialWeightsKind>;

namespace {
bool touch(const QString& path) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write("x") == 1;
}

// Clicks the button of that object name in the warning once it is up.
void clickInWarningSoon(const QString& button) {
  QTimer::singleShot(50, [button] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    QVERIFY(box && box->objectName() == QLatin1String("initialWeightsWarning"));
    if (button == QLatin1String("cancel")) box->button(QMessageBox::Cancel)->click();
    else box->findChild<QPushButton*>(button)->click();
  });
}
}  // namespace

class TestInitialWeightsWarning : public QObject {
  Q_OBJECT
  QString root_, realData_, demoData_;

  JobSettings paperPipeline(const QString& data) const {
    JobSettings s;
    s.kind = JobKind::Pipeline;
    s.preset = Preset::Paper;
    s.arch = QStringLiteral("resnet38d");
    s.dataset = data;
    return s;
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_initial_weights_warning");
    root_ = QString::fromStdString(arml::test::scratchDir("ui_initial_weights_warning"));
    realData_ = root_ + "/real";
    demoData_ = root_ + "/demo";
    QVERIFY(touch(realData_ + "/training/patch-a-[1, 0, 1].png"));
    QVERIFY(touch(realData_ + "/train/patch-a-[1 0 1 0].png"));
    QVERIFY(touch(demoData_ + "/train/synth-0000-[1 0 0 1].png"));
  }

  void demoDatasetIsRecognised() {
    QVERIFY(isDemoDataset(demoData_));
    QVERIFY(!isDemoDataset(realData_));
    QVERIFY(!isDemoDataset(root_ + "/nothing-here"));
  }

  void warnsOnlyWhenAPaperJobOnRealDataLacksWeights() {
    const QString project = root_ + "/p1";
    QCOMPARE(missingInitialWeights(paperPipeline(realData_), project, false),
             (Kinds{InitialWeightsKind::ResNet38, InitialWeightsKind::ResNeSt101}));
    QVERIFY(missingInitialWeights(paperPipeline(demoData_), project, true).isEmpty());

    JobSettings s = paperPipeline(realData_);
    s.preset = Preset::CpuDemo;
    QVERIFY(missingInitialWeights(s, project, false).isEmpty());
    s = paperPipeline(realData_);
    s.arch = QStringLiteral("resnet38d-lite");  // the 1/8-width network cannot take full-width ImageNet weights
    QVERIFY(missingInitialWeights(s, project, false).isEmpty());
    for (JobKind kind : {JobKind::PseudoMasks, JobKind::Evaluate}) {
      s = paperPipeline(realData_);
      s.kind = kind;
      QVERIFY(missingInitialWeights(s, project, false).isEmpty());
    }
    s = paperPipeline(realData_);
    s.resume = true;
    QVERIFY(missingInitialWeights(s, project, false).isEmpty());
    s = paperPipeline(realData_);
    s.kind = JobKind::Stage2;
    QCOMPARE(missingInitialWeights(s, project, false), Kinds{InitialWeightsKind::ResNeSt101});

    // Once the ResNet-38 weights are imported, only the ResNeSt ones are missing.
    QVERIFY(touch(importedWeightsPath(project, InitialWeightsKind::ResNet38)));
    QCOMPARE(missingInitialWeights(paperPipeline(realData_), project, false), Kinds{InitialWeightsKind::ResNeSt101});
    s.kind = JobKind::Stage1;
    QVERIFY(missingInitialWeights(s, project, false).isEmpty());
  }

  void importedWeightsArePassedToTheJob() {
    const QString project = root_ + "/p2";
    JobSettings s = paperPipeline(realData_);
    QVERIFY(initialWeightsArguments(s, project).isEmpty());
    const QString resnet = importedWeightsPath(project, InitialWeightsKind::ResNet38);
    const QString resnest = importedWeightsPath(project, InitialWeightsKind::ResNeSt101);
    QVERIFY(touch(resnet));
    QCOMPARE(initialWeightsArguments(s, project), (QStringList{"--set", "stage1.init=" + resnet}));
    QVERIFY(touch(resnest));
    QCOMPARE(initialWeightsArguments(s, project),
             (QStringList{"--set", "stage1.init=" + resnet, "--set", "stage2.init=" + resnest}));
    s.kind = JobKind::Stage2;
    QCOMPARE(initialWeightsArguments(s, project), (QStringList{"--init", resnest}));
    s.preset = Preset::CpuDemo;
    QVERIFY(initialWeightsArguments(s, project).isEmpty());
  }

  void startAsksAndFollowsTheChoice() {
    const QString project = root_ + "/p3";
    const JobSettings s = paperPipeline(realData_);
    clickInWarningSoon("trainFromScratch");
    QVERIFY(InitialWeightsWarning::confirmStart(nullptr, s, project));
    clickInWarningSoon("cancel");
    QVERIFY(!InitialWeightsWarning::confirmStart(nullptr, s, project));

    // "Import weights…" opens the import dialog; closed without importing, the job does not start.
    bool sawDialog = false;
    clickInWarningSoon("importWeights");
    QTimer::singleShot(400, [&sawDialog] {
      auto* dialog = qobject_cast<InitialWeightsDialog*>(QApplication::activeModalWidget());
      sawDialog = dialog != nullptr;
      if (dialog) dialog->reject();
    });
    QVERIFY(!InitialWeightsWarning::confirmStart(nullptr, s, project));
    QVERIFY(sawDialog);

    // No question on the demo data, nor outside a project.
    QVERIFY(InitialWeightsWarning::confirmStart(nullptr, paperPipeline(demoData_), project));
    QVERIFY(InitialWeightsWarning::confirmStart(nullptr, s, QString()));
  }

  void warningScreenshot() {
    QTimer::singleShot(100, [] {
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      QVERIFY(box);
      box->grab().save(QString::fromStdString(arml::test::scratchDir("ui_screens_training")) + "/initial-weights-warning.png");
      box->button(QMessageBox::Cancel)->click();
    });
    QCOMPARE(InitialWeightsWarning::ask(nullptr, {InitialWeightsKind::ResNet38, InitialWeightsKind::ResNeSt101}),
             InitialWeightsWarning::Choice::Cancel);
  }
};

QTEST_MAIN(TestInitialWeightsWarning)
#include "test_initial_weights_warning.moc"
