// SlideView, its tile cache, scale bar and minimap, and the Slides page: generated multi-level
// TIFFs and class-mask pyramids, the two real slides, and bad files. Offscreen; screenshots of
// the views go to the scratch folder slide_view_shots/.
#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QElapsedTimer>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>
#include <filesystem>
#include <fstream>

#include "../engine/slide/synthetic_tiff.h"
#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "test_paths.h"
#include "ui/slides/slide_page.h"
#include "widgets/minimap.h"
#include "widgets/scale_bar.h"
#include "widgets/slide_view.h"
#include "widgets/tile_cache.h"

using namespace arml::widgets;
namespace fs = std::filesystem;

namespace {

constexpr int kW = 2048, kH = 1536;

// Slide pattern: the four quadrants have distinct colours, each with a grid of dark lines every
// 64 level-0 pixels (so a wrongly placed tile shows up in the screenshots).
cv::Vec3b quadrantColour(int x, int y) {
  const bool right = x >= kW / 2, bottom = y >= kH / 2;
  if (!right && !bottom) return {230, 200, 120};  // RGB
  if (right && !bottom) return {120, 200, 230};
  if (!right && bottom) return {200, 120, 230};
  return {180, 230, 180};
}

cv::Mat patternImage() {
  cv::Mat img(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x)
      img.at<cv::Vec3b>(y, x) = (x % 64 < 2 || y % 64 < 2) ? cv::Vec3b(40, 40, 40) : quadrantColour(x, y);
  return img;
}

std::string writePatternSlide(const std::string& dir) {
  const std::string path = dir + "/pattern.tif";
  arml::test::writeRgbPyramid(path, patternImage(), 3);
  return path;
}

// Mask at slide downsample 4 (512 x 384): class 0 on the left half, class 2 on the right half,
// background (4) in the bottom quarter.
std::string writeMaskFile(const std::string& dir) {
  cv::Mat mask(kH / 4, kW / 4, CV_8U, cv::Scalar(0));
  mask(cv::Rect(mask.cols / 2, 0, mask.cols / 2, mask.rows)).setTo(2);
  mask(cv::Rect(0, mask.rows * 3 / 4, mask.cols, mask.rows / 4)).setTo(4);
  arml::slide::MaskPyramidMetadata meta;
  meta.slideDownsample = 4.0;
  meta.extraJson =
      R"({"class_names":["TUM","STR","LYM","NEC"],"class_colours":[[255,0,0],[0,255,0],[0,0,255],[153,0,255]]})";
  const std::string path = dir + "/mask.tif";
  arml::slide::writeMaskPyramid(path, mask, meta);
  return path;
}

QColor pixelAt(const QImage& shot, const QPointF& p) { return shot.pixelColor(p.toPoint()); }

bool near(const QColor& a, const QColor& b, int tol = 2) {
  return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
         std::abs(a.blue() - b.blue()) <= tol;
}

QString describe(const QColor& c) { return QStringLiteral("(%1,%2,%3)").arg(c.red()).arg(c.green()).arg(c.blue()); }

void saveShot(QWidget& w, const QString& name) {
  static const std::string dir = arml::test::scratchDir("slide_view_shots");
  w.grab().save(QString::fromStdString(dir) + "/" + name + ".png");
}

bool openAndWait(SlideView& view, const QString& path) {
  QSignalSpy opened(&view, &SlideView::slideOpened);
  view.openSlide(path);
  if (!opened.wait(20000)) return false;
  return QTest::qWaitFor([&] { return view.isViewComplete(); }, 20000);
}

void sendWheel(QWidget& w, const QPointF& pos, int delta) {
  QWheelEvent e(pos, w.mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                false);
  QApplication::sendEvent(&w, &e);
}

void sendMouse(QWidget& w, QEvent::Type type, const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
  QMouseEvent e(type, pos, w.mapToGlobal(pos), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(&w, &e);
}

}  // namespace

class TestSlideView : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void tileCacheKeepsItsCeilingAndEvictsLeastRecentlyUsed();
  void scaleBarPicksRoundLengths();
  void generatedPyramidZoomPanAndLevels();
  void everyTileArrivesWithinASmallCache();
  void overlayDrawnWhereTheMaskSays();
  void realSlideWithResolution();
  void realSlideWithoutResolution();
  void minimapClickJumps();
  void badFilesGiveAClearMessage();
  void droppedMaskBecomesOverlay();
  void tileSeamsLineUpAtEveryLevel();
  void missingLevelsAreFilledByVirtualLevels();
  void hugeSingleLevelImageOpensWithoutBlocking();
};

