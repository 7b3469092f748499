// tintedIcon: the Normal mode is the SVG as drawn, the Selected mode the same shape in the
// palette's highlighted-text colour (so an icon stays visible on a selected row).
#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QtTest>

#include "test_paths.h"
#include "widgets/tinted_icon.h"

using arml::widgets::tintedIcon;

class TestTintedIcon : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void selectedModeKeepsTheShapeInTheHighlightColour() {
    const QString svg = QString::fromStdString(arml::test::scratchDir("widgets_tinted_icon")) + "/square.svg";
    QFile f(svg);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24' viewBox='0 0 24 24'>"
            "<rect x='0' y='0' width='12' height='24' fill='#3a87c8'/></svg>");
    f.close();
    QPalette palette = QApplication::palette();
    palette.setColor(QPalette::HighlightedText, QColor(250, 240, 10));
    QApplication::setPalette(palette);
    const QIcon icon = tintedIcon(svg);
    const QImage normal = icon.pixmap(24, 24, QIcon::Normal).toImage();
    const QImage selected = icon.pixmap(24, 24, QIcon::Selected).toImage();
    QCOMPARE(normal.size(), QSize(24, 24));
    QCOMPARE(QColor(normal.pixel(4, 12)), QColor("#3a87c8"));
    QCOMPARE(QColor(selected.pixel(4, 12)), QColor(250, 240, 10));
    QCOMPARE(qAlpha(selected.pixel(20, 12)), 0);  // outside the shape: still transparent
    QCOMPARE(qAlpha(normal.pixel(20, 12)), 0);
  }

  void aMissingFileGivesANullIcon() { QVERIFY(tintedIcon("/no/such/icon.svg").isNull()); }
};

QTEST_MAIN(TestTintedIcon)
#include "test_tinted_icon.moc"
