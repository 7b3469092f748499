// The CAM compare view driven by QTest events (linked wheel zoom and drag pan over all panels,
// class keys, the overlay key, normalisation, the swipe divider, the difference view) and its
// controller with a counting fake engine (worker thread, cache hits that do not recompute, a new
// patch cancelling the running one, errors shown in the panels).
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>
#include <atomic>
#include <thread>

#include "interactive/interactive_engine.h"
#include "test_paths.h"
#include "ui/compare/cam_compare_controller.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/review/review_page.h"
#include "ui/runs/run_checkpoints.h"
#include "widgets/cam_compare_view.h"
#include "widgets/mask_canvas.h"

using namespace arml::ui;
using namespace arml::widgets;
namespace ai = arml::interactive;

namespace {

constexpr int kW = 100, kH = 80;

QImage testImage() {
  QImage img(kW, kH, QImage::Format_RGB888);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) img.setPixelColor(x, y, QColor(60 + x, 80 + y, 120));
  return img;
}

// Class A: a ramp to 1 along x; class B: the same ramp times 10.
CamMaps rampMaps(float scaleB = 10) {
  CamMaps m;
  m.planes = 2;
  m.width = kW;
  m.height = kH;
  m.values.resize(2 * kW * kH);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      const float v = float(x) / (kW - 1);
      m.values[y * kW + x] = v;
      m.values[kW * kH + y * kW + x] = v * scaleB;
    }
  return m;
}

QVector<CamPanel> testPanels() {
  CamPanel image;
  image.title = "image";
  CamPanel a;
  a.title = "plain";
  a.kind = CamPanel::Kind::Cam;
  a.cams = rampMaps();
  a.probabilities = {0.25f, 0.75f};
  CamPanel b = a;
  b.title = "relocalized";
  for (float& v : b.cams.values) v = 10 - v;  // the opposite slope
  CamPanel mask;
  mask.title = "mask";
  mask.kind = CamPanel::Kind::ClassMask;
  mask.maskWidth = kW;
  mask.maskHeight = kH;
  mask.mask = QByteArray(kW * kH, char(1));
  return {image, a, b, mask};
}

// The colour-map value the view draws for v (the view quantises to 256 levels).
QRgb mapped(arml::widgets::ColourMap map, double v) {
  return arml::widgets::colourMapValue(map, std::lround(v * 255) / 255.0);
}

QRgb pixelAt(QWidget* w, QPointF p) { return w->grab().toImage().pixel(p.toPoint()); }

// --- A fake engine: CAMs from the image's pixels, counted; optionally slow and cancellable. ---
struct FakeStats {
  std::atomic<int> opens{0}, cams{0}, cancelled{0};
  std::atomic<int> delayMs{0};
};

class FakeClassifier : public ai::ClassifierSession {
 public:
  FakeClassifier(FakeStats* stats, std::string path) : stats_(stats) {
    info_.path = std::move(path);
    info_.classes = 2;
    info_.hasArs = true;
  }
  const ai::SessionInfo& info() const override { return info_; }
  ai::CamSet cams(const ai::RgbImage& image, const std::atomic<bool>* cancel) override {
    const int delayMs = stats_->delayMs;  // as it was when the call started
    for (int waited = 0; waited < delayMs; waited += 5) {
      if (cancel && cancel->load()) {
        ++stats_->cancelled;
        throw ai::Cancelled();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ++stats_->cams;
    ai::CamSet s;
    for (ai::FloatPlanes* p : {&s.plain, &s.relocalized}) {
      p->planes = 2;
      p->width = image.width;
      p->height = image.height;
      p->values.resize(std::size_t(2) * image.width * image.height);
    }
    for (int i = 0; i < image.width * image.height; ++i) {
      s.plain.values[std::size_t(i)] = image.rgb[std::size_t(3 * i)];  // red
      s.plain.values[std::size_t(image.width * image.height + i)] = image.rgb[std::size_t(3 * i + 1)];
      s.relocalized.values[std::size_t(i)] = 255 - image.rgb[std::size_t(3 * i)];
      s.relocalized.values[std::size_t(image.width * image.height + i)] = 1;
    }
    s.probabilities = {0.9f, 0.1f};
    return s;
  }

 private:
  FakeStats* stats_;
  ai::SessionInfo info_;
};

class FakeEngine : public ai::Engine {
 public:
  explicit FakeEngine(FakeStats* stats) : stats_(stats) {}
  std::unique_ptr<ai::ClassifierSession> openClassifier(const std::string& weights, const std::string&, int) override {
    ++stats_->opens;
    if (weights.find("broken") != std::string::npos) throw std::runtime_error(weights + ": not a stage-1 checkpoint");
    return std::make_unique<FakeClassifier>(stats_, weights);
  }
  std::unique_ptr<ai::SegmenterSession> openSegmenter(const std::string& weights, const std::string&, int) override {
    throw std::runtime_error(weights + ": no segmenter in the fake engine");
  }

 private:
  FakeStats* stats_;
};

}  // namespace

class TestCamCompareView : public QObject {
  Q_OBJECT

