// The Simplified Chinese translation is complete: translations/arml_studio_zh_CN.ts has no
// unfinished entry and keeps every placeholder of its source; the compiled catalogue embedded as
// :/i18n/arml_studio_zh_CN.qm translates strings of every page; and the main window, started in
// Chinese through the language setting, shows no English source text of a translated string.
// Screenshots of each page in Chinese go to the scratch folder "ui_screens_zh_CN" for a human to
// look at. A string added with tr() but not translated fails here: run the update_translations
// target, translate the new entries in the .ts file and remove their type="unfinished".
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>
#include <opencv2/core.hpp>

#include "data/palette_png.h"
#include "test_paths.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/project/project.h"
#include "ui/project/project_page.h"
#include "ui/review/review_page.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/slides/slide_page.h"

using namespace arml::ui;

namespace {

struct TsEntry {
  QString context, source;
  QStringList translations;  // one, or one per plural form
  bool unfinished = false;
};

QString tsPath(const QString& language) {
  return QDir(QString::fromStdString(arml::test::testsSourceDir()))
      .absoluteFilePath(QStringLiteral("../translations/arml_studio_%1.ts").arg(language));
}

// The messages of a Qt Linguist .ts file; entries lupdate keeps as vanished or obsolete are left out.
QVector<TsEntry> readTs(const QString& path, QString* error) {
  QVector<TsEntry> entries;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1: %2").arg(path, f.errorString());
    return entries;
  }
  QXmlStreamReader xml(&f);
  QString context;
  TsEntry entry;
  bool dropped = false, numerus = false;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement()) {
      const auto name = xml.name();
      if (name == QLatin1String("name"))
        context = xml.readElementText();
      else if (name == QLatin1String("message")) {
        entry = TsEntry{context, {}, {}, false};
        numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
      } else if (name == QLatin1String("source"))
        entry.source = xml.readElementText();
      else if (name == QLatin1String("translation")) {
        const auto type = xml.attributes().value(QLatin1String("type"));
        entry.unfinished = type == QLatin1String("unfinished");
        dropped = type == QLatin1String("vanished") || type == QLatin1String("obsolete");
        if (!numerus) entry.translations << xml.readElementText();
      } else if (name == QLatin1String("numerusform"))
        entry.translations << xml.readElementText();
    } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
      if (!dropped) entries << entry;
      dropped = false;
    }
  }
  if (xml.hasError()) *error = QStringLiteral("%1: line %2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
  return entries;
}

// The %1..%9, %n and %p placeholders of a text, sorted.
QStringList placeholders(const QString& text) {
  QStringList found;
  static const QRegularExpression re(QStringLiteral("%(\\d|n|p)"));
  for (auto it = re.globalMatch(text); it.hasNext();) found << it.next().captured();
  found.sort();
  return found;
}

// A synthetic LUAD-HistoSeg project: four labelled training patches with generated masks.
QString makeProject(const QString& root) {
  QDir().mkpath(root + "/dataset/train");
  Project p;
  QString error;
  if (!Project::create(root + "/project", "tissue", root + "/dataset", &p, &error)) qFatal("%s", qPrintable(error));
  const QString masks = p.masksDir() + "/20260101-120000-pseudo-masks/bn7";
  QDir().mkpath(masks);
  const char* const labels[] = {"[1 0 0 1]", "[0 1 0 0]", "[1 1 0 0]", "[0 0 1 0]"};
  const arml::data::Palette palette{{205, 51, 51}, {0, 255, 0}, {65, 105, 225}, {255, 165, 0}, {255, 255, 255}};
  for (int i = 0; i < 4; ++i) {
    const QString stem = QStringLiteral("patch%1-%2").arg(i).arg(QLatin1String(labels[i]));
    QImage img(224, 224, QImage::Format_RGB32);
    img.fill(QColor(230 - 10 * i, 180, 200 + 5 * i));
    QPainter painter(&img);
    painter.setBrush(QColor(120, 40, 140));
    painter.drawEllipse(QPoint(112, 112), 40 + 5 * i, 30);
    painter.end();
    img.save(root + "/dataset/train/" + stem + ".png");
    cv::Mat mask(224, 224, CV_8UC1, cv::Scalar(4));
    mask(cv::Rect(20 + 20 * i, 30, 90, 70)).setTo(i % 4);
    arml::data::writePalettePng((masks + "/" + stem + ".png").toStdString(), mask, palette);
  }
  return p.folder();
}

