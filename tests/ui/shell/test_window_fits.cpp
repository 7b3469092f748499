// The window and every page fit a 1366×768 laptop screen, in English and in Simplified Chinese:
// the window's minimum size is within it, and at that size no visible control of any page lies
// outside the window (nothing is cut off on the right or at the bottom). Screenshots of each page
// at 1366×768 go to the scratch folder "ui_screens_1366".
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QStackedWidget>
#include <QTranslator>
#include <QtTest>

#include "test_paths.h"
#include "test_settings.h"
#include "ui/shell/main_window.h"

using namespace arml::ui;

namespace {
constexpr int kScreenWidth = 1366;
constexpr int kScreenHeight = 768;
// A desktop's panel and the window's title bar take about this much of the screen's height.
constexpr int kDesktopChrome = 60;
}  // namespace

class TestWindowFits : public QObject {
  Q_OBJECT
  QString shots_;

  // Every visible control of `page` lies inside the window's client area.
  QStringList controlsOutside(MainWindow& w, QWidget* page) {
    QStringList outside;
    const QRect window = w.rect();
    for (QWidget* c : page->findChildren<QWidget*>()) {
      if (!c->isVisibleTo(&w) || !(qobject_cast<QAbstractButton*>(c) || qobject_cast<QComboBox*>(c) || qobject_cast<QLabel*>(c)))
        continue;
      const QRect r(c->mapTo(&w, QPoint(0, 0)), c->size());
      if (!window.contains(r))
        outside << QStringLiteral("%1 '%2' at %3,%4 %5x%6")
                       .arg(c->metaObject()->className(), c->property("text").toString())
                       .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
    }
    return outside;
  }

  void checkAllPages(const QString& language) {
    MainWindow w;
    QVERIFY2(w.minimumSizeHint().width() <= kScreenWidth,
             qPrintable(QStringLiteral("%1: the window needs %2 px").arg(language).arg(w.minimumSizeHint().width())));
    QVERIFY(w.minimumSizeHint().height() <= kScreenHeight - kDesktopChrome);
    w.resize(kScreenWidth, kScreenHeight - kDesktopChrome);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.width(), kScreenWidth);
    for (int i = 0; i < w.pages()->count(); ++i) {
      w.showPage(i);
      QApplication::processEvents();
      const QStringList outside = controlsOutside(w, w.pages()->widget(i));
      QVERIFY2(outside.isEmpty(), qPrintable(language + ", page " + QString::number(i) + ": " + outside.join("; ")));
      QVERIFY(w.grab().save(QStringLiteral("%1/%2-page%3.png").arg(shots_, language).arg(i)));
    }
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_window_fits");
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_screens_1366"));
  }

  void english() { checkAllPages("en"); }

  void chinese() {
    QTranslator zh;
    QVERIFY(zh.load(":/i18n/arml_studio_zh_CN.qm"));
    QApplication::installTranslator(&zh);
    checkAllPages("zh_CN");
    QApplication::removeTranslator(&zh);
  }
};

QTEST_MAIN(TestWindowFits)
#include "test_window_fits.moc"
