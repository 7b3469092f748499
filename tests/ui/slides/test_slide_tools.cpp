// The Slides page's tools on real tiny models made by the `arml` CLI (tests/support/tiny_runs.h):
// "Run inference on this slide…" (an arml predict child job with progress, Stop and failure
// messages, the result opened as the overlay), "Predict this view" and the CAM layer (in-process
// engine plugin on a worker thread, cancelled when the view moves away or a new request starts), and
// a drawn region sent to the project's review queue. Screenshots go to slide_tools_shots/.
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <filesystem>
#include <set>

#include "../engine/slide/synthetic_tiff.h"
#include "data/palette_png.h"
#include "data/review_state.h"
#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "test_paths.h"
#include "tiny_runs.h"
#include "ui/project/project.h"
#include "ui/runs/run_checkpoints.h"
#include "ui/slides/slide_inference_dialog.h"
#include "ui/slides/slide_page.h"
#include "ui/slides/slide_toolbar.h"
#include "ui/training/run_controller.h"
#include "widgets/slide_view.h"

using namespace arml;
using arml::widgets::SlideView;
namespace fs = std::filesystem;

namespace {

constexpr int kW = 2048, kH = 1536;

// Quadrants of distinct colours with dark lines every 64 px (as in test_slide_view).
cv::Mat patternImage() {
  cv::Mat img(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      const bool right = x >= kW / 2, bottom = y >= kH / 2;
      cv::Vec3b c = !right && !bottom ? cv::Vec3b(230, 200, 120)
                    : right && !bottom ? cv::Vec3b(120, 200, 230)
                    : !right           ? cv::Vec3b(200, 120, 230)
                                       : cv::Vec3b(180, 230, 180);
      img.at<cv::Vec3b>(y, x) = (x % 64 < 2 || y % 64 < 2) ? cv::Vec3b(40, 40, 40) : c;
    }
  return img;
}

// Mask at slide downsample 4: class 0 on the left half, 2 on the right, background (4) below 3/4.
int maskClassAt(double x0, double y0) {
  const int mx = int(std::floor(x0 / 4)), my = int(std::floor(y0 / 4));
  if (my >= kH / 4 * 3 / 4) return 4;
  return mx >= kW / 8 ? 2 : 0;
}

std::string writeMaskFile(const std::string& dir) {
  cv::Mat mask(kH / 4, kW / 4, CV_8U);
  for (int y = 0; y < mask.rows; ++y)
    for (int x = 0; x < mask.cols; ++x) mask.at<std::uint8_t>(y, x) = std::uint8_t(maskClassAt(x * 4.0, y * 4.0));
  slide::MaskPyramidMetadata meta;
  meta.slideDownsample = 4.0;
  const std::string path = dir + "/mask.tif";
  slide::writeMaskPyramid(path, mask, meta);
  return path;
}

void saveShot(QWidget& w, const QString& name) {
  static const std::string dir = test::scratchDir("slide_tools_shots");
  w.grab().save(QString::fromStdString(dir) + "/" + name + ".png");
}

bool openSlide(ui::SlidePage& page, const QString& path) {
  QSignalSpy opened(page.view(), &SlideView::slideOpened);
  page.openSlide(path);
  if (!opened.wait(30000)) return false;
  return QTest::qWaitFor([&] { return page.view()->isViewComplete(); }, 30000);
}

// A Slides page running the built `arml`, shown at `size`, in `project` when one is given (set
// before the slide opens, as a user would have it), with `slide` opened.
bool showSlide(ui::SlidePage& page, const QString& slide, QSize size, const ui::Project* project = nullptr) {
  page.setArmlProgram(QString::fromStdString(test::cliPath()));
  page.resize(size);
  page.show();
  if (project) page.setProject(project);
  return openSlide(page, slide);
}

void sendMouse(QWidget& w, QEvent::Type type, const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
  QMouseEvent e(type, pos, w.mapToGlobal(pos), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(&w, &e);
}

void drag(QWidget& w, const QPointF& from, const QPointF& to) {
  sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
  sendMouse(w, QEvent::MouseMove, (from + to) / 2, Qt::NoButton, Qt::LeftButton);
  sendMouse(w, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
  sendMouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

ui::Project makeProject(const QString& folder) {
  QDir(folder).removeRecursively();
  ui::Project p;
  QString error;
  if (!ui::Project::create(folder, QStringLiteral("slides"), QString(), &p, &error)) qFatal("%s", qPrintable(error));
  return p;
}

// Share of pixels whose colour differs between two grabs of the same widget.
double changedShare(const QImage& a, const QImage& b) {
  int changed = 0, total = 0;
  for (int y = 0; y < a.height(); y += 3)
    for (int x = 0; x < a.width(); x += 3, ++total)
      if (a.pixel(x, y) != b.pixel(x, y)) ++changed;
  return total ? double(changed) / total : 0;
}

}  // namespace

class TestSlideTools : public QObject {
  Q_OBJECT
  QString scratch_, cmu_;
  test::TinyRuns runs_;

private Q_SLOTS:
  void initTestCase();
  void argumentsAndNewestCheckpoint();
  void dialogAsksForALevelWithoutResolution();
  void slideJobOpensItsResultAsOverlay();
  void stopEndsTheSlideJob();
  void failedSlideJobShowsItsLastLines();
  void regionGoesToTheReviewQueue();
  void polygonRegionKeepsThePatchesInside();
  void predictThisViewFillsALiveLayer();
  void movingAwayOrANewRequestCancels();
  void camLayerPerClassAndColourMap();
  void tooLargeAViewIsRefused();
};

void TestSlideTools::initTestCase() {
  scratch_ = QString::fromStdString(test::scratchDir("slide_tools"));
  runs_ = test::makeTinyRuns(QString::fromStdString(test::scratchDir("slide_tools_runs")));
  QVERIFY2(runs_.ok(), qPrintable(runs_.error));
  cmu_ = QString::fromStdString(test::sharedPath("data/wsi/CMU-1-Small-Region.svs"));
}

void TestSlideTools::argumentsAndNewestCheckpoint() {
  ui::SlideInferenceSettings s;
  s.slide = "/d/slide.svs";
  s.model = "/m/best.pt";
  s.output = "/o/slide.mask.tiff";
  s.resolution = ui::SlideInferenceSettings::Resolution::UmPerPx;
  s.umPerPx = 1.0;
  s.device = "cpu";
  QCOMPARE(ui::predictArguments(s), (QStringList{"--events", "-", "--device", "cpu", "predict", "--model", "/m/best.pt",
                                                 "--input", "/d/slide.svs", "--out", "/o/slide.mask.tiff", "--tile-size",
                                                 "224", "--mpp", "1"}));
  s.resolution = ui::SlideInferenceSettings::Resolution::Level;
  s.level = 2;
  s.slideUmPerPx = 0.25;
  s.threads = 3;
  const QStringList a = ui::predictArguments(s);
  QVERIFY(a.mid(4, 2) == (QStringList{"--threads", "3"}));
  QVERIFY(a.join(' ').endsWith("--level 2 --um-per-px 0.25"));

  // Among a stage-1 run, a stage-2 run and a pipeline run, the newest stage-2 model wins.
  const QString runs = scratch_ + "/runs";
  auto touch = [](const QString& path, int ageSeconds) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
    f.close();
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-ageSeconds), QFileDevice::FileModificationTime));
  };
  touch(runs + "/20260101-stage1/checkpoints/best.pt", 10);  // newest file, but stage 1
  touch(runs + "/20260102-stage2/checkpoints/best.pt", 300);
  touch(runs + "/20260103-pipeline/checkpoints/stage2.pt", 100);
  touch(runs + "/20260103-pipeline/checkpoints/stage1.pt", 5);
  QCOMPARE(ui::defaultSegmenter(ui::findRunCheckpoints(runs)), QFileInfo(runs + "/20260103-pipeline/checkpoints/stage2.pt").absoluteFilePath());
  touch(runs + "/20260102-stage2/checkpoints/best.pt", 50);
  QCOMPARE(ui::defaultSegmenter(ui::findRunCheckpoints(runs)), QFileInfo(runs + "/20260102-stage2/checkpoints/best.pt").absoluteFilePath());
  QCOMPARE(ui::defaultSegmenter(ui::findRunCheckpoints(scratch_ + "/no-runs")), QString());
}