  std::unique_ptr<CamCompareView> view_;
  QWidget* canvas_ = nullptr;

 private Q_SLOTS:
  void init() {
    view_ = std::make_unique<CamCompareView>();
    view_->resize(900, 560);
    view_->setImage(testImage());
    view_->setClasses({"alpha", "beta"}, {Qt::red, Qt::green, Qt::blue, Qt::yellow, Qt::white}, 4);
    view_->setPanels(testPanels());
    view_->show();
    QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
    canvas_ = view_->canvas();
    view_->fitToView();
  }

  void wheelZoomsEveryPanelAboutTheCursor() {
    const double s0 = view_->viewScale();
    const QRectF area1 = view_->imageArea(1);
    const QPointF cursor = area1.center() + QPointF(20, -10);
    const QPointF under = view_->canvasToImage(1, cursor);
    QWheelEvent wheel(cursor, canvas_->mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas_, &wheel);
    QVERIFY(qAbs(view_->viewScale() - s0 * 1.25) < 1e-9);
    // The image point under the cursor stays there ...
    QVERIFY((view_->imageToCanvas(1, under) - cursor).manhattanLength() < 1e-6);
    // ... and every other panel shows the same point at the same place within its own area.
    for (int i : {0, 2, 3})
      QVERIFY((view_->imageToCanvas(i, under) - view_->imageArea(i).center() - (cursor - area1.center()))
                  .manhattanLength() < 1e-6);
    // The drawn pixels follow: the same image point has the same colour in the image panel and
    // (overlays off) in the plain panel.
    view_->setOverlayVisible(false);
    const QPointF p = QPointF(30.5, 40.5);
    QCOMPARE(pixelAt(canvas_, view_->imageToCanvas(0, p)), pixelAt(canvas_, view_->imageToCanvas(1, p)));
  }