// Every text a user can read on the visible widgets under root: labels, buttons, group titles,
// tabs, combo box entries, placeholders and tooltips.
QStringList visibleTexts(QWidget* root) {
  QStringList texts;
  for (QWidget* w : root->findChildren<QWidget*>()) {
    if (!w->isVisible()) continue;
    texts << w->toolTip();
    if (auto* label = qobject_cast<QLabel*>(w)) texts << label->text();
    if (auto* button = qobject_cast<QAbstractButton*>(w)) texts << button->text();
    if (auto* group = qobject_cast<QGroupBox*>(w)) texts << group->title();
    if (auto* tabs = qobject_cast<QTabBar*>(w))
      for (int i = 0; i < tabs->count(); ++i) texts << tabs->tabText(i);
    if (auto* combo = qobject_cast<QComboBox*>(w))
      for (int i = 0; i < combo->count(); ++i) texts << combo->itemText(i);
  }
  texts.removeAll(QString());
  return texts;
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("arml-tests");
    QApplication::setApplicationName("test_translations");
    QSettings().clear();
  }

  void chineseCatalogueHasNoUnfinishedEntry() {
    QString error;
    const QVector<TsEntry> entries = readTs(tsPath("zh_CN"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(entries.size() > 100,
             qPrintable(QString("only %1 messages in %2").arg(entries.size()).arg(tsPath("zh_CN"))));
    QStringList missing;
    for (const TsEntry& e : entries) {
      const bool empty = e.translations.isEmpty() || e.translations.contains(QString());
      if (e.unfinished || empty) missing << QStringLiteral("  %1: \"%2\"").arg(e.context, e.source);
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QString("%1 of %2 strings have no finished Simplified Chinese translation in %3 "
                                "(translate them and remove type=\"unfinished\"):\n%4")
                            .arg(missing.size())
                            .arg(entries.size())
                            .arg(tsPath("zh_CN"), missing.join('\n'))));
  }

  void chinesePlaceholdersMatchTheSource() {
    QString error;
    const QVector<TsEntry> entries = readTs(tsPath("zh_CN"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList wrong;
    for (const TsEntry& e : entries)
      for (const QString& t : e.translations)
        if (!t.isEmpty() && placeholders(t) != placeholders(e.source))
          wrong << QStringLiteral("  %1: \"%2\" -> \"%3\"").arg(e.context, e.source, t);
    QVERIFY2(wrong.isEmpty(), qPrintable("placeholders differ from the source:\n" + wrong.join('\n')));
  }

  // English needs its catalogue only for plural forms: every %n message has both forms filled in,
  // and the compiled catalogue says "1 patch" / "2 patches".
  void englishPluralFormsAreFilled() {
    QString error;
    const QVector<TsEntry> en = readTs(tsPath("en"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList missing;
    for (const TsEntry& e : en)
      if (e.source.contains(QLatin1String("%n")) &&
          (e.unfinished || e.translations.size() < 2 || e.translations.contains(QString())))
        missing << QStringLiteral("  %1: \"%2\"").arg(e.context, e.source);
    QVERIFY2(missing.isEmpty(), qPrintable("English plural forms missing in " + tsPath("en") + ":\n" + missing.join('\n')));

    QTranslator english;
    QVERIFY(english.load(":/i18n/arml_studio_en.qm"));
    QCoreApplication::installTranslator(&english);
    const char* context = "arml::ui::MainWindow";
    const char* source = "%n patch(es) sent to review";
    const QString one = QCoreApplication::translate(context, source, nullptr, 1);
    const QString two = QCoreApplication::translate(context, source, nullptr, 2);
    QCoreApplication::removeTranslator(&english);
    QCOMPARE(one, QString("1 patch sent to review"));
    QCOMPARE(two, QString("2 patches sent to review"));
  }

  // The standard tissue names are shown in the interface's language; other names stay as they are.
  void standardClassNamesAreTranslated() {
    QTranslator chinese;
    QVERIFY(chinese.load(":/i18n/arml_studio_zh_CN.qm"));
    QCoreApplication::installTranslator(&chinese);
    const QString tumour = arml::ui::displayClassName("tumour epithelium");
    const QString background = arml::ui::displayClassName("Background / exclude");
    const QString custom = arml::ui::displayClassName("Mucin");
    QCoreApplication::removeTranslator(&chinese);
    QCOMPARE(tumour, QString::fromUtf8("肿瘤上皮"));
    QCOMPARE(background, QString::fromUtf8("背景 / 排除"));
    QCOMPARE(custom, QString("Mucin"));
    QCOMPARE(arml::ui::displayClassName("Necrosis"), QString("Necrosis"));  // no translator: as stored
  }

  void englishCatalogueListsTheSameStrings() {
    QString error;
    const QVector<TsEntry> zh = readTs(tsPath("zh_CN"), &error);
    const QVector<TsEntry> en = readTs(tsPath("en"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> zhKeys, enKeys;
    for (const TsEntry& e : zh) zhKeys << e.context + '\x1f' + e.source;
    for (const TsEntry& e : en) enKeys << e.context + '\x1f' + e.source;
    QCOMPARE(enKeys.size(), zhKeys.size());
    QVERIFY2(enKeys == zhKeys,
             "arml_studio_en.ts and arml_studio_zh_CN.ts list different strings: run update_translations");
  }

  void compiledChineseCatalogueTranslatesEveryPage() {
    QTranslator zh;
    QVERIFY2(zh.load(":/i18n/arml_studio_zh_CN.qm"), "the resource :/i18n/arml_studio_zh_CN.qm is missing");
    const struct {
      const char* context;
      const char* source;
    } samples[] = {
        {"arml::ui::MainWindow", "&File"},
        {"arml::ui::ProjectPage", "Sample training patches"},
        {"arml::ui::TrainingPage", "Use reviewed masks"},
        {"arml::ui::ReviewPage", "Compare CAMs"},
        {"arml::widgets::ReviewQueueView", "Compute scores…"},
        {"arml::ui::CamComparePage", "Rescan runs"},
        {"arml::widgets::CamCompareView", "Side by side"},
        {"arml::ui::SlidePage", "Open slide…"},
        {"arml::ui::SlideInferenceDialog", "Working resolution"},
        {"arml::ui::ViewPredictor", "the view shows no part of the slide"},
    };
    for (const auto& s : samples) {
      const QString text = zh.translate(s.context, s.source);
      QVERIFY2(!text.isEmpty(), qPrintable(QString("no Chinese for %1: \"%2\"").arg(s.context, s.source)));
      QVERIFY2(text.contains(QRegularExpression(QStringLiteral("[\\x{4e00}-\\x{9fff}]"))),
               qPrintable(QString("%1: \"%2\" -> \"%3\" has no Chinese characters").arg(s.context, s.source, text)));
    }
  }

  // Started in Chinese the way Settings switches it (ui/language, read at start-up), every page
  // of the main window with a project open shows no English source text that has a translation.
  void chinesePagesShowNoTranslatedSourceText() {
    AppSettings settings = AppSettings::load();
    settings.language = "zh_CN";
    settings.armlProgram = QString::fromStdString(arml::test::cliPath());  // dataset summary on the Project page
    settings.save();
    QCOMPARE(installTranslations(*qApp), QString("zh_CN"));

    QString error;
    QSet<QString> translatedSources;
    for (const TsEntry& e : readTs(tsPath("zh_CN"), &error))
      if (!e.translations.isEmpty() && e.translations.first() != e.source && !e.source.contains('%'))
        translatedSources << e.source;
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const QString root = QString::fromStdString(arml::test::scratchDir("ui_translations"));
    const QString shots = QString::fromStdString(arml::test::scratchDir("ui_screens_zh_CN"));
    const QString projectFolder = makeProject(root);
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openProjectFolder(projectFolder));

    auto check = [&](const QString& name) {
      QTest::qWait(300);
      QApplication::processEvents();
      QVERIFY(w.grab().save(shots + "/" + name + ".png"));
      QStringList english;
      for (const QString& text : visibleTexts(&w))
        if (translatedSources.contains(text)) english << text;
      QVERIFY2(english.isEmpty(), qPrintable(name + " shows untranslated text: " + english.join(" | ")));
    };
    for (int i = 0; i < w.pages()->count(); ++i) {
      w.showPage(i);
      if (w.pages()->currentWidget() == w.projectPage()) QTest::qWait(2000);  // `arml inspect-data`
      check(
          QString("%1-%2").arg(i).arg(QString(w.pages()->currentWidget()->metaObject()->className()).section(':', -1)));
    }
    w.showPage(w.pages()->indexOf(w.reviewPage()));
    auto* views = w.reviewPage()->findChild<QTabWidget*>();
    QVERIFY(views);
    views->setCurrentWidget(w.reviewPage()->camCompare());
    check("review-compare-cams");

    const std::string slide = arml::test::sharedPath("data/wsi/CMU-1-Small-Region.svs");
    if (!slide.empty()) {
      w.showPage(w.pages()->indexOf(w.slidePage()));
      w.slidePage()->openSlide(QString::fromStdString(slide));
      QTest::qWait(1500);
      check("slides-with-slide");
    }
  }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