void TestSlideView::tileCacheKeepsItsCeilingAndEvictsLeastRecentlyUsed() {
  QImage tile(256, 256, QImage::Format_RGB32);
  const std::int64_t one = TileCache::imageBytes(tile);
  TileCache cache(one * 3 + one / 2);
  for (int i = 0; i < 3; ++i) cache.insert(TileKey{0, 0, i, 0}, tile.copy());
  QCOMPARE(cache.count(), 3);
  QVERIFY(cache.find(TileKey{0, 0, 0, 0}));  // 0 is now the most recently used; 1 is the oldest
  cache.insert(TileKey{0, 0, 3, 0}, tile.copy());
  QCOMPARE(cache.count(), 3);
  QVERIFY(cache.contains(TileKey{0, 0, 0, 0}));
  QVERIFY(!cache.contains(TileKey{0, 0, 1, 0}));
  QVERIFY(cache.bytes() <= cache.ceilingBytes());
  QCOMPARE(cache.peakBytes(), one * 3);
  // Replacing a tile does not double-count it; layers are removed separately.
  cache.insert(TileKey{0, 0, 3, 0}, tile.copy());
  QCOMPARE(cache.bytes(), one * 3);
  cache.insert(TileKey{1, 0, 3, 0}, QImage(256, 256, QImage::Format_Indexed8));
  cache.removeLayer(1);
  QCOMPARE(cache.count(), 3);
  QCOMPARE(cache.bytes(), one * 3);
  cache.setCeiling(one);
  QCOMPARE(cache.count(), 1);
  QVERIFY(cache.contains(TileKey{0, 0, 3, 0}));
  QImage huge(2048, 2048, QImage::Format_RGB32);  // larger than the ceiling: not kept
  cache.insert(TileKey{0, 1, 0, 0}, huge);
  QVERIFY(!cache.contains(TileKey{0, 1, 0, 0}));
  QVERIFY(cache.bytes() <= cache.ceilingBytes());
}

void TestSlideView::scaleBarPicksRoundLengths() {
  const ScaleBarSpec a = scaleBarFor(0.5, 160);  // 80 µm fit -> 50 µm = 100 px
  QVERIFY(a.known);
  QCOMPARE(a.label, QStringLiteral("50 µm"));
  QCOMPARE(a.lengthPx, 100.0);
  const ScaleBarSpec b = scaleBarFor(16.0, 160);  // 2560 µm fit -> 2 mm = 125 px
  QCOMPARE(b.label, QStringLiteral("2 mm"));
  QCOMPARE(b.lengthPx, 125.0);
  const ScaleBarSpec c = scaleBarFor(std::nullopt);
  QVERIFY(!c.known);
  QVERIFY(c.label.contains(QStringLiteral("scale unknown")));
}

void TestSlideView::generatedPyramidZoomPanAndLevels() {
  const std::string dir = arml::test::scratchDir("slide_view_zoom");
  const QString path = QString::fromStdString(writePatternSlide(dir));
  SlideView view;
  view.resize(400, 300);
  view.show();
  QVERIFY(openAndWait(view, path));
  // 3 real levels (2048, 1024, 512 wide) + one virtual (256 wide).
  QCOMPARE(view.displayLevels().size(), 4);
  QVERIFY(view.displayLevels()[3].isVirtual());
  QCOMPARE(view.scale(), view.fitScale());  // 5.12: whole slide fits
  QCOMPARE(view.currentLevel(), 2);         // downsample 4 <= 5.12 < 8
  saveShot(view, "pattern_fit");

  QImage shot = view.grab().toImage();
  const QColor q0 = pixelAt(shot, view.toWidget(QPointF(kW / 4 + 30, kH / 4 + 30)));
  QVERIFY2(near(q0, QColor(230, 200, 120), 3), qPrintable(describe(q0)));

  // Keyboard zoom into the centre: 5.12 / 1.5^3 = 1.52 -> level 0.
  view.setFocus();
  const QPointF centre = view.centre();
  QTest::keyClick(&view, Qt::Key_Plus);
  QCOMPARE(view.currentLevel(), 1);
  QTest::keyClick(&view, Qt::Key_Plus);
  QTest::keyClick(&view, Qt::Key_Plus);
  QCOMPARE(view.currentLevel(), 0);
  QVERIFY(std::abs(view.centre().x() - centre.x()) < 1e-6);
  QVERIFY(view.visibleRegion().width() < 400 * 1.6);
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);
  saveShot(view, "pattern_level0");
  // At level 0 the grid lines are 2 screen pixels wide every 64 / 1.52 px: sample a line.
  shot = view.grab().toImage();
  const QColor line = pixelAt(shot, view.toWidget(QPointF(1024 + 64 + 1, 768 + 40)));
  QVERIFY2(line.red() < 110, qPrintable(describe(line)));

  // The wheel zooms around the cursor: the slide point under it stays put.
  const QPointF cursor(100, 80);
  const QPointF under = view.toSlide(cursor);
  sendWheel(view, cursor, -240);  // two notches out
  QVERIFY(std::abs(view.scale() - 1.517 * 1.5625) < 0.01);
  QVERIFY((view.toSlide(cursor) - under).manhattanLength() < 1e-6);

  // Arrow keys and dragging pan.
  const QPointF before = view.centre();
  QTest::keyClick(&view, Qt::Key_Right);
  QVERIFY(std::abs(view.centre().x() - before.x() - 300.0 / 8 * view.scale()) < 1e-6);
  const QPointF c1 = view.centre();
  sendMouse(view, QEvent::MouseButtonPress, QPointF(200, 150), Qt::LeftButton, Qt::LeftButton);
  sendMouse(view, QEvent::MouseMove, QPointF(150, 130), Qt::NoButton, Qt::LeftButton);
  sendMouse(view, QEvent::MouseButtonRelease, QPointF(150, 130), Qt::LeftButton, Qt::NoButton);
  QVERIFY((view.centre() - (c1 + QPointF(50, 20) * view.scale())).manhattanLength() < 1e-6);
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);

  // Zooming out all the way shows the virtual level; "0" fits the slide again.
  for (int i = 0; i < 8; ++i) QTest::keyClick(&view, Qt::Key_Minus);
  QCOMPARE(view.currentLevel(), 3);
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);
  saveShot(view, "pattern_virtual_level");
  QTest::keyClick(&view, Qt::Key_0);
  QCOMPARE(view.scale(), view.fitScale());
}

