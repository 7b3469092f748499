#include <QtTest>

#include "core/errors.h"
#include "data/image_label.h"

using namespace arml::data;

class TestImageLabel : public QObject {
  Q_OBJECT

  static QString errorOf(const std::string& name, int k) {
    try {
      parseImageLabel(name, k);
    } catch (const arml::InputError& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }

private Q_SLOTS:
  void bcssContiguous() {
    QCOMPARE(parseImageLabel("TCGA-A1-A0SK-DX1_xmin45749_ymin25055_MPP-0.2500+0[1101].png", 4),
             (std::vector<int>{1, 1, 0, 1}));
  }
  void luadSpaced() {
    QCOMPARE(parseImageLabel("1031280-2300-27920-[1 0 0 1].png", 4), (std::vector<int>{1, 0, 0, 1}));
  }
  void wsss4luadCommaSpaced() {
    QCOMPARE(parseImageLabel("/data/wsss4luad/training/1003370-5631-18822-[0, 1, 0].png", 3),
             (std::vector<int>{0, 1, 0}));
  }
  void lastOpenBracketBeforeFirstClose() {
    // The label is between the last '[' before the first ']'; later brackets are ignored.
    QCOMPARE(parseImageLabel("x[y[0 1 1 0]z[1111].png", 4), (std::vector<int>{0, 1, 1, 0}));
    // Only the file name is looked at, not the folders.
    QCOMPARE(parseImageLabel("/tmp/run[1]/a-[0 0 1 0].png", 4), (std::vector<int>{0, 0, 1, 0}));
  }
  void malformedNamesNameTheFile() {
    const std::string noBrackets = "/data/train/patch-0001.png";
    QString e = errorOf(noBrackets, 4);
    QVERIFY(e.startsWith(QString::fromStdString(noBrackets) + ":"));
    QVERIFY(e.contains("no image-level label"));

    e = errorOf("a-[1 0 1].png", 4);
    QVERIFY(e.startsWith("a-[1 0 1].png:"));
    QVERIFY(e.contains("has 3 digits"));
    QVERIFY(e.contains("4 classes"));

    e = errorOf("a-[1 0 2 1].png", 4);
    QVERIFY(e.contains("contains '2'"));
    e = errorOf("a-[1 0 x 1].png", 4);
    QVERIFY(e.contains("contains 'x'"));
    e = errorOf("a-[].png", 4);
    QVERIFY(e.contains("has 0 digits"));
    e = errorOf("a-]1 0 0 1[.png", 4);
    QVERIFY(e.contains("no '['"));
    // A 4-class name is wrong for a 3-class dataset.
    QVERIFY(!errorOf("a-[1, 0, 0, 1].png", 3).isEmpty());
  }
  void detectAndFormat() {
    LabelStyle s;
    int n = 0;
    QVERIFY(detectLabelStyle("x+0[1101].png", s, n));
    QCOMPARE(int(s), int(LabelStyle::Contiguous));
    QCOMPARE(n, 4);
    QVERIFY(detectLabelStyle("x-[1 0 0 1].png", s, n));
    QCOMPARE(int(s), int(LabelStyle::Spaced));
    QVERIFY(detectLabelStyle("x-[1, 0, 0].png", s, n));
    QCOMPARE(int(s), int(LabelStyle::CommaSpaced));
    QCOMPARE(n, 3);
    QVERIFY(!detectLabelStyle("x.png", s, n));
    QVERIFY(!detectLabelStyle("x-[abc].png", s, n));
    const std::vector<int> l{1, 0, 1, 1};
    QCOMPARE(formatImageLabel(l, LabelStyle::Contiguous), std::string("[1011]"));
    QCOMPARE(formatImageLabel(l, LabelStyle::Spaced), std::string("[1 0 1 1]"));
    QCOMPARE(formatImageLabel(l, LabelStyle::CommaSpaced), std::string("[1, 0, 1, 1]"));
    for (auto style : {LabelStyle::Contiguous, LabelStyle::Spaced, LabelStyle::CommaSpaced})
      QCOMPARE(parseImageLabel("p-" + formatImageLabel(l, style) + ".png", 4), l);
  }
};

QTEST_APPLESS_MAIN(TestImageLabel)
#include "test_image_label.moc"
