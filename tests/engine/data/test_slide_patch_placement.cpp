// A slide patch's file name gives its level-0 place; exchanges of its mask use it.
#include <QtTest>

#include "core/errors.h"
#include "data/slide_patch_placement.h"

using namespace arml::data;

class TestSlidePatchPlacement : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void namesOfSlidePatchesParse() {
    const auto p = parseSlidePatchImage("slide-patches/TCGA_x1_s2/TCGA_x1_s2_x10240_y2048_s896.png");
    QVERIFY(p);
    QCOMPARE(QString::fromStdString(p->slide), QString("TCGA_x1_s2"));  // underscores and markers in the slide name
    QCOMPARE(p->x, 10240ll);
    QCOMPARE(p->y, 2048ll);
    QCOMPARE(p->side, 896ll);
  }

  void otherPathsAreNotSlidePatches() {
    for (const char* path : {"train/a_x1_y2_s3.png", "slide-patches/a_x1_y2_s3.png", "slide-patches/b/a_x1_y2_s3.png",
                             "slide-patches/a/a_x1_y2_s3.jpg", "slide-patches/a/a_x1_y2_s0.png",
                             "slide-patches/a/a_x-1_y2_s3.png", "slide-patches/a/a_x1_y2.png", "slide-patches/a/sub/a_x1_y2_s3.png",
                             "slide-patches/a/a_x1_y2_s99999999999999999999.png", "slide-patches//_x1_y2_s3.png", ""})
      QVERIFY2(!parseSlidePatchImage(path), path);
  }

  void level0MappingScalesTheMaskToTheSide() {
    ExchangeOptions o;
    mapToLevel0(o, {"s", 1000, 2000, 896}, cv::Size(224, 224), "m.png");
    QCOMPARE(o.scale, 4.0);
    QCOMPARE(o.offsetX, 1000.0);
    QCOMPARE(o.offsetY, 2000.0);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, mapToLevel0(o, {"s", 0, 0, 896}, cv::Size(224, 200), "m.png"));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, mapToLevel0(o, {"s", 0, 0, 896}, cv::Size(0, 0), "m.png"));
  }
};

QTEST_APPLESS_MAIN(TestSlidePatchPlacement)
#include "test_slide_patch_placement.moc"