void TestSlideTools::dialogAsksForALevelWithoutResolution() {
  const std::string dir = test::scratchDir("slide_tools_dialog");
  const QString slidePath = QString::fromStdString(dir + "/pattern.tif");
  test::writeRgbPyramid(slidePath.toStdString(), patternImage(), 3);
  ui::SlidePage page;
  page.resize(1000, 700);
  page.show();
  QVERIFY(openSlide(page, slidePath));
  page.chooseSlideInference();
  ui::SlideInferenceDialog* dialog = page.inferenceDialog();
  QVERIFY(dialog && dialog->isVisible());
  // No project: no default model, the result goes beside the slide; no µm/px: a level by default.
  QCOMPARE(dialog->modelEdit()->text(), QString());
  QCOMPARE(dialog->outputEdit()->text(), QString::fromStdString(dir) + "/pattern.mask.tiff");
  QCOMPARE(dialog->resolutionCombo()->currentData().toInt(), int(ui::SlideInferenceSettings::Resolution::Level));
  QCOMPARE(dialog->levelSpin()->maximum(), 2);
  QVERIFY(dialog->slideUmPerPxSpin()->isVisible());
  auto* run = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
  auto* problem = dialog->findChild<QLabel*>("inferenceProblem");
  QTest::mouseClick(run, Qt::LeftButton);
  QVERIFY(dialog->isVisible());
  QCOMPARE(problem->text(), QString("Choose a stage-2 checkpoint."));
  dialog->modelEdit()->setText(runs_.segmenter);
  dialog->resolutionCombo()->setCurrentIndex(
      dialog->resolutionCombo()->findData(int(ui::SlideInferenceSettings::Resolution::UmPerPx)));
  QTest::mouseClick(run, Qt::LeftButton);
  QVERIFY(dialog->isVisible());
  QVERIFY2(problem->text().startsWith("pattern.tif does not state its µm per pixel"), qPrintable(problem->text()));
  saveShot(*dialog, "inference_dialog_no_resolution");
  // Giving the slide's own resolution makes µm/px usable; it is passed on as --um-per-px.
  dialog->slideUmPerPxSpin()->setValue(0.5);
  QCOMPARE(dialog->problem(), QString());
  QVERIFY(ui::predictArguments(dialog->settings()).join(' ').endsWith("--mpp 1 --um-per-px 0.5"));
  dialog->reject();
  QVERIFY(!page.isInferenceRunning());
}

