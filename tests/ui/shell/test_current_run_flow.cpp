// Issue #16 as a user meets it: a project with two pipeline runs, the newer one still training.
// The demo goes review → correct → train stage 2 on reviewed masks (a real `arml train-seg` job
// started on the Training page) → Compare CAMs → Slides (P and Run inference, real `arml predict`),
// and the test asserts at each step which run, models and mask set the page uses: never the
// running run's, always the project's current run's, the choice made on one page holding on the
// others and after a restart. A second test switches projects: nothing of A's run is shown in B.
// Models and data are the tiny real ones of tests/support/tiny_runs.h (64-px patches); screenshots
// go to the scratch folder ui_current_run_flow.
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableWidget>
#include <QTabWidget>
#include <QtTest>

#include "../engine/slide/synthetic_tiff.h"
#include "test_paths.h"
#include "test_settings.h"
#include "tiny_runs.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/project/project.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/review/review_queue_model.h"
#include "ui/runs/current_run.h"
#include "ui/runs/runs_page.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/slides/slide_inference_dialog.h"
#include "ui/slides/slide_page.h"
#include "ui/training/job_settings.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"
#include "widgets/mask_canvas.h"
#include "widgets/review_queue_view.h"
#include "widgets/slide_view.h"

using namespace arml::ui;

namespace {

const QString kFinished = QStringLiteral("20260101-100000-pipeline");
const QString kRunning = QStringLiteral("20260102-100000-pipeline");

bool copy(const QString& from, const QString& to) {
  QDir().mkpath(QFileInfo(to).absolutePath());
  QFile::remove(to);
  return QFile::copy(from, to);
}

// An `arml pipeline` run's layout (engine/train/pipeline.cpp) holding the tiny real models and the
// demo's masks as its bn7 pseudo masks; finished with its summary.json, else running as the app's
// job.json records a job it started.
QString pipelineRun(const QString& runs, const QString& id, const arml::test::TinyRuns& tiny, bool finished) {
  const QString dir = runs + "/" + id;
  QDir().mkpath(dir);
  QFile config(dir + "/config.json");
  if (!config.open(QIODevice::WriteOnly)) return "cannot write " + config.fileName();
  config.write(R"({"config": {"data": {"dataset": "luad"}, "stage1": {"patch_size": 64}, "stage2": {"patch_size": 64}}})");
  config.close();
  bool ok = copy(tiny.classifier, dir + "/stage1/checkpoints/last.pt") &&
            copy(tiny.classifierFinal, dir + "/stage1/checkpoints/final.pt") &&
            copy(tiny.classifierFinal, dir + "/checkpoints/stage1.pt") &&
            copy(tiny.segmenter, dir + "/stage2/checkpoints/last.pt") &&
            copy(tiny.segmenter, dir + "/stage2/checkpoints/best.pt");
  for (const QFileInfo& m : QDir(tiny.data + "/train_mask").entryInfoList({"*.png"}, QDir::Files))
    ok = ok && copy(m.absoluteFilePath(), dir + "/masks/bn7/" + m.fileName());
  if (!ok) return "cannot copy the tiny run into " + dir;
  QFile last(finished ? dir + "/summary.json" : dir + "/job.json");
  if (!last.open(QIODevice::WriteOnly)) return "cannot write " + last.fileName();
  last.write(finished ? QByteArray("{}") : QByteArray(R"({"kind": "pipeline", "state": "running"})"));
  last.close();
  if (finished && !copy(tiny.segmenter, dir + "/checkpoints/stage2.pt")) return "cannot copy stage2.pt";
  return {};
}

void paintStroke(arml::widgets::MaskCanvas* canvas) {
  const QPoint from(canvas->width() / 2 - 40, canvas->height() / 2 - 40), to(canvas->width() / 2 + 40, canvas->height() / 2 + 40);
  QTest::mousePress(canvas, Qt::LeftButton, {}, from);
  for (int k = 1; k <= 5; ++k) QTest::mouseMove(canvas, from + (to - from) * k / 5);
  QTest::mouseRelease(canvas, Qt::LeftButton, {}, to);
}

QStringList comboData(const QComboBox* combo) {
  QStringList data;
  for (int i = 0; i < combo->count(); ++i) data << combo->itemData(i).toString();
  return data;
}

}  // namespace

