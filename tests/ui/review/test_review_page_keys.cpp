// Issue #15: the Review page's keys work wherever the focus is on the page (the queue's table, its
// order combo box, the canvas), except in text and number fields, which take the key as typed.
// A stray key on the queue neither re-sorts it nor moves to another patch.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>
#include <opencv2/core.hpp>

#include "data/palette_png.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/project/project.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/review/review_queue_model.h"
#include "ui/shell/shortcuts_dialog.h"
#include "widgets/mask_canvas.h"
#include "widgets/review_queue_view.h"

using namespace arml::ui;
using arml::widgets::MaskTool;

class TestReviewPageKeys : public QObject {
  Q_OBJECT
  Project project_;

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_review_page_keys");
    const QString root = QString::fromStdString(arml::test::scratchDir("ui_review_page_keys"));
    QDir().mkpath(root + "/dataset/train");
    QString error;
    QVERIFY2(Project::create(root + "/project", "keys", root + "/dataset", &project_, &error), qPrintable(error));
    const QString masks = project_.masksDir() + "/20260101-120000-pseudo-masks/bn7";
    QDir().mkpath(masks);
    for (int i = 0; i < 3; ++i) {
      const QString stem = QStringLiteral("patch%1-[1 0 0 1]").arg(i);
      QImage img(64, 64, QImage::Format_RGB32);
      img.fill(QColor(200, 150 + 20 * i, 190));
      QVERIFY(img.save(root + "/dataset/train/" + stem + ".png"));
      cv::Mat m(64, 64, CV_8UC1, cv::Scalar(4));
      m(cv::Rect(5, 5, 20 + 10 * i, 20)).setTo(i);
      arml::data::writePalettePng((masks + "/" + stem + ".png").toStdString(), m,
                                  {{205, 51, 51}, {0, 255, 0}, {65, 105, 225}, {255, 165, 0}, {255, 255, 255}});
    }
  }

  void toolKeysWorkAnywhereOnThePageButInFields() {
    ReviewPage page;
    page.setProject(project_);
    page.resize(1280, 760);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    ReviewQueueController* q = page.queue();
    QTableView* table = q->view()->table();
    QCOMPARE(q->model()->rowCount(), 3);
    const QString stem = q->currentStem();
    const QModelIndex current = table->currentIndex();
    QComboBox* order = page.findChild<QComboBox*>(QStringLiteral("reviewQueueOrder"));
    QVERIFY(order);
    const int orderIndex = order->currentIndex();

    // Focus on the queue's table: E picks the eraser, the table stays where it was.
    table->setFocus();
    QTRY_VERIFY(table->hasFocus());
    QTest::keyClick(table, Qt::Key_E);
    QCOMPARE(page.canvas()->tool(), MaskTool::Eraser);
    QCOMPARE(table->currentIndex(), current);
    QCOMPARE(q->currentStem(), stem);

    // Focus on the order combo box: B ("By class" by its first letter) picks the brush and does
    // not re-sort the queue.
    order->setFocus();
    QTRY_VERIFY(order->hasFocus());
    QTest::keyClick(order, Qt::Key_B);
    QCOMPARE(page.canvas()->tool(), MaskTool::Brush);
    QCOMPARE(order->currentIndex(), orderIndex);
    QTest::keyClick(order, Qt::Key_O);  // the overlay key, too
    QVERIFY(!page.canvas()->overlayVisible());

    // In the note field the key is typed; in the brush size field it is not a tool key either.
    QLineEdit* note = q->view()->noteEdit();
    QVERIFY(note->isEnabled());
    note->setFocus();
    QTRY_VERIFY(note->hasFocus());
    QTest::keyClicks(note, "ep");
    QCOMPARE(note->text(), QString("ep"));
    QCOMPARE(page.canvas()->tool(), MaskTool::Brush);
    QSpinBox* size = page.findChild<QSpinBox*>();
    QVERIFY(size);
    size->setFocus();
    QTRY_VERIFY(size->hasFocus());
    QTest::keyClick(size, Qt::Key_G);
    QCOMPARE(page.canvas()->tool(), MaskTool::Brush);
  }

  // A project whose class hotkey is a tool key (E): on the canvas the key picks the class, as
  // before the tool keys became the page's.
  void classHotkeyWinsOverAToolKey() {
    Project project = project_;
    QVector<TissueClass> classes = project.classes();
    QVERIFY(classes.size() > 2);
    classes[2].hotkey = QStringLiteral("E");
    project.setClasses(classes);
    ReviewPage page;
    page.setProject(project);
    page.resize(1280, 760);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    page.canvas()->setFocus();
    QTRY_VERIFY(page.canvas()->hasFocus());
    QTest::keyClick(page.canvas(), Qt::Key_E);
    QCOMPARE(page.canvas()->currentClass(), 2);
    QCOMPARE(page.canvas()->tool(), MaskTool::Brush);
    QTest::keyClick(page.canvas(), Qt::Key_G);  // the other tool keys still work
    QCOMPARE(page.canvas()->tool(), MaskTool::Bucket);
  }

  // Help › Keyboard Shortcuts lists the page's tool keys (read from the page's actions).
  void toolKeysAreListed() {
    ReviewPage page;
    QStringList rows;
    for (const ShortcutRow& row : collectShortcuts(nullptr, {{QStringLiteral("Review"), &page}}))
      rows << row.action + "=" + row.keys;
    for (const char* expected : {"Brush=B", "Eraser=E", "Polygon=P", "Bucket=G", "Relabel=R", "Pick=I", "Show overlay=O"})
      QVERIFY2(rows.contains(expected), qPrintable(rows.join(", ")));
    int actions = 0;
    for (const QAction* a : page.actions()) actions += a->shortcutContext() == Qt::WidgetWithChildrenShortcut;
    QVERIFY(actions >= 7);
  }
};

QTEST_MAIN(TestReviewPageKeys)
#include "test_review_page_keys.moc"