void TestSlideTools::slideJobOpensItsResultAsOverlay() {
  if (cmu_.isEmpty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  // The tiny segmenter sits in the project's runs/ as a stage-2 run, so the dialog picks it.
  const ui::Project project = makeProject(scratch_ + "/job-project");
  const QString model = project.runsDir() + "/20260101-120000-stage2/checkpoints/best.pt";
  QDir().mkpath(QFileInfo(model).absolutePath());
  QVERIFY(QFile::copy(runs_.segmenter, model));

  ui::SlidePage page;
  QVERIFY(showSlide(page, cmu_, {1200, 760}, &project));
  QVERIFY(page.runInferenceButton()->isEnabled());
  // The toolbar's icon stands for the button (issue #15).
  QVERIFY(page.toolbar()->runInference()->isEnabled());
  QTest::mouseClick(page.toolbar()->widgetForAction(page.toolbar()->runInference()), Qt::LeftButton);
  ui::SlideInferenceDialog* dialog = page.inferenceDialog();
  QVERIFY(dialog && dialog->isVisible());
  QCOMPARE(dialog->modelEdit()->text(), QFileInfo(model).absoluteFilePath());
  QCOMPARE(dialog->resolutionCombo()->currentData().toInt(), int(ui::SlideInferenceSettings::Resolution::UmPerPx));
  QVERIFY(dialog->outputEdit()->text().endsWith("slide-predictions/CMU-1-Small-Region.mask.tiff"));
  QVERIFY(!dialog->slideUmPerPxSpin()->isVisible());  // the slide states its µm/px
  dialog->umPerPxSpin()->setValue(2.0);                // 555 x 742 px: 12 tiles of 224
  saveShot(*dialog, "inference_dialog");

  QSignalSpy progress(page.inferenceJob(), &ui::RunController::progressReceived);
  QSignalSpy finished(&page, &ui::SlidePage::slideInferenceFinished);
  QSignalSpy overlay(page.view(), &SlideView::overlayOpened);
  QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
  QVERIFY(!dialog->isVisible());
  QVERIFY(page.isInferenceRunning());
  QVERIFY(page.inferenceProgress()->isVisible());
  QVERIFY(!page.runInferenceButton()->isEnabled());
  QVERIFY(progress.wait(120000));
  saveShot(page, "inference_running");
  QVERIFY(finished.wait(180000));
  QCOMPARE(finished.first().first().toBool(), true);
  QVERIFY2(page.inferenceJob()->state() == ui::RunController::State::Finished,
           qPrintable(page.inferenceJob()->failureMessage()));

  // Progress counted the tiles of the grid up to all of them.
  QVERIFY(progress.size() >= 2);
  double last = -1;
  for (const auto& args : progress) {
    const QJsonObject e = args.first().toJsonObject();
    QCOMPARE(e.value("stage").toString(), QString("predict-slide"));
    QVERIFY(e.value("done").toDouble() > last);
    last = e.value("done").toDouble();
  }
  const QJsonObject end = progress.last().first().toJsonObject();
  QCOMPARE(end.value("done").toDouble(), end.value("total").toDouble());
  QCOMPARE(end.value("total").toDouble(), 12.0);  // 3 x 4 tiles of 224 px over 555 x 742

  // The result is the overlay, at the working resolution, with the model's classes.
  QVERIFY(overlay.size() == 1 || overlay.wait(20000));
  QVERIFY(page.view()->hasOverlay());
  const QString out = project.folder() + "/slide-predictions/CMU-1-Small-Region.mask.tiff";
  QVERIFY(QFileInfo::exists(out));
  QVERIFY(std::abs(page.view()->sharedOverlay()->metadata().slideDownsample - 2.0 / 0.499) < 0.01);
  QCOMPARE(page.classChecks().size(), 4);
  QVERIFY(page.overlayCheck()->isEnabled() && page.overlayCheck()->isChecked());
  QVERIFY2(page.messageLabel()->text().contains("finished"), qPrintable(page.messageLabel()->text()));
  QVERIFY(!page.inferenceProgress()->isVisible());
  QTRY_VERIFY_WITH_TIMEOUT(page.view()->isViewComplete(), 20000);
  saveShot(page, "inference_overlay");
}

void TestSlideTools::stopEndsTheSlideJob() {
  if (cmu_.isEmpty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  ui::SlidePage page;
  QVERIFY(showSlide(page, cmu_, {1000, 700}));
  ui::SlideInferenceSettings s;
  s.slide = cmu_;
  s.model = runs_.segmenter;
  s.output = scratch_ + "/stopped/cmu.tiff";
  s.resolution = ui::SlideInferenceSettings::Resolution::Level;  // level 0: 10 x 14 tiles
  s.device = "cpu";
  QSignalSpy progress(page.inferenceJob(), &ui::RunController::progressReceived);
  QSignalSpy finished(&page, &ui::SlidePage::slideInferenceFinished);
  page.startSlideInference(s);
  QVERIFY(progress.wait(120000));
  QVERIFY(page.inferenceLabel()->text().contains("tiles"));
  QVERIFY(page.inferenceLabel()->text().contains("left"));
  QVERIFY(page.inferenceProgress()->value() > 0);
  QTest::mouseClick(page.stopInferenceButton(), Qt::LeftButton);
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.first().first().toBool(), false);
  QCOMPARE(page.inferenceJob()->state(), ui::RunController::State::Cancelled);
  QVERIFY(page.messageLabel()->text().contains("stopped"));
  QVERIFY(!page.view()->hasOverlay());
  QVERIFY(QFileInfo::exists(s.output + ".resume.json"));  // the job saved where it was
  QVERIFY(page.runInferenceButton()->isEnabled());
}

void TestSlideTools::failedSlideJobShowsItsLastLines() {
  if (cmu_.isEmpty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  ui::SlidePage page;
  QVERIFY(showSlide(page, cmu_, {1000, 700}));
  const QString notAModel = scratch_ + "/not-a-model.pt";
  {
    QFile f(notAModel);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a checkpoint\n");
  }
  ui::SlideInferenceSettings s;
  s.slide = cmu_;
  s.model = notAModel;
  s.output = scratch_ + "/failed/cmu.tiff";
  s.device = "cpu";
  QSignalSpy finished(&page, &ui::SlidePage::slideInferenceFinished);
  page.startSlideInference(s);
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.first().first().toBool(), false);
  QCOMPARE(page.inferenceJob()->state(), ui::RunController::State::Failed);
  const QString text = page.messageLabel()->text();
  QVERIFY2(text.startsWith("Slide inference failed") && text.contains("not-a-model.pt"), qPrintable(text));
  QVERIFY(page.messageLabel()->isVisible());
  saveShot(page, "inference_failed");
}

void TestSlideTools::regionGoesToTheReviewQueue() {
  const std::string dir = test::scratchDir("slide_tools_region");
  const QString slidePath = QString::fromStdString(dir + "/pattern.tif");
  test::writeRgbPyramid(slidePath.toStdString(), patternImage(), 3);
  const QString maskPath = QString::fromStdString(writeMaskFile(dir));
  const ui::Project project = makeProject(QString::fromStdString(dir) + "/project");

  ui::SlidePage page;
  QVERIFY(showSlide(page, slidePath, {1100, 700}));
  QVERIFY(!page.regionButton()->isEnabled());  // no project: nowhere to send regions
  page.setProject(&project);
  QVERIFY(page.regionButton()->isEnabled());
  QSignalSpy overlay(page.view(), &SlideView::overlayOpened);
  page.openOverlay(maskPath);
  QVERIFY(overlay.wait(10000));
  // The pattern has no µm/px: the working resolution is a level; level 1 (downsample 2), 64-px patches.
  QCOMPARE(page.resolutionModeCombo()->currentIndex(), 1);
  page.resolutionLevelSpin()->setValue(1);
  page.patchSizeSpin()->setValue(64);

  SlideView* view = page.view();
  view->setView(QPointF(900, 900), 2.0);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 20000);
  view->setFocus();
  QTest::keyClick(view, Qt::Key_S);
  QVERIFY(view->regionTool());
  QVERIFY(page.regionButton()->isChecked());
  // The toolbar shows the active tool. The key works with the focus anywhere on the page (here a
  // combo box), but a number field takes it as typed (issue #15).
  ui::SlideToolbar* bar = page.toolbar();
  QVERIFY(bar->region()->isChecked() && !bar->pan()->isChecked());
  QVERIFY(bar->region()->toolTip().startsWith("Send region to review (S)"));
  page.resolutionModeCombo()->setFocus();
  QTest::keyClick(page.resolutionModeCombo(), Qt::Key_S);
  QVERIFY(!view->regionTool());
  QVERIFY(bar->pan()->isChecked() && !bar->region()->isChecked());
  QCOMPARE(page.resolutionModeCombo()->currentIndex(), 1);
  page.patchSizeSpin()->setFocus();
  QTest::keyClick(page.patchSizeSpin(), Qt::Key_S);
  QVERIFY(!view->regionTool());
  QCOMPARE(page.patchSizeSpin()->value(), 64);
  bar->region()->trigger();  // the icon
  QVERIFY(view->regionTool() && page.regionButton()->isChecked());
  bar->pan()->trigger();
  QVERIFY(!view->regionTool() && !bar->region()->isChecked());
  view->setFocus();
  QTest::keyClick(view, Qt::Key_S);
  QVERIFY(view->regionTool());
  // A 460 x 300 level-0 rectangle: 230 x 150 level-1 px, i.e. 3 x 2 whole 64-px patches.
  const QPointF a = view->toWidget(QPointF(700, 800)), b = view->toWidget(QPointF(1160, 1100));
  QSignalSpy sent(&page, &ui::SlidePage::regionSent);
  drag(*view, a, b);
  QVERIFY(std::abs(view->selectedRegion().width() - 460) < 2.1 && std::abs(view->selectedRegion().height() - 300) < 2.1);
  saveShot(page, "region_drawn");
  QVERIFY(sent.wait(20000));
  const auto result = sent.first().first().value<ui::RegionExportResult>();
  QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
  QCOMPARE(result.images.size(), 6);
  QCOMPARE(result.masks, 6);
  QCOMPARE(result.added, 6);
  QVERIFY(!view->regionTool());
  QVERIFY2(page.messageLabel()->text().contains("6 patch(es) sent to the review queue"),
           qPrintable(page.messageLabel()->text()));

  // Each patch is the slide's level 1 at its place (stem: level-0 corner and side), the mask the
  // overlay's classes for the same pixels, and review.json lists it as unreviewed.
  slide::SlideReader reader(slidePath.toStdString());
  const data::ReviewFile review = data::ReviewFile::load((project.folder() + "/review.json").toStdString());
  QCOMPARE(int(review.patches().size()), 6);
  std::set<int> classesSeen;
  for (const QString& image : result.images) {
    const QString stem = QFileInfo(image).completeBaseName();
    const QRegularExpressionMatch m = QRegularExpression("^pattern_x(\\d+)_y(\\d+)_s(\\d+)$").match(stem);
    QVERIFY2(m.hasMatch(), qPrintable(stem));
    const int x0 = m.captured(1).toInt(), y0 = m.captured(2).toInt();
    QCOMPARE(m.captured(3).toInt(), 128);
    QVERIFY(x0 >= 700 && x0 + 128 <= 1160 && y0 >= 800 && y0 + 128 <= 1100);
    const QImage png = QImage(image).convertToFormat(QImage::Format_RGB888);
    QCOMPARE(png.size(), QSize(64, 64));
    const cv::Mat want = reader.readRegion(1, x0, y0, 64, 64);
    for (int y = 0; y < 64; ++y) QVERIFY(std::memcmp(png.constScanLine(y), want.ptr(y), 64 * 3) == 0);
    const cv::Mat mask = data::readIndexMask((QFileInfo(image).absolutePath() + "/" + stem + "_mask.png").toStdString());
    for (int y = 0; y < 64; y += 3)
      for (int x = 0; x < 64; x += 3) {
        const int want = maskClassAt(x0 + (x + 0.5) * 2, y0 + (y + 0.5) * 2);
        QCOMPARE(int(mask.at<std::uint8_t>(y, x)), want);
        classesSeen.insert(want);
      }
    const data::PatchReview entry = review.get(stem.toStdString());
    QCOMPARE(entry.state, data::ReviewState::Unreviewed);
    QCOMPARE(QString::fromStdString(entry.image), "slide-patches/pattern/" + stem + ".png");
  }
  QVERIFY(classesSeen.size() >= 2);  // the region straddles the class boundary

  // Sending an overlapping region again keeps what the reviewer decided about patches already listed.
  data::ReviewFile decided = review;
  const std::string firstStem = QFileInfo(result.images.first()).completeBaseName().toStdString();
  decided.set(firstStem, data::ReviewState::Accepted);
  decided.save((project.folder() + "/review.json").toStdString());
  QSignalSpy again(&page, &ui::SlidePage::regionSent);
  page.sendRegionToReview(QRectF(700, 800, 460, 300));
  QVERIFY(again.wait(20000));
  QCOMPARE(again.first().first().value<ui::RegionExportResult>().added, 0);
  const data::ReviewFile after = data::ReviewFile::load((project.folder() + "/review.json").toStdString());
  QCOMPARE(after.state(firstStem), data::ReviewState::Accepted);
  // A damaged review.json is reported, never overwritten.
  {
    QFile f(project.folder() + "/review.json");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ broken");
  }
  QSignalSpy broken(&page, &ui::SlidePage::regionSent);
  page.sendRegionToReview(QRectF(100, 100, 300, 300));
  QVERIFY(broken.wait(20000));
  QVERIFY(page.messageLabel()->text().contains("review.json"));
  QFile f(project.folder() + "/review.json");
  QVERIFY(f.open(QIODevice::ReadOnly));
  QCOMPARE(f.readAll(), QByteArray("{ broken"));
}

