// Issue #15: "status lines inserted above the slide view push the panel down so that typing lands in
// the wrong field". A message or the job's progress row appears below the view and its side panel:
// nothing the user is looking at or typing into moves.
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

#include "ui/slides/slide_page.h"
#include "widgets/slide_view.h"

using namespace arml::ui;

class TestSlidePageLayout : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void messageMovesNothingAbove() {
    QTemporaryDir dir;
    const QString broken = dir.filePath("broken.svs");
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a slide");
    f.close();

    SlidePage page;
    page.resize(1366, 708);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* view = page.findChild<arml::widgets::SlideView*>();
    QVERIFY(view);
    QList<QWidget*> watched{view};
    for (QLineEdit* e : page.findChildren<QLineEdit*>())
      if (e->isVisible()) watched << e;
    QVERIFY(watched.size() > 1);
    QList<QPoint> before;
    for (QWidget* w : watched) before << w->mapTo(&page, QPoint(0, 0));

    page.openSlide(broken);
    auto* message = page.findChild<QLabel*>("slideMessage");
    QTRY_VERIFY(message->isVisible());
    QVERIFY2(message->text().contains("broken.svs") || message->text().contains("Cannot open"),
             qPrintable(message->text()));
    QCoreApplication::processEvents();
    for (int i = 0; i < watched.size(); ++i)
      QCOMPARE(watched[i]->mapTo(&page, QPoint(0, 0)), before[i]);
    QVERIFY(message->mapTo(&page, QPoint(0, 0)).y() > view->mapTo(&page, QPoint(0, 0)).y());
  }
};

QTEST_MAIN(TestSlidePageLayout)
#include "test_slide_page_layout.moc"