void TestSlideView::everyTileArrivesWithinASmallCache() {
  const std::string dir = arml::test::scratchDir("slide_view_cache");
  const QString path = QString::fromStdString(writePatternSlide(dir));
  SlideView view;
  view.resize(600, 400);
  const std::int64_t ceiling = 16ll * 256 * 256 * 4;  // 16 tiles: the view needs up to 12 + the ring
  view.setCacheCeiling(ceiling);
  view.show();
  QVERIFY(openAndWait(view, path));
  view.setView(QPointF(300, 200), 1.0);
  int views = 0;
  for (double y = 200; y < kH; y += 350)
    for (double x = 300; x < kW; x += 450) {
      view.setView(QPointF(x, y), 1.0);
      QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);
      QVERIFY(view.cache().bytes() <= ceiling);
      ++views;
      // What is drawn is the slide at that place (the quadrant colour away from grid lines).
      const QImage shot = view.grab().toImage();
      const QPointF probe(std::floor(x / 64) * 64 + 30, std::floor(y / 64) * 64 + 30);
      const cv::Vec3b want = quadrantColour(int(probe.x()), int(probe.y()));
      const QColor got = pixelAt(shot, view.toWidget(probe));
      QVERIFY2(near(got, QColor(want[0], want[1], want[2]), 1), qPrintable(describe(got)));
    }
  QVERIFY(views >= 12);
  QVERIFY(view.cache().peakBytes() <= ceiling);
  QVERIFY(view.cache().evictions() > 0);
  QTRY_COMPARE_WITH_TIMEOUT(view.pendingTiles(), 0, 20000);
}