class TestCurrentRunFlow : public QObject {
  Q_OBJECT
  QString root_, shots_;
  arml::test::TinyRuns tiny_;

  void shoot(QWidget* w, const QString& name) {
    QApplication::processEvents();
    QVERIFY(w->grab().save(shots_ + "/" + name + ".png"));
  }
  QString runs() const { return root_ + "/project/runs"; }
  QString runPath(const QString& id, const QString& relative) const { return runs() + "/" + id + "/" + relative; }
  // A project whose runs/ holds the finished and the running pipeline.
  QString makeProject(const QString& name) {
    const QString folder = root_ + "/" + name;
    QDir(folder).removeRecursively();
    Project p;
    QString error;
    if (!Project::create(folder, name, tiny_.data, &p, &error)) return "cannot create the project: " + error;
    for (const auto& [id, finished] : {std::pair{kFinished, true}, std::pair{kRunning, false}})
      if (const QString e = pipelineRun(p.runsDir(), id, tiny_, finished); !e.isEmpty()) return e;
    return {};
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_current_run_flow");
    AppSettings settings = AppSettings::load();  // the jobs run the built `arml`
    settings.armlProgram = QString::fromStdString(arml::test::cliPath());
    settings.save();
    root_ = QString::fromStdString(arml::test::scratchDir("ui_current_run_flow"));
    shots_ = root_ + "/shots";
    QDir().mkpath(shots_);
    tiny_ = arml::test::makeTinyRuns(QString::fromStdString(arml::test::scratchDir("ui_current_run_flow_tiny")));
    QVERIFY2(tiny_.ok(), qPrintable(tiny_.error));
    const QString e = makeProject("project");
    QVERIFY2(e.isEmpty(), qPrintable(e));
    // The running run's files are the newest: a "newest checkpoint" rule would pick them.
    QDateTime later = QDateTime::currentDateTime().addSecs(60);
    for (const QString& f : {runPath(kRunning, "stage1/checkpoints/last.pt"), runPath(kRunning, "stage2/checkpoints/best.pt"),
                             runPath(kRunning, "stage2/checkpoints/last.pt")}) {
      QFile file(f);
      QVERIFY(file.open(QIODevice::ReadWrite));
      QVERIFY(file.setFileTime(later, QFileDevice::FileModificationTime));
    }
  }