  void dragPansEveryPanelAndDoubleClickFits() {
    const QPointF fittedCentre = view_->viewCentre();
    const double fittedScale = view_->viewScale();
    const QPointF start = view_->imageArea(2).center().toPoint();
    const QPointF imagePoint = view_->canvasToImage(2, start);
    QTest::mousePress(canvas_, Qt::LeftButton, Qt::NoModifier, start.toPoint());
    QMouseEvent move(QEvent::MouseMove, start + QPointF(30, 20), canvas_->mapToGlobal(start + QPointF(30, 20)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(canvas_, &move);
    QTest::mouseRelease(canvas_, Qt::LeftButton, Qt::NoModifier, (start + QPointF(30, 20)).toPoint());
    // The point grabbed moved with the mouse, in the dragged panel and in all the others.
    for (int i = 0; i < 4; ++i)
      QVERIFY((view_->imageToCanvas(i, imagePoint) - view_->imageArea(i).center() -
               (start - view_->imageArea(2).center()) - QPointF(30, 20))
                  .manhattanLength() < 1e-6);
    QTest::mouseDClick(canvas_, Qt::LeftButton, Qt::NoModifier, view_->imageArea(0).center().toPoint());
    QCOMPARE(view_->viewCentre(), fittedCentre);
    QCOMPARE(view_->viewScale(), fittedScale);
  }

  void numberKeysSwitchTheClass() {
    QSignalSpy spy(view_.get(), &CamCompareView::currentClassChanged);
    canvas_->setFocus();
    QTest::keyClick(canvas_, Qt::Key_2);
    QCOMPARE(view_->currentClass(), 1);
    QCOMPARE(spy.count(), 1);
    QTest::keyClick(canvas_, Qt::Key_7);  // no seventh class
    QCOMPARE(view_->currentClass(), 1);
    QTest::keyClick(canvas_, Qt::Key_1);
    QCOMPARE(view_->currentClass(), 0);
    QCOMPARE(view_->findChild<QComboBox*>("camClassCombo")->currentIndex(), 0);
  }

  void hKeyHidesAndShowsEveryOverlay() {
    view_->setOverlayOpacity(1.0);
    const QPointF p(80.5, 40.5);
    const QRgb plainWith = pixelAt(canvas_, view_->imageToCanvas(1, p));
    const QRgb maskWith = pixelAt(canvas_, view_->imageToCanvas(3, p));
    QCOMPARE(maskWith, QColor(Qt::green).rgb());  // mask value 1 in the class colour
    canvas_->setFocus();
    QTest::keyClick(canvas_, Qt::Key_O);
    QVERIFY(!view_->overlayVisible());
    const QRgb image = pixelAt(canvas_, view_->imageToCanvas(0, p));
    QVERIFY(plainWith != image);
    QCOMPARE(pixelAt(canvas_, view_->imageToCanvas(1, p)), image);
    QCOMPARE(pixelAt(canvas_, view_->imageToCanvas(3, p)), image);
    QTest::keyClick(canvas_, Qt::Key_O);
    QVERIFY(view_->overlayVisible());
    QCOMPARE(pixelAt(canvas_, view_->imageToCanvas(1, p)), plainWith);
  }

  // Class alpha peaks at 1, beta at 10: globally alpha's peak is 0.1 of the range, per class 1.
  void globalAndPerClassNormalisation() {
    view_->setOverlayOpacity(1.0);
    const int x = kW - 1, y = 10;
    const QPointF p(x + 0.5, y + 0.5);
    QCOMPARE(view_->normalisation(), CamNormalisation::Global);
    QCOMPARE(view_->overlayImage(1).pixel(x, y), mapped(arml::widgets::ColourMap::Jet, 0.1));
    QCOMPARE(view_->legendRange(1).max, 10.0f);
    const QRgb globalPixel = pixelAt(canvas_, view_->imageToCanvas(1, p));
    QCOMPARE(globalPixel, mapped(arml::widgets::ColourMap::Jet, 0.1));
    canvas_->setFocus();
    QTest::keyClick(canvas_, Qt::Key_L);
    QCOMPARE(view_->normalisation(), CamNormalisation::PerClass);
    QCOMPARE(view_->overlayImage(1).pixel(x, y), mapped(arml::widgets::ColourMap::Jet, 1.0));
    QCOMPARE(view_->legendRange(1).max, 1.0f);
    QCOMPARE(pixelAt(canvas_, view_->imageToCanvas(1, p)), mapped(arml::widgets::ColourMap::Jet, 1.0));
    // Class beta holds the global maximum: the same colour either way.
    QTest::keyClick(canvas_, Qt::Key_2);
    const QRgb perClassBeta = view_->overlayImage(1).pixel(x, y);
    view_->setNormalisation(CamNormalisation::Global);
    QCOMPARE(view_->overlayImage(1).pixel(x, y), perClassBeta);
    // Viridis changes the colours, not the values.
    view_->setColourMap(arml::widgets::ColourMap::Viridis);
    QCOMPARE(view_->overlayImage(1).pixel(x, y), mapped(arml::widgets::ColourMap::Viridis, 1.0));
  }

  void swipeDividerFollowsTheMouse() {
    view_->setOverlayOpacity(1.0);
    view_->setLayoutMode(CamCompareView::Layout::Swipe);
    view_->setComparedPanels(1, 2);
    QCOMPARE(view_->swipePosition(), 0.5);
    const QRectF area = view_->imageArea(0);
    const QPointF divider(area.left() + area.width() / 2, area.center().y());
    QTest::mousePress(canvas_, Qt::LeftButton, Qt::NoModifier, divider.toPoint());
    const QPointF to = divider + QPointF(-area.width() / 4, 0);
    QMouseEvent move(QEvent::MouseMove, to, canvas_->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(canvas_, &move);
    QTest::mouseRelease(canvas_, Qt::LeftButton, Qt::NoModifier, to.toPoint());
    QVERIFY(qAbs(view_->swipePosition() - 0.25) < 0.01);
    // Dragging the divider did not pan.
    QCOMPARE(view_->viewCentre(), QPointF(kW / 2.0, kH / 2.0));
    // Left of the divider panel A (plain) is drawn, right of it panel B (relocalized).
    const QImage shot = canvas_->grab().toImage();
    const QPointF left = to + QPointF(-10, 0), right = to + QPointF(10, 0);
    const QPointF li = view_->canvasToImage(0, left), ri = view_->canvasToImage(0, right);
    QCOMPARE(shot.pixel(left.toPoint()), view_->overlayImage(1).pixel(li.toPoint()));
    QCOMPARE(shot.pixel(right.toPoint()), view_->overlayImage(2).pixel(ri.toPoint()));
  }

  void differenceViewColoursTheSignedDifference() {
    view_->setLayoutMode(CamCompareView::Layout::Difference);
    view_->setComparedPanels(1, 2);
    view_->setNormalisation(CamNormalisation::PerClass);
    const QImage diff = view_->overlayImage(-1);
    QCOMPARE(diff.size(), QSize(kW, kH));
    // At the right edge A = 1, B = 0: +1, full red; at the left A = 0, B = 1: −1, full blue.
    QCOMPARE(QColor(diff.pixel(kW - 1, 5)).rgb(), divergingColour(1.0));
    QCOMPARE(qAlpha(diff.pixel(kW - 1, 5)), 255);
    QCOMPARE(QColor(diff.pixel(0, 5)).rgb(), divergingColour(-1.0));
    // Mask vs CAM: the mask holds class beta everywhere.
    view_->setCurrentClass(1);
    view_->setComparedPanels(3, 1);
    QCOMPARE(qAlpha(view_->overlayImage(-1).pixel(kW - 1, 5)), 0);  // 1 − 1
  }

  void messagesReplaceThePanelContent() {
    CamPanel busy = view_->panel(2);
    busy.message = "computing…";
    view_->setPanel(2, busy);
    QVERIFY(view_->overlayImage(2).isNull());
    const QRgb dimmed = pixelAt(canvas_, view_->imageArea(2).topLeft() + QPointF(3, 3));
    QVERIFY(qGray(dimmed) < 60);
  }

  // --- The controller, with the fake engine. ---
  void cacheHitsDoNotRecompute() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("cam_compare_controller"));
    FakeStats stats;
    FakeEngine engine(&stats);
    QImage a = testImage(), b = testImage();
    b.fill(QColor(200, 10, 10));
    QVERIFY(a.save(dir + "/a.png") && b.save(dir + "/b.png"));
    QImage mask(kW, kH, QImage::Format_Indexed8);
    mask.setColorTable({qRgb(255, 0, 0), qRgb(0, 255, 0), qRgb(0, 0, 255), qRgb(255, 255, 0), qRgb(255, 255, 255)});
    mask.fill(2);
    QVERIFY(mask.save(dir + "/a_mask.png"));
    QFile ckpt(dir + "/stage1_last.pt");
    QVERIFY(ckpt.open(QIODevice::WriteOnly));
    ckpt.write("weights");
    ckpt.close();

    CamCompareView view;
    CamCompareController controller(&view);
    controller.setEngineProvider([&engine] {
      InteractiveEngineLoad l;
      l.engine = &engine;
      return l;
    });
    view.setClasses({"alpha", "beta"}, {Qt::red, Qt::green, Qt::blue, Qt::yellow, Qt::white}, 4);
    QSignalSpy ready(&controller, &CamCompareController::ready);
    controller.setCheckpoints({dir + "/stage1_last.pt", QString(), QString()});
    controller.setPatch(dir + "/a.png", dir + "/a_mask.png");
    QVERIFY(controller.isBusy());
    QCOMPARE(view.panel(1).message, QString("computing…"));
    QVERIFY(ready.wait(10000));
    QCOMPARE(controller.computeCount(), 1);
    QCOMPARE(view.image().size(), QSize(kW, kH));
    QVERIFY(view.panel(1).message.isEmpty());
    QCOMPARE(view.panel(1).cams.values.value(kW * kH + 3), float(testImage().pixelColor(3, 0).green()));
    QCOMPARE(int(view.panel(3).mask.at(0)), 2);

    controller.setPatch(dir + "/b.png", QString());
    QVERIFY(ready.wait(10000));
    QCOMPARE(controller.computeCount(), 2);
    QCOMPARE(view.panel(1).cams.values.value(0), 200.0f);
    QVERIFY(!view.panel(3).message.isEmpty());  // no pseudo mask for b

    // Back to a: shown at once from the cache, no worker, no engine call.
    const int readyBefore = ready.count();
    controller.setPatch(dir + "/a.png", dir + "/a_mask.png");
    QVERIFY(!controller.isBusy());
    QCOMPARE(ready.count(), readyBefore + 1);
    QCOMPARE(controller.computeCount(), 2);
    QCOMPARE(view.panel(1).cams.values.value(0), float(testImage().pixelColor(0, 0).red()));
    QCOMPARE(stats.opens.load(), 1);  // the session is kept open too

    // A newer checkpoint file is another cache key: computed again.
    QVERIFY(ckpt.open(QIODevice::WriteOnly | QIODevice::Append));
    ckpt.write("more");
    ckpt.close();
    QVERIFY(ckpt.open(QIODevice::ReadWrite));
    QVERIFY(ckpt.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
    ckpt.close();
    controller.setPatch(dir + "/a.png", dir + "/a_mask.png");
    QVERIFY(controller.isBusy());
    QVERIFY(ready.wait(10000));
    QCOMPARE(controller.computeCount(), 3);
    QCOMPARE(stats.opens.load(), 2);
  }

  void aNewPatchCancelsTheRunningJob() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("cam_compare_cancel"));
    FakeStats stats;
    stats.delayMs = 3000;
    FakeEngine engine(&stats);
    QImage a = testImage(), b = testImage();
    b.fill(QColor(7, 7, 7));
    QVERIFY(a.save(dir + "/a.png") && b.save(dir + "/b.png"));
    QFile(dir + "/ckpt.pt").open(QIODevice::WriteOnly);
    CamCompareView view;
    CamCompareController controller(&view);
    controller.setEngineProvider([&engine] { return InteractiveEngineLoad{&engine, {}, {}, 0}; });
    view.setClasses({"alpha", "beta"}, {Qt::red, Qt::green}, 4);
    QSignalSpy ready(&controller, &CamCompareController::ready);
    controller.setCheckpoints({dir + "/ckpt.pt", QString(), QString()});
    controller.setPatch(dir + "/a.png", QString());
    QTest::qWait(100);  // a's job is inside cams()
    stats.delayMs = 0;
    QElapsedTimer timer;
    timer.start();
    controller.setPatch(dir + "/b.png", QString());
    QVERIFY(ready.wait(10000));
    QVERIFY2(timer.elapsed() < 2000, "the running job was not cancelled");
    QCOMPARE(stats.cancelled.load(), 1);
    QCOMPARE(controller.computeCount(), 1);
    QVERIFY2(view.panel(1).message.isEmpty(), qPrintable(view.panel(1).message));
    QCOMPARE(view.panel(1).cams.values.value(0), 7.0f);
  }