void TestSlideView::overlayDrawnWhereTheMaskSays() {
  const std::string dir = arml::test::scratchDir("slide_view_overlay");
  const QString slidePath = QString::fromStdString(writePatternSlide(dir));
  const QString maskPath = QString::fromStdString(writeMaskFile(dir));
  SlideView view;
  view.resize(512, 384);
  view.show();
  QVERIFY(openAndWait(view, slidePath));
  QSignalSpy overlayOpened(&view, &SlideView::overlayOpened);
  view.openOverlay(maskPath);
  QVERIFY(overlayOpened.wait(10000));
  QCOMPARE(view.overlayClasses().size(), 4);
  QCOMPARE(view.overlayClasses()[2].colour, QColor(0, 0, 255));
  view.setOverlayOpacity(1.0);
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);
  saveShot(view, "overlay_opaque");

  // (The minimap covers the top-right corner of the view.)
  const QPointF left(kW / 4 + 30, kH / 4 + 30), right(1230, 800);
  const QColor rightSlide(180, 230, 180);
  const QPointF bottom(kW / 4 + 30, 1252);  // background: the slide shows through
  QImage shot = view.grab().toImage();
  QCOMPARE(pixelAt(shot, view.toWidget(left)), QColor(255, 0, 0));
  QCOMPARE(pixelAt(shot, view.toWidget(right)), QColor(0, 0, 255));
  QVERIFY2(near(pixelAt(shot, view.toWidget(bottom)), QColor(200, 120, 230), 3),
           qPrintable(describe(pixelAt(shot, view.toWidget(bottom)))));
  // The class boundary (mask column 256 = slide x 1024) lies within a screen pixel of its place.
  const QPointF edge = view.toWidget(QPointF(1024, 300));
  QCOMPARE(pixelAt(shot, edge + QPointF(-2, 0)), QColor(255, 0, 0));
  QCOMPARE(pixelAt(shot, edge + QPointF(2, 0)), QColor(0, 0, 255));

  // Half opacity blends with the slide.
  view.setOverlayOpacity(0.5);
  shot = view.grab().toImage();
  const QColor blend = pixelAt(shot, view.toWidget(left));
  QVERIFY2(near(blend, QColor((255 + 230) / 2, (0 + 200) / 2, (0 + 120) / 2), 3), qPrintable(describe(blend)));
  saveShot(view, "overlay_half");

  // A hidden class shows the slide; `O` hides the whole overlay and shows it again.
  view.setClassVisible(0, false);
  shot = view.grab().toImage();
  QVERIFY(near(pixelAt(shot, view.toWidget(left)), QColor(230, 200, 120), 3));
  QVERIFY(near(pixelAt(shot, view.toWidget(right)), QColor((0 + 180) / 2, (0 + 230) / 2, (255 + 180) / 2), 3));
  view.setClassVisible(0, true);
  view.setFocus();
  QTest::keyClick(&view, Qt::Key_O);
  QVERIFY(!view.overlayVisible());
  shot = view.grab().toImage();
  QVERIFY(near(pixelAt(shot, view.toWidget(right)), rightSlide, 3));
  QTest::keyClick(&view, Qt::Key_O);
  QVERIFY(view.overlayVisible());

  // Zoomed in to level 0 the overlay is read from the mask's level 0 and still lines up.
  view.setOverlayOpacity(1.0);
  view.setView(QPointF(1024, 300), 0.5);
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);
  saveShot(view, "overlay_zoomed");
  shot = view.grab().toImage();
  const QPointF e2 = view.toWidget(QPointF(1024, 300));
  QCOMPARE(pixelAt(shot, e2 + QPointF(-2, 0)), QColor(255, 0, 0));
  QCOMPARE(pixelAt(shot, e2 + QPointF(2, 0)), QColor(0, 0, 255));
}

void TestSlideView::realSlideWithResolution() {
  ARML_REQUIRE_SHARED(svs, "data/wsi/CMU-1-Small-Region.svs");
  arml::ui::SlidePage page;
  page.resize(1100, 700);
  page.show();
  QSignalSpy opened(page.view(), &SlideView::slideOpened);
  page.openSlide(QString::fromStdString(svs));
  QVERIFY(opened.wait(20000));
  SlideView* view = page.view();
  QCOMPARE(view->slide()->levelCount(), 1);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 20000);
  QVERIFY(view->umPerScreenPixel().has_value());
  QVERIFY(std::abs(*view->umPerScreenPixel() - 0.499 * view->scale()) < 0.001);
  QVERIFY(scaleBarFor(view->umPerScreenPixel()).known);
  QVERIFY(page.propertiesTable()->rowCount() > 10);
  QVERIFY(!page.messageLabel()->isVisible());
  QVERIFY(page.associatedList()->count() >= 1);
  QTRY_VERIFY_WITH_TIMEOUT(view->minimap()->isVisible(), 10000);
  saveShot(page, "cmu_page");
  // The picture is tissue, not blank: some screen pixels are clearly non-white.
  const QImage shot = view->grab().toImage();
  int coloured = 0;
  for (int y = 0; y < shot.height(); y += 7)
    for (int x = 0; x < shot.width(); x += 7)
      if (shot.pixelColor(x, y).saturation() > 40) ++coloured;
  QVERIFY(coloured > 50);
  // Zoom in with the wheel to 1:1 and further; level 0 is the only real level.
  sendWheel(*view, QPointF(300, 300), 120 * 6);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 20000);
  saveShot(*view, "cmu_zoomed");
  // An associated image opens in a window.
  QSignalSpy shown(&page, &arml::ui::SlidePage::associatedImageShown);
  page.showAssociatedImage(page.associatedList()->item(0)->text());
  QVERIFY(shown.wait(10000));
  QVERIFY(page.associatedDialog()->isVisible());
  saveShot(*page.associatedDialog(), "cmu_associated");
}

void TestSlideView::realSlideWithoutResolution() {
  ARML_REQUIRE_SHARED(wsi, "data/wsi");
  std::string tcga;
  for (const auto& e : fs::directory_iterator(wsi))
    if (e.path().filename().string().rfind("tcga-", 0) == 0) tcga = e.path().string();
  if (tcga.empty()) QSKIP("no tcga-*.svs in ../shared/data/wsi");
  SlideView view;
  view.resize(700, 500);
  view.show();
  QVERIFY(openAndWait(view, QString::fromStdString(tcga)));
  QCOMPARE(view.slide()->levelCount(), 2);
  QVERIFY(!view.umPerScreenPixel().has_value());
  QVERIFY(scaleBarFor(view.umPerScreenPixel()).label.contains(QStringLiteral("scale unknown")));
  const int fitLevel = view.currentLevel();
  QVERIFY(fitLevel >= 1);
  saveShot(view, "tcga_fit");
  // Zoom to 1:1 at the centre: real level 0.
  view.setView(view.centre(), 1.0);
  QCOMPARE(view.currentLevel(), 0);
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);
  saveShot(view, "tcga_level0");
}