  void reviewCorrectTrainCompareSlides() {
    const QString project = root_ + "/project";
    const QString finishedMasks = runPath(kFinished, "masks/bn7");
    auto w = std::make_unique<MainWindow>();
    w->resize(1400, 900);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(w->openProjectFolder(project));
    CurrentRun* current = w->currentRun();

    // 1. The project opens on the newest *finished* run, shown in the status bar.
    QCOMPARE(current->id(), kFinished);
    QVERIFY(!current->isExplicit());
    QVERIFY2(w->currentRunLabel()->text().startsWith("Run: " + kFinished + " · stage 1: stage1.pt · stage 2: stage2.pt · masks: bn7"),
             qPrintable(w->currentRunLabel()->text()));
    QVERIFY(w->currentRunLabel()->toolTip().contains(runPath(kFinished, "checkpoints/stage2.pt")));
    w->showPage(MainWindow::RunsPageIndex);
    RunsPage* runsPage = w->runsPage();
    const int finishedRow = runsPage->currentRunRow();
    QVERIFY(finishedRow >= 0);
    QCOMPARE(runsPage->runs()[finishedRow].id, kFinished);
    QCOMPARE(runsPage->table()->item(finishedRow, 0)->text(), kFinished + " (current)");
    // The running run cannot be made current.
    const int runningRow = 1 - finishedRow;
    runsPage->table()->selectRow(runningRow);
    QVERIFY(runsPage->useRunButton()->isEnabled());
    QTest::mouseClick(runsPage->useRunButton(), Qt::LeftButton);
    QCOMPARE(current->id(), kFinished);
    shoot(w.get(), "flow-1-runs-page-running-run-refused");

    // 2. Review: the finished run's masks; a patch corrected and saved.
    w->showPage(MainWindow::ReviewPageIndex);
    ReviewPage* review = w->reviewPage();
    ReviewQueueController* queue = review->queue();
    QCOMPARE(queue->model()->maskSet(), finishedMasks);
    const QString stem = queue->currentStem();
    QVERIFY(!stem.isEmpty());
    review->canvas()->setFocus();
    QTest::keyClick(review->canvas(), Qt::Key_2);
    paintStroke(review->canvas());
    QTest::keyClick(review->canvas(), Qt::Key_S, Qt::ControlModifier);
    const QString correction = project + "/edits/" + stem + ".png";
    QVERIFY(QFile::exists(correction));
    // Review scores use the current run's models.
    const QStringList scores = queue->scoresArguments();
    QCOMPARE(scores.value(scores.indexOf("--cls") + 1), runPath(kFinished, "stage1/checkpoints/last.pt"));
    QCOMPARE(scores.value(scores.indexOf("--seg") + 1), runPath(kFinished, "stage2/checkpoints/last.pt"));
    shoot(w.get(), "flow-2-review-corrected");

    // 3. Compare CAMs: the current run's models, none of the running run's; the saved correction.
    auto* tabs = review->findChild<QTabWidget*>();
    QVERIFY(tabs);
    CamComparePage* compare = review->camCompare();
    tabs->setCurrentWidget(compare);
    QCOMPARE(compare->controller()->checkpoints().arsClassifier, runPath(kFinished, "stage1/checkpoints/last.pt"));
    QCOMPARE(compare->controller()->checkpoints().segmenter, runPath(kFinished, "checkpoints/stage2.pt"));
    compare->rescanRuns();
    for (QComboBox* combo : compare->findChildren<QComboBox*>())
      for (const QString& item : comboData(combo)) QVERIFY2(!item.contains(kRunning), qPrintable(item));
    QTRY_VERIFY_WITH_TIMEOUT(!compare->controller()->isBusy() && compare->controller()->imagePath().contains(stem), 60000);
    QVERIFY(compare->controller()->showsCorrection());
    shoot(w.get(), "flow-3-compare-cams-correction");

    // 4. Train stage 2 on reviewed masks: the current run's mask set and the project's corrections;
    // a real (tiny) job.
    tabs->setCurrentIndex(0);
    QTest::mouseClick(queue->view()->trainButton(), Qt::LeftButton);
    TrainingPage* training = w->trainingPage();
    JobSettings s = training->settings();
    QVERIFY(s.kind == JobKind::Stage2);
    QCOMPARE(s.masks, finishedMasks);
    QCOMPARE(QDir::cleanPath(s.edits), QDir::cleanPath(project + "/edits"));
    s.arch = "resnet38d-lite";
    s.epochs = 1;
    s.batch = 2;
    s.patchSize = 64;
    s.device = "cpu";
    s.threads = 2;
    training->setSettings(s);
    QSignalSpy finished(training, &TrainingPage::runFinished);
    training->start();
    QVERIFY(training->isJobActive());
    QVERIFY(finished.wait(150000));
    QVERIFY2(training->controller()->state() == RunController::State::Finished, qPrintable(training->controller()->failureMessage()));
    const QString stage2Run = QFileInfo(finished.first().first().toString()).fileName();
    shoot(w.get(), "flow-4-stage2-trained");

    // The new stage-2 run is the newest finished one: current, its stage 1 from the run whose
    // masks it trained on.
    QCOMPARE(current->id(), stage2Run);
    QCOMPARE(current->stage1SourceRun(), kFinished);
    QCOMPARE(current->stage1Checkpoint(), runPath(kFinished, "checkpoints/stage1.pt"));
    QCOMPARE(current->maskSetDir(), finishedMasks);
    const QString stage2Model = current->stage2Checkpoint();
    QVERIFY2(stage2Model.startsWith(runs() + "/" + stage2Run + "/checkpoints/"), qPrintable(stage2Model));
    QVERIFY2(w->currentRunLabel()->text().contains("masks: " + kFinished + "/bn7"), qPrintable(w->currentRunLabel()->text()));

    // 5. Compare CAMs follows: the ARS classifier of the masks' run, the new segmenter.
    QCOMPARE(compare->controller()->checkpoints().arsClassifier, runPath(kFinished, "stage1/checkpoints/last.pt"));
    QCOMPARE(compare->controller()->checkpoints().segmenter, stage2Model);

    // 6. Slides: P and C use the current run's models at its training size.
    const QString slidePath = root_ + "/pattern.tif";
    cv::Mat img(384, 512, CV_8UC3, cv::Scalar(200, 120, 230));
    img(cv::Rect(0, 0, 256, 384)).setTo(cv::Scalar(230, 200, 120));
    arml::test::writeRgbPyramid(slidePath.toStdString(), img, 2);
    w->showPage(MainWindow::SlidesPageIndex);
    SlidePage* slides = w->slidePage();
    slides->setArmlProgram(QString::fromStdString(arml::test::cliPath()));
    QSignalSpy opened(slides->view(), &arml::widgets::SlideView::slideOpened);
    slides->openSlide(slidePath);
    QVERIFY(opened.wait(30000));
    auto* segmenterEdit = slides->findChild<QLineEdit*>("segmenterPath");
    auto* classifierEdit = slides->findChild<QLineEdit*>("classifierPath");
    QCOMPARE(segmenterEdit->text(), stage2Model);
    QCOMPARE(classifierEdit->text(), runPath(kFinished, "checkpoints/stage1.pt"));
    QCOMPARE(slides->patchSizeSpin()->value(), 64);
    QCOMPARE(slides->modelSourceLabel()->text(),
             "Segmenter: current run " + stage2Run + " · classifier: run " + kFinished + " (the current run's stage 1)");
    QSignalSpy live(slides, &SlidePage::liveLayerFinished);
    slides->predictView();
    QVERIFY(live.wait(60000));
    QCOMPARE(live.first().first().toBool(), true);
    shoot(w.get(), "flow-5-slides-predict-view");

    // 7. The user picks the finished pipeline on the Runs page: every page follows.
    w->showPage(MainWindow::RunsPageIndex);
    runsPage->refresh();
    for (int r = 0; r < runsPage->runs().size(); ++r)
      if (runsPage->runs()[r].id == kFinished) runsPage->table()->selectRow(r);
    QTest::mouseClick(runsPage->useRunButton(), Qt::LeftButton);
    QCOMPARE(current->id(), kFinished);
    QVERIFY(current->isExplicit());
    QCOMPARE(runsPage->runs()[runsPage->currentRunRow()].id, kFinished);
    QCOMPARE(segmenterEdit->text(), runPath(kFinished, "checkpoints/stage2.pt"));
    QCOMPARE(compare->controller()->checkpoints().segmenter, runPath(kFinished, "checkpoints/stage2.pt"));
    QCOMPARE(queue->model()->maskSet(), finishedMasks);
    shoot(w.get(), "flow-6-runs-page-use-this-run");

    // 8. Run inference with the stage-2 run's model: that run becomes current, P reuses the model.
    w->showPage(MainWindow::SlidesPageIndex);
    slides->chooseSlideInference();
    SlideInferenceDialog* dialog = slides->inferenceDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->modelEdit()->text(), runPath(kFinished, "checkpoints/stage2.pt"));  // the current run's
    QCOMPARE(dialog->tileSpin()->value(), 64);
    dialog->modelEdit()->setText(stage2Model);
    dialog->resolutionCombo()->setCurrentIndex(
        dialog->resolutionCombo()->findData(int(SlideInferenceSettings::Resolution::Level)));
    dialog->levelSpin()->setValue(1);  // 256 × 192 px: 12 tiles of 64
    shoot(dialog, "flow-7-slide-inference-dialog");
    QSignalSpy inferred(slides, &SlidePage::slideInferenceFinished);
    dialog->accept();
    QCOMPARE(current->id(), stage2Run);
    QCOMPARE(segmenterEdit->text(), stage2Model);
    QVERIFY(inferred.wait(120000));
    QVERIFY2(inferred.first().first().toBool(), qPrintable(slides->messageLabel()->text()));
    shoot(w.get(), "flow-8-slides-inference-done");
    w.reset();

