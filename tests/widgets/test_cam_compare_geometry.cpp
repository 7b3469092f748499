// The CAM compare view's geometry without a widget (widgets/cam_compare_geometry.h): the grid of
// panel cells, the image areas under the titles, the linked view's image <-> canvas mapping and
// the swipe divider.
#include <QtTest>

#include "widgets/cam_compare_geometry.h"

using namespace arml::widgets;

namespace {
CamCompareGeometry fivePanels() {
  CamCompareGeometry g;
  g.canvas = QRectF(0, 0, 900, 560);
  g.panelCount = 5;
  g.scale = 2.0;
  g.centre = QPointF(60, 45);
  return g;
}
}  // namespace

class TestCamCompareGeometry : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void cellsKeepThePanelsClosestToSquare() {
    const CamCompareGeometry g = fivePanels();
    const QVector<QRectF> c = g.cells();
    QCOMPARE(c.size(), 5);
    // 3 columns x 2 rows inside a 6-pixel margin, 6 pixels apart.
    QCOMPARE(c[0], QRectF(6, 6, 292, 271));
    QCOMPARE(c[4], QRectF(304, 283, 292, 271));
    QCOMPARE(CamCompareGeometry::areaOfCell(c[4]), QRectF(304, 303, 292, 225));
    QCOMPARE(g.imageArea(4), CamCompareGeometry::areaOfCell(c[4]));
    QCOMPARE(g.imageArea(99), g.imageArea(4));  // clamped to the last panel
    QCOMPARE(g.cellAt(QPointF(310, 300)), 4);
    QCOMPARE(g.cellAt(QPointF(301, 100)), -1);  // in the gap between two cells

    CamCompareGeometry none = g;
    none.panelCount = 0;
    QCOMPARE(none.cells(), QVector<QRectF>{QRectF(6, 6, 888, 548)});
  }

  void comparisonViewsHaveOneAreaAndADivider() {
    CamCompareGeometry g = fivePanels();
    g.sideBySide = false;
    g.swipe = 0.25;
    QCOMPARE(g.cells().size(), 1);
    const QRectF area(6, 26, 888, 502);
    QCOMPARE(g.imageArea(0), area);
    QCOMPARE(g.imageArea(3), area);
    QCOMPARE(g.swipeDivider(), QRectF(6 + 0.25 * 888, 26, 0, 502));
  }

  void everyAreaShowsTheSameImagePointAtItsCentre() {
    const CamCompareGeometry g = fivePanels();
    for (int i = 0; i < 5; ++i) {
      QCOMPARE(g.imageToCanvas(i, g.centre), g.imageArea(i).center());
      const QPointF p(10.5, 70.25);
      const QPointF back = g.canvasToImage(i, g.imageToCanvas(i, p));
      QVERIFY((back - p).manhattanLength() < 1e-9);
    }
    // The image (120 x 90) drawn at scale 2 around its centre point (60, 45).
    const QRectF area = g.imageArea(0);
    QCOMPARE(g.imageTarget(area, QSize(120, 90)), QRectF(area.center() - QPointF(120, 90), QSizeF(240, 180)));
  }
};

QTEST_MAIN(TestCamCompareGeometry)
#include "test_cam_compare_geometry.moc"