void TestSlideView::minimapClickJumps() {
  const std::string dir = arml::test::scratchDir("slide_view_minimap");
  const QString path = QString::fromStdString(writePatternSlide(dir));
  SlideView view;
  view.resize(500, 400);
  view.show();
  QVERIFY(openAndWait(view, path));
  view.setView(QPointF(200, 200), 1.0);
  Minimap* map = view.minimap();
  QTRY_VERIFY_WITH_TIMEOUT(map->isVisible(), 10000);
  QVERIFY(map->viewport().contains(QPointF(200, 200)));
  const QPoint target(map->width() * 3 / 4, map->height() / 2);
  QTest::mouseClick(map, Qt::LeftButton, Qt::NoModifier, target);
  const QPointF expect = map->toSlide(target);
  QVERIFY((view.centre() - expect).manhattanLength() < 1e-6);
  QVERIFY(std::abs(view.centre().x() - kW * 0.75) < kW / double(map->width()) * 2);
  QVERIFY(map->viewport().contains(expect));
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 20000);
  saveShot(view, "minimap_jump");
}

void TestSlideView::badFilesGiveAClearMessage() {
  const std::string dir = arml::test::scratchDir("slide_view_bad");
  arml::ui::SlidePage page;
  page.resize(900, 600);
  page.show();
  // Not a slide at all.
  { std::ofstream(dir + "/notes.svs") << "this is not a slide\n"; }
  page.openSlide(QString::fromStdString(dir + "/notes.svs"));
  QTRY_VERIFY_WITH_TIMEOUT(page.messageLabel()->isVisible(), 10000);
  QVERIFY(page.messageLabel()->text().startsWith(QStringLiteral("Cannot open this slide")));
  QVERIFY(page.messageLabel()->text().contains(QStringLiteral("notes.svs")));
  QVERIFY(!page.view()->slide());
  saveShot(page, "bad_not_a_slide");
  // Missing file.
  page.openSlide(QString::fromStdString(dir + "/missing.svs"));
  QTRY_VERIFY_WITH_TIMEOUT(page.messageLabel()->text().contains(QStringLiteral("missing.svs")), 10000);

  // A truncated slide either fails to open or fails on its tiles; either way a message, no crash,
  // and the view still completes (damaged tiles are drawn hatched).
  const std::string svs = arml::test::sharedPath("data/wsi/CMU-1-Small-Region.svs");
  if (svs.empty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  {
    std::ifstream in(svs, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir + "/truncated.svs", std::ios::binary).write(bytes.data(), bytes.size() * 6 / 10);
  }
  // Damaged tile data (a block in the middle zeroed): opens, but its tiles fail to decode.
  {
    std::ifstream in(svs, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fill(bytes.begin() + bytes.size() * 3 / 10, bytes.begin() + bytes.size() * 6 / 10, '\0');
    std::ofstream(dir + "/damaged.svs", std::ios::binary).write(bytes.data(), bytes.size());
  }
  page.openSlide(QString::fromStdString(dir + "/damaged.svs"));
  QTRY_VERIFY_WITH_TIMEOUT(page.view()->slide() != nullptr, 20000);
  page.view()->setView(page.view()->centre(), 1.0);
  for (int i = 0; i < 6 && !page.messageLabel()->isVisible(); ++i) {
    page.view()->panBy(QPointF(0, -400));
    QTRY_VERIFY_WITH_TIMEOUT(page.view()->isViewComplete(), 20000);  // damaged tiles arrive hatched
  }
  QVERIFY(page.messageLabel()->isVisible());
  QVERIFY(page.messageLabel()->text().contains(QStringLiteral("could not be read")));
  saveShot(page, "bad_damaged");

  page.view()->closeSlide();
  page.openSlide(QString::fromStdString(dir + "/truncated.svs"));
  QTRY_VERIFY_WITH_TIMEOUT(page.messageLabel()->isVisible() && !page.view()->isOpening(), 20000);
  if (page.view()->slide()) {
    page.view()->setView(page.view()->centre(), 1.0);
    for (int i = 0; i < 4; ++i) {
      page.view()->panBy(QPointF(0, -400));
      QTRY_VERIFY_WITH_TIMEOUT(page.view()->isViewComplete(), 20000);
    }
    QVERIFY(page.messageLabel()->text().contains(QStringLiteral("could not be read")));
  } else {
    QVERIFY(page.messageLabel()->text().startsWith(QStringLiteral("Cannot open this slide")));
  }
  saveShot(page, "bad_truncated");
}

void TestSlideView::droppedMaskBecomesOverlay() {
  const std::string dir = arml::test::scratchDir("slide_view_drop");
  const QString slidePath = QString::fromStdString(writePatternSlide(dir));
  const QString maskPath = QString::fromStdString(writeMaskFile(dir));
  arml::ui::SlidePage page;
  page.resize(1000, 600);
  page.show();
  QSignalSpy opened(page.view(), &SlideView::slideOpened);
  page.openDropped(slidePath);  // nothing open yet: a slide
  QVERIFY(opened.wait(20000));
  QSignalSpy overlay(page.view(), &SlideView::overlayOpened);
  page.openDropped(maskPath);  // a slide is open and this is a mask pyramid: the overlay
  QVERIFY(overlay.wait(10000));
  QCOMPARE(page.classChecks().size(), 4);
  QVERIFY(page.overlayCheck()->isEnabled());
  page.opacitySlider()->setValue(80);
  QCOMPARE(page.view()->overlayOpacity(), 0.8);
  page.classChecks()[2]->setChecked(false);
  QVERIFY(!page.view()->overlayClasses()[2].visible);
  page.view()->setFocus();
  QTest::keyClick(page.view(), Qt::Key_O);
  QVERIFY(!page.overlayCheck()->isChecked());
  QTest::keyClick(page.view(), Qt::Key_O);
  QVERIFY(page.overlayCheck()->isChecked());
  QTRY_VERIFY_WITH_TIMEOUT(page.view()->isViewComplete(), 20000);
  saveShot(page, "page_overlay");
  // Dropping a second RGB slide while one is open: not a mask, so it opens as the slide.
  QSignalSpy opened2(page.view(), &SlideView::slideOpened);
  page.openDropped(slidePath);
  QVERIFY(opened2.wait(20000));
  QVERIFY(!page.view()->hasOverlay());
  QCOMPARE(page.classChecks().size(), 0);
}

namespace {

// The slide's pixels that the view should show in `rect` (pixels of display level `dl`): a read of
// the source level, shrunk by block averaging for a virtual level, as the tiles are made.
cv::Mat expectedPixels(const arml::slide::SlideReader& reader, const DisplayLevel& dl, const QRect& rect) {
  const double ds = dl.downsample;
  const auto x0 = std::int64_t(std::llround(rect.x() * ds)), y0 = std::int64_t(std::llround(rect.y() * ds));
  if (!dl.isVirtual()) return reader.readRegion(dl.sourceLevel, x0, y0, rect.width(), rect.height());
  const double r = ds / reader.level(dl.sourceLevel).downsample;
  const cv::Mat big = reader.readRegion(dl.sourceLevel, x0, y0, int(std::lround(rect.width() * r)),
                                        int(std::lround(rect.height() * r)));
  cv::Mat small;
  cv::resize(big, small, cv::Size(rect.width(), rect.height()), 0, 0, cv::INTER_AREA);
  return small;
}

// At every display level, with the view at exactly one screen pixel per level pixel and four tiles
// meeting in its middle, the screen around the seam equals the slide's pixels: no gap, overlap or
// shift of a single pixel between neighbouring tiles.
void checkSeams(SlideView& view, const QString& name) {
  const arml::slide::SlideReader& reader = *view.slide();
  constexpr int kHalf = 40;
  for (int l = 0; l < view.displayLevels().size(); ++l) {
    const DisplayLevel& dl = view.displayLevels()[l];
    const int T = SlideView::kTileSize;
    // Full tiles only: the last, partial column and row are stretched to the slide's edge.
    const int fullCols = int(dl.width / T), fullRows = int(dl.height / T);
    if (std::max(fullCols, fullRows) < 2 || std::min(fullCols, fullRows) < 1) continue;  // no seam between full tiles
    const QPoint corner(fullCols >= 2 ? fullCols / 2 * T : T / 2, fullRows >= 2 ? fullRows / 2 * T : T / 2);
    view.setView(QPointF(corner) * dl.downsample, dl.downsample);
    QCOMPARE(view.currentLevel(), l);
    QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete(), 30000);
    const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB888);
    const QPoint screenCorner = view.toWidget(QPointF(corner) * dl.downsample).toPoint();
    const QRect levelRect(corner - QPoint(kHalf, kHalf), QSize(2 * kHalf, 2 * kHalf));
    const cv::Mat want = expectedPixels(reader, dl, levelRect);
    int wrong = 0;
    QString first;
    for (int y = 0; y < want.rows; ++y)
      for (int x = 0; x < want.cols; ++x) {
        const QColor got = shot.pixelColor(screenCorner + QPoint(x - kHalf, y - kHalf));
        const cv::Vec3b w = want.at<cv::Vec3b>(y, x);
        if (got != QColor(w[0], w[1], w[2])) {
          if (wrong++ == 0)
            first = QStringLiteral("(%1,%2): %3 vs %4,%5,%6").arg(x).arg(y).arg(describe(got)).arg(w[0]).arg(w[1]).arg(w[2]);
        }
      }
    if (l == 0) saveShot(view, name + "_seam_level0");
    QVERIFY2(wrong == 0, qPrintable(QStringLiteral("%1 level %2 (downsample %3%4): %5 pixels differ, first %6")
                                       .arg(name)
                                       .arg(l)
                                       .arg(dl.downsample)
                                       .arg(dl.isVirtual() ? ", virtual" : "")
                                       .arg(wrong)
                                       .arg(first)));
  }
}

// A two-level pyramid of the pattern with downsamples 1 and 8: levels 2 and 4 are missing.
std::string writeGappedPyramid(const std::string& dir) {
  const std::string path = dir + "/gapped.tif";
  const cv::Mat img = patternImage();
  cv::Mat small;
  cv::resize(img, small, cv::Size(kW / 8, kH / 8), 0, 0, cv::INTER_AREA);
  TIFF* tif = TIFFOpen(path.c_str(), "w");
  for (const cv::Mat* level : {&img, static_cast<const cv::Mat*>(&small)}) {
    const cv::Mat src = *level;
    arml::test::writeTiffLevel(tif, src.cols, src.rows, 256,
                               [&src](int x0, int y0, cv::Mat& t) {
                                 const cv::Rect r = cv::Rect(x0, y0, t.cols, t.rows) & cv::Rect(0, 0, src.cols, src.rows);
                                 src(r).copyTo(t(cv::Rect(0, 0, r.width, r.height)));
                               },
                               level != &img);
  }
  TIFFClose(tif);
  return path;
}

}  // namespace