    // 9. After a restart the choice holds: the Slides page's models are the inference run's.
    MainWindow again;
    again.resize(1400, 900);
    QVERIFY(again.openProjectFolder(project));
    QCOMPARE(again.currentRun()->id(), stage2Run);
    QVERIFY(again.currentRun()->isExplicit());
    QCOMPARE(again.slidePage()->findChild<QLineEdit*>("segmenterPath")->text(), stage2Model);
    QCOMPARE(again.slidePage()->findChild<QLineEdit*>("classifierPath")->text(), runPath(kFinished, "checkpoints/stage1.pt"));
    QCOMPARE(again.reviewPage()->camCompare()->controller()->checkpoints().segmenter, stage2Model);
    again.show();
    again.showPage(MainWindow::SlidesPageIndex);
    shoot(&again, "flow-9-after-restart");
  }

  // Project A with a chosen run and a corrected patch, then project B: nothing of A's run is shown
  // or chosen in B, and A's choice file is not written.
  void switchingProjectsShowsNothingOfTheFirstRun() {
    const QString a = root_ + "/project";
    const QString e = makeProject("project-b");
    QVERIFY2(e.isEmpty(), qPrintable(e));
    const QString b = root_ + "/project-b";
    QVERIFY(QDir(b + "/runs/" + kFinished).removeRecursively());  // B: only a running run
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openProjectFolder(a));
    QVERIFY(w.currentRun()->choose(kFinished));
    QFile state(CurrentRun::stateFile(a));
    QVERIFY(state.open(QIODevice::ReadOnly));
    const QByteArray aState = state.readAll();
    state.close();
    QVERIFY(w.currentRunLabel()->text().contains(kFinished));
    shoot(&w, "switch-1-project-a");

    QVERIFY(w.openProjectFolder(b));
    QVERIFY(!w.currentRun()->isValid());  // its only run is still training
    QCOMPARE(w.currentRunLabel()->text(), QString("Run: none finished yet"));
    QCOMPARE(w.slidePage()->findChild<QLineEdit*>("segmenterPath")->text(), QString());
    QCOMPARE(w.slidePage()->findChild<QLineEdit*>("classifierPath")->text(), QString());
    QCOMPARE(w.reviewPage()->camCompare()->controller()->checkpoints().arsClassifier, QString());
    QCOMPARE(w.reviewPage()->camCompare()->controller()->checkpoints().segmenter, QString());
    QVERIFY(w.reviewPage()->queue()->scoresArguments().join(' ').indexOf(a + "/") < 0);
    QCOMPARE(w.runsPage()->currentRunRow(), -1);
    QVERIFY(!QFile::exists(CurrentRun::stateFile(b)));
    QVERIFY(state.open(QIODevice::ReadOnly));
    QCOMPARE(state.readAll(), aState);
    shoot(&w, "switch-2-project-b");
  }
};

QTEST_MAIN(TestCurrentRunFlow)
#include "test_current_run_flow.moc"
