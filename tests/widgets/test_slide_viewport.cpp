// The slide view's geometry without a widget or a slide file (widgets/slide_viewport.h): display
// levels (virtual ones in gaps and below the coarsest level), the level drawn at a scale, zoom
// about a point, panning and clamping, widget <-> level-0 coordinates and the tiles covering a
// rectangle.
#include <QtTest>
#include <vector>

#include "slide/slide_reader.h"
#include "widgets/slide_viewport.h"

using namespace arml::widgets;
using arml::slide::SlideLevel;

namespace {

// 2048 x 1536 with levels at downsamples 1, 2 and 4, shown in a 400 x 300 widget.
SlideViewport pyramid() {
  SlideViewport vp;
  vp.setSlide({SlideLevel{2048, 1536, 1.0}, SlideLevel{1024, 768, 2.0}, SlideLevel{512, 384, 4.0}});
  vp.setWidgetSize(QSize(400, 300));
  return vp;
}

bool samePoint(const QPointF& a, const QPointF& b, double tol = 1e-9) { return (a - b).manhattanLength() <= tol; }

}  // namespace

class TestSlideViewport : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void pyramidGetsOneVirtualLevelBelowItsCoarsest() {
    const SlideViewport vp = pyramid();
    QVERIFY(vp.hasSlide());
    QCOMPARE(vp.levels().size(), 4);
    for (int i = 0; i < 3; ++i) {
      QVERIFY(!vp.levels()[i].isVirtual());
      QCOMPARE(vp.levels()[i].sourceLevel, i);
    }
    const DisplayLevel& v = vp.levels()[3];
    QVERIFY(v.isVirtual());
    QCOMPARE(v.sourceLevel, 2);
    QCOMPARE(v.downsample, 8.0);
    QCOMPARE(v.width, std::int64_t(256));  // fits one tile: no further level
    QCOMPARE(v.height, std::int64_t(192));
    QVERIFY(!vp.overviewLimited());
  }

  void gapsAreFilledAndVirtualLevelsStopAtTheReadRatio() {
    SlideViewport gap;
    gap.setSlide({SlideLevel{4096, 4096, 1.0}, SlideLevel{256, 256, 16.0}});
    QVector<double> ds;
    for (const DisplayLevel& d : gap.levels()) ds << d.downsample;
    QCOMPARE(ds, (QVector<double>{1, 2, 4, 8, 16}));
    QCOMPARE(gap.levels()[3].sourceLevel, 0);
    QCOMPARE(gap.levels()[3].width, std::int64_t(512));

    // One huge level: virtual levels down to 1/16 (a virtual tile reads at most 16 x 16 tiles),
    // still too large for an overview.
    SlideViewport huge;
    huge.setSlide({SlideLevel{100000, 80000, 1.0}});
    huge.setWidgetSize(QSize(400, 300));
    QCOMPARE(huge.levels().size(), 5);
    QCOMPARE(huge.levels().back().downsample, 16.0);
    QCOMPARE(huge.levels().back().width, std::int64_t(6250));
    QVERIFY(huge.overviewLimited());
    QCOMPARE(huge.maxScale(), 16.0);
    huge.setView(QPointF(0, 0), 1000);
    QCOMPARE(huge.scale(), 16.0);
  }

  void levelChoiceIsTheCoarsestNotAboveTheScale() {
    SlideViewport vp = pyramid();
    QCOMPARE(vp.fitScale(), 5.12);   // 2048 / 400 > 1536 / 300
    QCOMPARE(vp.maxScale(), 10.24);  // twice the fit
    const QVector<QPair<double, int>> cases = {{0.25, 0}, {1.0, 0}, {1.99, 0}, {2.0, 1},
                                               {3.99, 1}, {4.0, 2}, {5.12, 2}, {8.0, 3}};
    for (const auto& [scale, level] : cases) {
      vp.setView(QPointF(1024, 768), scale);
      QCOMPARE(vp.currentLevel(), level);
    }
    vp.setView(QPointF(1024, 768), 1000);  // clamped to maxScale()
    QCOMPARE(vp.scale(), 10.24);
    QCOMPARE(vp.currentLevel(), 3);
    vp.setView(QPointF(1024, 768), 0.001);  // at most 16 screen pixels per slide pixel
    QCOMPARE(vp.scale(), SlideViewport::kMinScale);

    const SlideViewport none;
    QVERIFY(!none.hasSlide());
    QCOMPARE(none.currentLevel(), -1);
    QCOMPARE(none.fitScale(), 1.0);
    QCOMPARE(none.maxScale(), 1.0);
  }

  void sceneAndLevel0CoordinatesRoundTrip() {
    SlideViewport vp = pyramid();
    vp.setView(QPointF(1000, 700), 2.0);
    QVERIFY(samePoint(vp.toSlide(QPointF(200, 150)), QPointF(1000, 700)));  // the widget's centre
    QVERIFY(samePoint(vp.toSlide(QPointF(0, 0)), QPointF(600, 400)));
    QVERIFY(samePoint(vp.toWidget(QPointF(1100, 650)), QPointF(250, 125)));
    for (const QPointF p : {QPointF(3.5, 7.25), QPointF(399, 0), QPointF(-20, 310)})
      QVERIFY(samePoint(vp.toWidget(vp.toSlide(p)), p));
    QCOMPARE(vp.visibleRegion(), QRectF(600, 400, 800, 600));
    // Whole screen pixels: a level-0 rectangle rounds to the pixels its corners fall in.
    QCOMPARE(vp.screenRect(QRectF(600, 400, 20, 10)), QRect(0, 0, 10, 5));
  }

  void zoomKeepsTheAnchorFixedAndPanMovesByScreenPixels() {
    SlideViewport vp = pyramid();
    vp.fit();
    QCOMPARE(vp.centre(), QPointF(1024, 768));
    QCOMPARE(vp.scale(), 5.12);
    const QPointF anchor(100, 80);
    const QPointF under = vp.toSlide(anchor);
    QVERIFY(vp.zoomBy(4.0, anchor));
    QCOMPARE(vp.scale(), 1.28);
    QVERIFY(samePoint(vp.toSlide(anchor), under, 1e-6));
    QVERIFY(vp.zoomBy(1.0 / 1.5, QPointF(300, 200)));
    QCOMPARE(vp.scale(), 1.92);

    const QPointF before = vp.centre();
    vp.panBy(QPointF(10, -5));  // content moves right and up: the centre moves left and down
    QVERIFY(samePoint(vp.centre(), before + QPointF(-10, 5) * 1.92));
    vp.panBy(QPointF(1e6, 1e6));  // the centre stays on the slide
    QCOMPARE(vp.centre(), QPointF(0, 0));

    QVERIFY(!vp.zoomBy(0.0, anchor));
    QVERIFY(!vp.zoomBy(-2.0, anchor));
    SlideViewport none;
    QVERIFY(!none.zoomBy(2.0, anchor));
  }

  void tilesCoverTheRectangleAndEndAtTheSlideEdge() {
    SlideViewport vp = pyramid();
    // Level 1 (downsample 2): 1024 x 768 pixels, 4 x 3 tiles of 512 level-0 pixels.
    const TileRange all = vp.tilesCovering(1, QRectF(-100, -100, 5000, 5000));
    QCOMPARE(all.col0, 0);
    QCOMPARE(all.row0, 0);
    QCOMPARE(all.col1, 3);
    QCOMPARE(all.row1, 2);
    QCOMPARE(all.count(), std::int64_t(12));
    const TileRange part = vp.tilesCovering(1, QRectF(600, 10, 500, 10));
    QCOMPARE(part.col0, 1);
    QCOMPARE(part.col1, 2);
    QCOMPARE(part.row0, 0);
    QCOMPARE(part.row1, 0);
    QVERIFY(part.contains(2, 0) && !part.contains(3, 0));
    QCOMPARE(vp.tileRectLevel0(1, 1, 2), QRectF(512, 1024, 512, 512));
    // The virtual level's 256 x 192 tile ends at the slide's edge.
    QCOMPARE(vp.tileRectLevel0(3, 0, 0), QRectF(0, 0, 2048, 1536));
    QCOMPARE(SlideViewport::tileSize(vp.levels()[3], 0, 0), QSize(256, 192));
    // Neighbouring tiles share their screen edges at any scale.
    vp.setView(QPointF(777.7, 555.5), 1.37);
    const QRect a = vp.screenRect(vp.tileRectLevel0(0, 2, 1)), b = vp.screenRect(vp.tileRectLevel0(0, 3, 1));
    QCOMPARE(a.right() + 1, b.left());
  }
};

QTEST_MAIN(TestSlideViewport)
#include "test_slide_viewport.moc"