void TestSlideView::tileSeamsLineUpAtEveryLevel() {
  const std::string dir = arml::test::scratchDir("slide_view_seams");
  SlideView view;
  view.resize(800, 600);  // the compared middle stays clear of the minimap and the read-outs
  view.show();
  QVERIFY(openAndWait(view, QString::fromStdString(writePatternSlide(dir))));
  QCOMPARE(view.displayLevels().size(), 4);  // 3 real levels and a virtual one
  checkSeams(view, QStringLiteral("pattern"));

  const std::string svs = arml::test::sharedPath("data/wsi/CMU-1-Small-Region.svs");
  if (svs.empty()) QSKIP("shared data not found: ../shared/data/wsi/CMU-1-Small-Region.svs");
  QVERIFY(openAndWait(view, QString::fromStdString(svs)));
  QVERIFY(view.displayLevels().size() >= 4);  // one real level, the rest virtual
  checkSeams(view, QStringLiteral("cmu"));
}

void TestSlideView::missingLevelsAreFilledByVirtualLevels() {
  const std::string dir = arml::test::scratchDir("slide_view_gap");
  SlideView view;
  view.resize(800, 600);
  view.show();
  QVERIFY(openAndWait(view, QString::fromStdString(writeGappedPyramid(dir))));
  QCOMPARE(view.slide()->levelCount(), 2);
  QVector<double> ds;
  QVector<bool> virt;
  for (const DisplayLevel& d : view.displayLevels()) {
    ds.push_back(d.downsample);
    virt.push_back(d.isVirtual());
  }
  QCOMPARE(ds, (QVector<double>{1, 2, 4, 8}));
  QCOMPARE(virt, (QVector<bool>{false, true, true, false}));
  QCOMPARE(view.displayLevels()[2].sourceLevel, 0);
  checkSeams(view, QStringLiteral("gapped"));
  // At downsample 4 a screen (and the prefetch ring around it) needs a few dozen tiles, not the
  // hundred and more level-0 tiles it would take without the virtual levels.
  view.cache().clear();
  const std::int64_t before = view.tilesDecoded();
  view.setView(QPointF(kW / 2.0, kH / 2.0), 4.0);
  QCOMPARE(view.currentLevel(), 2);
  QTRY_VERIFY_WITH_TIMEOUT(view.isViewComplete() && view.pendingTiles() == 0, 20000);
  QVERIFY2(view.tilesDecoded() - before <= 40, qPrintable(QString::number(view.tilesDecoded() - before)));
  saveShot(view, "gapped_ds4");
}