  void errorsAppearInThePanels() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("cam_compare_errors"));
    QVERIFY(testImage().save(dir + "/a.png"));
    QFile(dir + "/broken.pt").open(QIODevice::WriteOnly);
    FakeStats stats;
    FakeEngine engine(&stats);
    CamCompareView view;
    CamCompareController controller(&view);
    view.setClasses({"alpha", "beta"}, {Qt::red, Qt::green}, 4);
    QSignalSpy ready(&controller, &CamCompareController::ready);
    // No plugin: one message in each model panel, the image and mask still shown.
    controller.setEngineProvider([] {
      return InteractiveEngineLoad{nullptr, {}, "The in-process engine was not found", 0};
    });
    controller.setCheckpoints({dir + "/ok.pt", QString(), dir + "/seg.pt"});
    controller.setPatch(dir + "/a.png", dir + "/missing_mask.png");
    QVERIFY(ready.wait(10000));
    QCOMPARE(view.panel(1).message, QString("The in-process engine was not found"));
    QCOMPARE(view.panel(2).message, QString("The in-process engine was not found"));
    QVERIFY(view.panel(3).message.contains("missing_mask.png"));
    QCOMPARE(view.panel(4).message, QString("The in-process engine was not found"));
    QVERIFY(!view.image().isNull());
    // A bad checkpoint: the engine's one line, in the panel.
    controller.setEngineProvider([&engine] { return InteractiveEngineLoad{&engine, {}, {}, 0}; });
    controller.setCheckpoints({dir + "/broken.pt", QString(), QString()});
    QVERIFY(ready.wait(10000));
    QVERIFY2(view.panel(1).message.contains("broken.pt: not a stage-1 checkpoint"), qPrintable(view.panel(1).message));
    // An unreadable image.
    controller.setPatch(dir + "/nothing.png", QString());
    QVERIFY(ready.wait(10000) || !controller.isBusy());
    QCOMPARE(stats.cams.load(), 0);
  }

  // Issue #16: the mask panel shows the saved correction (edits/<stem>.png) when there is one,
  // titled as the correction; without one, the generated pseudo mask.
  void maskPanelShowsTheSavedCorrection() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("cam_compare_correction"));
    QVERIFY(testImage().save(dir + "/a.png"));
    QImage generated(testImage().size(), QImage::Format_Grayscale8), corrected(testImage().size(), QImage::Format_Grayscale8);
    generated.fill(0);
    corrected.fill(1);
    QVERIFY(generated.save(dir + "/a_mask.png"));
    CamCompareView view;
    CamCompareController controller(&view);
    view.setClasses({"alpha", "beta"}, {Qt::red, Qt::green}, 4);
    controller.setEngineProvider([] { return InteractiveEngineLoad{nullptr, {}, "no engine", 0}; });
    QSignalSpy ready(&controller, &CamCompareController::ready);
    const auto maskPanel = [&view]() -> const CamPanel& { return view.panel(3); };
    controller.setPatch(dir + "/a.png", dir + "/a_mask.png", dir + "/edits/a.png");  // no correction yet
    QVERIFY(ready.wait(10000) || !controller.isBusy());
    QVERIFY(!controller.showsCorrection());
    QCOMPARE(maskPanel().title, QString("Pseudo mask"));
    QCOMPARE(int(maskPanel().mask.at(0)), 0);
    QDir().mkpath(dir + "/edits");
    QVERIFY(corrected.save(dir + "/edits/a.png"));
    controller.setPatch(dir + "/a.png", dir + "/a_mask.png", dir + "/edits/a.png");
    QVERIFY(ready.wait(10000) || !controller.isBusy());
    QTRY_VERIFY(!maskPanel().mask.isEmpty() && int(maskPanel().mask.at(0)) == 1);
    QVERIFY(controller.showsCorrection());
    QCOMPARE(maskPanel().title, QString("Pseudo mask (your correction)"));
  }

  // The Review page's "Compare CAMs" tab follows the patch opened on the page while it is visible,
  // and catches up when it is shown again.
  void reviewPageTabFollowsTheOpenPatch() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("cam_compare_review_page"));
    QImage mask(kW, kH, QImage::Format_Indexed8);
    mask.setColorTable({qRgb(255, 0, 0), qRgb(0, 255, 0), qRgb(0, 0, 255), qRgb(255, 255, 0), qRgb(255, 255, 255)});
    mask.fill(1);
    for (const QString stem : {"a", "b"}) {
      QVERIFY(testImage().save(dir + "/" + stem + "_image.png"));
      QVERIFY(mask.save(dir + "/" + stem + ".png"));
    }
    QFile(dir + "/ckpt.pt").open(QIODevice::WriteOnly);
    FakeStats stats;
    FakeEngine engine(&stats);
    ReviewPage page;
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    CamCompareController* controller = page.camCompare()->controller();
    controller->setEngineProvider([&engine] { return InteractiveEngineLoad{&engine, {}, {}, 0}; });
    page.camCompare()->setArsClassifier(dir + "/ckpt.pt");
    auto* tabs = page.findChild<QTabWidget*>("reviewViews");
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(page.canvas()));
    // Hidden tab: nothing is computed for the patch being edited.
    QVERIFY(page.openPatch("a", dir + "/a.png", dir + "/a_image.png"));
    QVERIFY(controller->imagePath().isEmpty());
    QSignalSpy ready(controller, &CamCompareController::ready);
    tabs->setCurrentIndex(1);
    QCOMPARE(controller->imagePath(), dir + "/a_image.png");
    QVERIFY(ready.wait(10000));
    QCOMPARE(stats.cams.load(), 1);
    QCOMPARE(int(page.camCompare()->view()->panel(3).mask.at(0)), 1);  // the generated mask
    QVERIFY(page.openPatch("b", dir + "/b.png", dir + "/b_image.png"));
    QCOMPARE(controller->imagePath(), dir + "/b_image.png");
    QVERIFY(ready.wait(10000));
    QCOMPARE(stats.cams.load(), 2);
  }

  // openMask finds the patch's image in the dataset: LUAD-HistoSeg names hold brackets (wildcard
  // syntax) and the dataset has a train_mask/ copy with the same name, which is not the image.
  void openMaskFindsBracketedImagesNotMaskCopies() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("cam_compare_open_mask"));
    const QString stem = "patch-[1 0 0 1]";
    QDir().mkpath(dir + "/data/train");
    QDir().mkpath(dir + "/data/train_mask");
    QVERIFY(testImage().save(dir + "/data/train/" + stem + ".png"));
    QImage mask(kW, kH, QImage::Format_Indexed8);
    mask.setColorTable({qRgb(255, 0, 0), qRgb(0, 255, 0), qRgb(0, 0, 255), qRgb(255, 255, 0), qRgb(255, 255, 255)});
    mask.fill(3);
    QVERIFY(mask.save(dir + "/data/train_mask/" + stem + ".png"));
    Project project;
    QString error;
    QVERIFY2(Project::create(dir + "/project", "p", dir + "/data", &project, &error), qPrintable(error));
    QDir().mkpath(project.masksDir() + "/run1");
    const QString generated = project.masksDir() + "/run1/" + stem + ".png";
    QVERIFY(mask.save(generated));
    ReviewPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setProject(project);
    page.findChild<QTabWidget*>("reviewViews")->setCurrentIndex(1);
    FakeStats stats;
    FakeEngine engine(&stats);
    page.camCompare()->controller()->setEngineProvider([&engine] { return InteractiveEngineLoad{&engine, {}, {}, 0}; });
    QVERIFY(page.openMask(generated));
    QCOMPARE(page.camCompare()->controller()->imagePath(), dir + "/data/train/" + stem + ".png");
  }

  // Pipeline runs (stage1/, stage2/, checkpoints/stage1.pt) and single-stage runs (config.json
  // "stage", "ars"): the default classifier is the newest stage-1 training checkpoint, which keeps
  // the ARS weights; the baseline a run trained with "ars": "off"; the segmenter the newest best.pt.
  void checkpointDefaultsFromTheRunLayout() {
    const QString runs = QString::fromStdString(arml::test::scratchDir("cam_compare_runs"));
    int age = 100;
    auto touch = [&](const QString& relative, const QByteArray& content = "x") {
      QVERIFY(arml::test::writeFileModifiedAgo(runs + "/" + relative, content, age--));
    };
    touch("old/stage1/config.json", R"({"stage": "stage1", "ars": "reference"})");
    touch("old/stage1/checkpoints/last.pt");
    touch("pipe/stage1/config.json", R"({"stage": "stage1", "ars": "reference"})");
    touch("pipe/stage1/checkpoints/final.pt");
    touch("pipe/stage1/checkpoints/last.pt");
    touch("pipe/stage2/checkpoints/last.pt");
    touch("pipe/stage2/checkpoints/best.pt");
    touch("pipe/checkpoints/stage1.pt");
    touch("pipe/checkpoints/stage2.pt");
    touch("noars/config.json", R"({"stage": "stage1", "ars": "off"})");
    touch("noars/checkpoints/last.pt");
    touch("noars/checkpoints/final.pt");
    touch("seg/config.json", R"({"stage": "stage2"})");
    touch("seg/checkpoints/last.pt");  // the newest file of all
    const QVector<RunCheckpoint> found = findRunCheckpoints(runs);
    QCOMPARE(found.size(), 10);
    QCOMPARE(found.front().label, QString("seg/checkpoints/last.pt"));
    QCOMPARE(int(found.front().role), int(RunCheckpoint::Role::Segmenter));
    QCOMPARE(defaultArsClassifier(found), runs + "/pipe/stage1/checkpoints/last.pt");
    QCOMPARE(defaultBaseline(found), runs + "/noars/checkpoints/final.pt");
    QCOMPARE(defaultSegmenter(found), runs + "/pipe/checkpoints/stage2.pt");
    QVERIFY(findRunCheckpoints(runs + "/missing").isEmpty());
  }
};

QTEST_MAIN(TestCamCompareView)
#include "test_cam_compare_view.moc"
