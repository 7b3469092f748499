// One key, one meaning across the app: every plain key the window offers (each page's actions,
// buttons and tools whose label or tooltip names their key) does one thing, wherever it is pressed,
// in English and in Chinese. Read from the window itself, as Help › Keyboard Shortcuts shows it.
// (Ctrl and Alt combinations are menu actions, one QAction each, which a page's buttons repeat in
// their own words: "Stop Job" in the menu, "Stop: the job saves a checkpoint…" on the page.)
#include <QApplication>
#include <QMap>
#include <QSet>
#include <QTranslator>
#include <QtTest>

#include "test_settings.h"
#include "ui/shell/main_window.h"
#include "ui/shell/shortcuts_dialog.h"

#include <QListWidget>
#include <QMenuBar>
#include <QStackedWidget>

using namespace arml::ui;

class TestKeyMeanings : public QObject {
  Q_OBJECT

  // key -> the distinct actions it triggers, for keys with more than one.
  static QStringList ambiguousKeys(MainWindow& w) {
    QVector<std::pair<QString, QWidget*>> pages;
    for (int i = 0; i < w.pageList()->count(); ++i) pages.push_back({w.pageList()->item(i)->text(), w.pages()->widget(i)});
    QMap<QString, QSet<QString>> meanings;
    QMap<QString, QStringList> where;
    for (const ShortcutRow& row : collectShortcuts(w.menuBar(), pages))
      for (const QString& key : row.keys.split(QStringLiteral(", "))) {
        if (key.contains(QStringLiteral("Ctrl+")) || key.contains(QStringLiteral("Alt+"))) continue;
        meanings[key].insert(row.action.toLower());
        where[key] << row.where + ": " + row.action;
      }
    QStringList ambiguous;
    for (auto it = meanings.begin(); it != meanings.end(); ++it)
      if (it.value().size() > 1) ambiguous << it.key() + " = " + where[it.key()].join(" / ");
    return ambiguous;
  }

private Q_SLOTS:
  void initTestCase() { arml::test::isolateSettings("test_key_meanings"); }

  void everyKeyHasOneMeaning() {
    MainWindow w;
    const QStringList ambiguous = ambiguousKeys(w);
    QVERIFY2(ambiguous.isEmpty(), qPrintable(ambiguous.join('\n')));
  }

  void everyKeyHasOneMeaningInChinese() {
    QTranslator zh;
    QVERIFY(zh.load(":/i18n/arml_studio_zh_CN.qm"));
    QApplication::installTranslator(&zh);
    MainWindow w;
    const QStringList ambiguous = ambiguousKeys(w);
    QApplication::removeTranslator(&zh);
    QVERIFY2(ambiguous.isEmpty(), qPrintable(ambiguous.join('\n')));
  }

  // The keys that used to mean two things: P (polygon tool / predict view) and R (relabel tool /
  // region), and N (next patch / CAM normalisation), H and O (two keys for the overlay).
  void formerClashesAreGone() {
    MainWindow w;
    QVector<std::pair<QString, QWidget*>> pages;
    for (int i = 0; i < w.pageList()->count(); ++i) pages.push_back({w.pageList()->item(i)->text(), w.pages()->widget(i)});
    QMap<QString, QString> actionOf;
    for (const ShortcutRow& row : collectShortcuts(w.menuBar(), pages))
      for (const QString& key : row.keys.split(QStringLiteral(", "))) actionOf.insert(key + "@" + row.where, row.action);
    QCOMPARE(actionOf.value("V@Slides"), QString("Predict this view"));
    QCOMPARE(actionOf.value("S@Slides"), QString("Send region to review"));
    QCOMPARE(actionOf.value("P@Review"), QString("Polygon"));
    QCOMPARE(actionOf.value("O@Review"), QString("Show overlay"));
    QCOMPARE(actionOf.value("O@Slides"), QString("Show overlay"));
    QVERIFY(!actionOf.contains("H@Review"));
  }
};

QTEST_MAIN(TestKeyMeanings)
#include "test_key_meanings.moc"