void TestSlideView::hugeSingleLevelImageOpensWithoutBlocking() {
  // A 60000 x 60000 single-level tiled TIFF (3.6 gigapixels), written lazily: one white tile is
  // deflated once and its bytes are stored for all 55,000 tiles (about 15 MB on disk), except one
  // pink tile in the middle.
  const std::string dir = arml::test::scratchDir("slide_view_huge");
  const std::string path = dir + "/huge.tif";
  auto setTags = [](TIFF* tif, std::uint32_t side) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, side);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, side);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_TILEWIDTH, 256);
    TIFFSetField(tif, TIFFTAG_TILELENGTH, 256);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
  };
  std::vector<unsigned char> whiteTile;
  {
    const std::string one = dir + "/one.tif";
    TIFF* tif = TIFFOpen(one.c_str(), "w");
    setTags(tif, 256);
    cv::Mat white(256, 256, CV_8UC3, cv::Scalar(255, 255, 255));
    QVERIFY(TIFFWriteEncodedTile(tif, 0, white.data, 256 * 256 * 3) > 0);
    TIFFClose(tif);
    tif = TIFFOpen(one.c_str(), "r");
    whiteTile.resize(static_cast<std::size_t>(TIFFTileSize(tif)) + 1024);
    const tmsize_t n = TIFFReadRawTile(tif, 0, whiteTile.data(), static_cast<tmsize_t>(whiteTile.size()));
    QVERIFY(n > 0);
    whiteTile.resize(static_cast<std::size_t>(n));
    TIFFClose(tif);
  }
  {
    TIFF* tif = TIFFOpen(path.c_str(), "w");
    QVERIFY(tif);
    setTags(tif, 60000);
    const ttile_t pinkTile = TIFFComputeTile(tif, 30000, 30000, 0, 0);
    cv::Mat pink(256, 256, CV_8UC3, cv::Scalar(230, 120, 200));
    for (ttile_t t = 0, n = TIFFNumberOfTiles(tif); t < n; ++t) {
      const bool ok = t == pinkTile ? TIFFWriteEncodedTile(tif, t, pink.data, 256 * 256 * 3) > 0
                                    : TIFFWriteRawTile(tif, t, whiteTile.data(), static_cast<tmsize_t>(whiteTile.size())) > 0;
      QVERIFY(ok);
    }
    QVERIFY(TIFFWriteDirectory(tif));
    TIFFClose(tif);
  }
  QVERIFY(fs::file_size(path) < 40'000'000);

  arml::ui::SlidePage page;
  page.resize(1000, 700);
  page.show();
  // The longest gap between two runs of the GUI event loop while the slide opens and its first
  // view fills in: a read on the GUI thread would show up as a gap of seconds.
  QElapsedTimer clock, sinceLast;
  qint64 worstGap = 0;
  QTimer ticker;
  ticker.setInterval(5);
  sinceLast.start();
  connect(&ticker, &QTimer::timeout, [&] {
    worstGap = std::max(worstGap, sinceLast.restart());
  });
  ticker.start();
  clock.start();
  QSignalSpy opened(page.view(), &SlideView::slideOpened);
  page.openSlide(QString::fromStdString(path));
  QVERIFY(opened.wait(30000));
  SlideView* view = page.view();
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 60000);
  const qint64 firstView = clock.elapsed();
  ticker.stop();
  qInfo("huge single-level image: first full view after %lld ms, longest event-loop gap %lld ms, cache %.1f MB",
        firstView, worstGap, view->cache().peakBytes() / 1048576.0);
  QVERIFY2(worstGap < 5000, qPrintable(QStringLiteral("the GUI thread was blocked for %1 ms").arg(worstGap)));

  QVERIFY(view->overviewLimited());
  QCOMPARE(view->slide()->levelCount(), 1);
  QCOMPARE(view->scale(), view->maxScale());  // as far out as it goes: 1:16, not the whole slide
  QCOMPARE(view->maxScale(), 16.0);
  QVERIFY(!view->minimap()->isVisible());
  QVERIFY(page.messageLabel()->isVisible());
  QVERIFY2(page.messageLabel()->text().contains(QStringLiteral("huge.tif is 60000 × 60000 px with no smaller "
                                                               "overview level")),
           qPrintable(page.messageLabel()->text()));
  // Zooming out further is refused; the wheel out keeps the scale.
  sendWheel(*view, QPointF(300, 300), -240);
  QCOMPARE(view->scale(), 16.0);
  // White where nothing was written, the one tile where it was.
  view->setView(QPointF(30000 - 2000, 30000 - 2000), 16.0);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 60000);
  QImage shot = view->grab().toImage();
  QCOMPARE(shot.pixelColor(view->toWidget(QPointF(28000, 28000)).toPoint()), QColor(Qt::white));
  saveShot(page, "huge_single_level");
  view->setView(QPointF(30128, 30128), 1.0);
  QTRY_VERIFY_WITH_TIMEOUT(view->isViewComplete(), 60000);
  shot = view->grab().toImage();
  QCOMPARE(shot.pixelColor(view->toWidget(QPointF(30100, 30100)).toPoint()), QColor(230, 120, 200));
  QCOMPARE(shot.pixelColor(view->toWidget(QPointF(29950, 30100)).toPoint()), QColor(Qt::white));
}

QTEST_MAIN(TestSlideView)
#include "test_slide_view.moc"