void TestSlideTools::polygonRegionKeepsThePatchesInside() {
  const std::string dir = test::scratchDir("slide_tools_polygon");
  const QString slidePath = QString::fromStdString(dir + "/pattern.tif");
  test::writeRgbPyramid(slidePath.toStdString(), patternImage(), 3);
  const ui::Project project = makeProject(QString::fromStdString(dir) + "/project");
  ui::SlidePage page;
  QVERIFY(showSlide(page, slidePath, {1100, 700}, &project));
  page.resolutionLevelSpin()->setValue(1);
  page.patchSizeSpin()->setValue(64);
  page.regionShapeCombo()->setCurrentIndex(1);
  SlideView* view = page.view();
  QCOMPARE(view->regionShape(), SlideView::RegionShape::Polygon);
  view->setView(QPointF(1000, 1000), 2.0);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 20000);
  view->setFocus();
  QTest::keyClick(view, Qt::Key_S);
  QVERIFY(view->regionTool());

  // A right triangle: corners clicked, the last one double-clicked.
  const QPolygonF triangle({QPointF(600, 700), QPointF(1400, 700), QPointF(600, 1300)});
  QSignalSpy sent(&page, &ui::SlidePage::regionSent);
  for (int i = 0; i < 3; ++i) {
    const QPointF at = view->toWidget(triangle[i]);
    sendMouse(*view, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(*view, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
    sendMouse(*view, QEvent::MouseMove, at + QPointF(40, 30), Qt::NoButton, Qt::NoButton);
    if (i == 1) saveShot(page, "polygon_drawing");
  }
  const QPointF last = view->toWidget(triangle[2]);
  sendMouse(*view, QEvent::MouseButtonDblClick, last, Qt::LeftButton, Qt::LeftButton);
  sendMouse(*view, QEvent::MouseButtonRelease, last, Qt::LeftButton, Qt::NoButton);
  QCOMPARE(view->selectedPolygon().size(), 4);  // closed
  QVERIFY(std::abs(view->selectedRegion().width() - 800) < 2.1 && std::abs(view->selectedRegion().height() - 600) < 2.1);
  QVERIFY(sent.wait(20000));
  saveShot(page, "polygon_sent");
  const auto result = sent.first().first().value<ui::RegionExportResult>();
  QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
  // 6 x 4 patches of 128 level-0 px fit the bounding box; only those centred inside the triangle
  // are kept (about half), and every one of them is.
  QVERIFY2(result.images.size() >= 6 && result.images.size() <= 16, qPrintable(QString::number(result.images.size())));
  for (const QString& image : result.images) {
    const QRegularExpressionMatch m =
        QRegularExpression("_x(\\d+)_y(\\d+)_s128$").match(QFileInfo(image).completeBaseName());
    QVERIFY(m.hasMatch());
    const QPointF centre(m.captured(1).toInt() + 64, m.captured(2).toInt() + 64);
    QVERIFY(triangle.containsPoint(centre, Qt::OddEvenFill));
  }
  QCOMPARE(result.masks, 0);  // no prediction open
}

void TestSlideTools::predictThisViewFillsALiveLayer() {
  if (cmu_.isEmpty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  const ui::Project project = makeProject(scratch_ + "/live-project");
  ui::SlidePage page;
  QVERIFY(showSlide(page, cmu_, {1200, 760}, &project));
  page.setSegmenterPath(runs_.segmenter);
  page.resolutionUmSpin()->setValue(1.0);
  SlideView* view = page.view();
  view->setView(QPointF(1100, 1500), 1.5);  // about 1300 x 950 level-0 px: 650 x 475 px at 1 µm/px
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 20000);
  const QImage before = view->grab().toImage();

  QSignalSpy started(page.viewPredictor(), &ui::ViewPredictor::started);
  QSignalSpy pieces(page.viewPredictor(), &ui::ViewPredictor::pieceReady);
  QSignalSpy done(&page, &ui::SlidePage::liveLayerFinished);
  view->setFocus();
  QTest::keyClick(view, Qt::Key_V);
  QVERIFY(page.viewPredictor()->isRunning());
  QCOMPARE(view->liveKind(), SlideView::LiveKind::ClassMask);
  QVERIFY(done.wait(180000));
  QVERIFY2(done.first().first().toBool(), qPrintable(page.messageLabel()->text()));
  QCOMPARE(started.size(), 1);
  const int count = started.first().at(1).toInt();
  QVERIFY(count >= 2);  // pieces of 448 px over about 620 x 450 px
  QCOMPARE(pieces.size(), count);
  QCOMPARE(view->livePieces().size(), count);

  // The pieces tile the requested region at 1 µm/px (2.004 level-0 px per pixel) and hold classes.
  const double ds = 1.0 / 0.499;
  std::map<int, int> histogram;
  QRectF covered;
  for (const auto& p : view->livePieces()) {
    QCOMPARE(p.image.format(), QImage::Format_Indexed8);
    QVERIFY(std::abs(p.level0Rect.width() / p.image.width() - ds) < 1e-3);
    covered = covered.united(p.level0Rect);
    for (int y = 0; y < p.image.height(); y += 4)
      for (int x = 0; x < p.image.width(); x += 4) ++histogram[p.image.constScanLine(y)[x]];
  }
  QVERIFY(covered.contains(view->visibleRegion().adjusted(ds, ds, -ds, -ds)));
  for (const auto& [cls, n] : histogram) QVERIFY2(cls >= 0 && cls <= 4, qPrintable(QString::number(cls)));
  QVERIFY(histogram.size() >= 2);
  QVERIFY(histogram.count(4) == 1);  // white glass left of the tissue is background
  QVERIFY(page.overlayCheck()->isEnabled());
  QCOMPARE(page.classChecks().size(), 4);  // tissue classes of the project, not the background
  page.opacitySlider()->setValue(70);
  const QImage shown = view->grab().toImage();
  QVERIFY(changedShare(before, shown) > 0.2);
  saveShot(page, "live_prediction");

  // Class visibility and O act on the live layer like on a pyramid.
  int top = -1, topCount = 0;
  for (const auto& [cls, n] : histogram)
    if (cls != 4 && n > topCount) top = cls, topCount = n;
  page.classChecks()[top]->setChecked(false);
  const QImage hidden = view->grab().toImage();
  QVERIFY(changedShare(shown, hidden) > 0.05);
  page.classChecks()[top]->setChecked(true);
  QTest::keyClick(view, Qt::Key_O);
  QVERIFY(!page.overlayCheck()->isChecked());
  QVERIFY(changedShare(shown, view->grab().toImage()) > 0.2);
  QTest::keyClick(view, Qt::Key_O);
  QVERIFY(page.overlayCheck()->isChecked());
  QVERIFY(changedShare(shown, view->grab().toImage()) < 0.01);

  // A region drawn inside the predicted area takes its masks from the live layer.
  page.patchSizeSpin()->setValue(112);
  QSignalSpy sent(&page, &ui::SlidePage::regionSent);
  const QRectF r(view->centre().x() - 300, view->centre().y() - 300, 600, 600);  // 299 px: 2 x 2 patches of 112
  page.sendRegionToReview(r);
  QVERIFY(sent.wait(20000));
  const auto result = sent.first().first().value<ui::RegionExportResult>();
  QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
  QCOMPARE(result.images.size(), 4);
  QCOMPARE(result.masks, 4);
  QVERIFY(result.images.first().contains("/slide-patches/CMU-1-Small-Region/CMU-1-Small-Region_x"));
}

void TestSlideTools::movingAwayOrANewRequestCancels() {
  if (cmu_.isEmpty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  ui::SlidePage page;
  QVERIFY(showSlide(page, cmu_, {1000, 700}));
  page.setSegmenterPath(runs_.segmenter);
  page.setClassifierPath(runs_.classifier);
  SlideView* view = page.view();
  view->setView(QPointF(1000, 1000), 1.0);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 20000);

  // Moving the view away stops the request.
  QSignalSpy cancelled(page.viewPredictor(), &ui::ViewPredictor::cancelled);
  QSignalSpy done(&page, &ui::SlidePage::liveLayerFinished);
  page.predictView();
  QVERIFY(page.viewPredictor()->isRunning());
  view->panBy(QPointF(-900, -650));  // far right and down: the requested area is out of view
  QCOMPARE(cancelled.size(), 1);
  QCOMPARE(done.size(), 1);
  QCOMPARE(done.first().first().toBool(), false);
  QVERIFY(!page.viewPredictor()->isRunning());
  QCOMPARE(view->liveKind(), SlideView::LiveKind::None);  // stopped before its first piece
  // A small move keeps it running.
  page.predictView();
  view->panBy(QPointF(-50, 0));
  QVERIFY(page.viewPredictor()->isRunning());
  // A new request (the CAM) replaces it; only the new one completes.
  QSignalSpy finished(page.viewPredictor(), &ui::ViewPredictor::finished);
  page.camView();
  QCOMPARE(cancelled.size(), 2);
  QVERIFY(finished.wait(180000));
  QCOMPARE(finished.size(), 1);
  QCOMPARE(view->liveKind(), SlideView::LiveKind::HeatMap);
  QTest::qWait(200);
  QCOMPARE(finished.size(), 1);  // nothing late from the cancelled requests
  page.viewPredictor()->waitForIdle();
}

void TestSlideTools::tooLargeAViewIsRefused() {
  ARML_REQUIRE_SHARED(wsi, "data/wsi");
  QString tcga;
  for (const auto& e : fs::directory_iterator(wsi))
    if (e.path().filename().string().rfind("tcga-", 0) == 0) tcga = QString::fromStdString(e.path().string());
  if (tcga.isEmpty()) QSKIP("no tcga-*.svs in ../shared/data/wsi");
  ui::SlidePage page;
  QVERIFY(showSlide(page, tcga, {1000, 700}));
  // No µm/px in this slide: the live layers read a pyramid level, level 0 unless chosen.
  QCOMPARE(page.resolutionModeCombo()->currentIndex(), 1);
  QCOMPARE(page.workingResolution().level.value_or(-1), 0);
  page.setSegmenterPath(runs_.segmenter);
  QSignalSpy done(&page, &ui::SlidePage::liveLayerFinished);
  page.predictView();  // the whole slide at level 0: about 16 megapixels
  QVERIFY(done.wait(60000));
  QCOMPARE(done.first().first().toBool(), false);
  const QString text = page.messageLabel()->text();
  QVERIFY2(text.startsWith("Cannot compute the layer for this view: the view is") && text.contains("(level 0)") &&
               text.contains("zoom in"),
           qPrintable(text));
  QCOMPARE(page.view()->liveKind(), SlideView::LiveKind::None);  // nothing to show: no empty layer
  QVERIFY(page.classChecks().isEmpty());
  QVERIFY(!page.overlayCheck()->isEnabled());
  saveShot(page, "live_too_large");
}

void TestSlideTools::camLayerPerClassAndColourMap() {
  if (cmu_.isEmpty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  ui::SlidePage page;
  QVERIFY(showSlide(page, cmu_, {1200, 760}));
  page.setClassifierPath(runs_.classifier);
  SlideView* view = page.view();
  view->setView(QPointF(1100, 1500), 1.5);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 20000);
  QSignalSpy done(&page, &ui::SlidePage::liveLayerFinished);
  QSignalSpy started(page.viewPredictor(), &ui::ViewPredictor::started);
  view->setFocus();
  QTest::keyClick(view, Qt::Key_C);
  QVERIFY(done.wait(180000));
  QVERIFY2(done.first().first().toBool(), qPrintable(page.messageLabel()->text()));
  QCOMPARE(view->liveKind(), SlideView::LiveKind::HeatMap);
  QVERIFY(view->livePieces().size() >= 2);
  QCOMPARE(view->livePieces().size(), started.first().at(1).toInt());
  QCOMPARE(page.camClassCombo()->count(), 4);  // the classifier's classes
  QCOMPARE(page.classChecks().size(), 0);      // a heat map has no class checkboxes
  for (const auto& p : view->livePieces()) QCOMPARE(p.image.format(), QImage::Format_ARGB32);
  page.opacitySlider()->setValue(60);
  const QImage first = view->grab().toImage();
  saveShot(page, "cam_layer");

  // Another class and another colour map recolour the same activations.
  const QImage piece0 = view->livePieces().first().image;
  page.camClassCombo()->setCurrentIndex(2);
  QVERIFY(view->livePieces().first().image != piece0);
  const QImage otherClass = view->grab().toImage();
  QVERIFY(changedShare(first, otherClass) > 0.05);
  page.colourMapCombo()->setCurrentIndex(1);  // inferno
  QVERIFY(changedShare(otherClass, view->grab().toImage()) > 0.05);
  saveShot(page, "cam_layer_inferno");
}

QTEST_MAIN(TestSlideTools)
#include "test_slide_tools.moc"
