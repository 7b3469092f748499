// The review queue on the Review page, driven by QTest key and mouse events on a synthetic project
// (patches, generated masks and review.json written here): accept / reject / flag / next / previous
// change states, write review.json at once and move the canvas; paint + undo + redo + save marks a
// patch corrected; filters and score orderings; resuming after reopening; a broken review.json is
// reported and never overwritten; patches cut from a slide; the reviewer summary. Screenshots go to
// the scratch folder "ui_review_queue" for a human to look at.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>
#include <QToolButton>
#include <opencv2/core.hpp>

#include "data/palette_png.h"
#include "data/review_state.h"
#include "test_paths.h"
#include "test_settings.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/project/project.h"
#include "ui/review/edit_journal.h"
#include "ui/review/review_page.h"
#include "ui/review/review_queue_controller.h"
#include "ui/review/review_queue_filter.h"
#include "ui/review/review_queue_model.h"
#include "ui/review/review_reviewer.h"
#include "ui/review/review_summary_dialog.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/slides/slide_page.h"
#include "ui/training/job_settings.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"
#include "widgets/mask_canvas.h"
#include "widgets/review_queue_view.h"

using namespace arml::ui;
using namespace arml::widgets;
using arml::data::ReviewFile;
using arml::data::ReviewState;

namespace {

constexpr int kSize = 224;
// Labels of the synthetic patches (LUAD-HistoSeg names: [TE NEC LYM TAS]).
const char* const kLabels[] = {"[1 0 0 1]", "[0 1 0 0]", "[1 1 0 0]", "[0 0 1 0]", "[0 0 0 1]", "[1 0 1 0]"};
constexpr int kPatches = 6;

arml::data::Palette palette() {
  return {{205, 51, 51}, {0, 255, 0}, {65, 105, 225}, {255, 165, 0}, {255, 255, 255}};
}

QString stemOf(int i) { return QStringLiteral("patch%1-%2").arg(i).arg(QLatin1String(kLabels[i])); }

// Patch i: background with a square of class i % 4 whose place depends on i.
cv::Mat maskOf(int i) {
  cv::Mat m(kSize, kSize, CV_8UC1, cv::Scalar(4));
  m(cv::Rect(10 + 15 * i, 20 + 10 * i, 80, 60)).setTo(i % 4);
  return m;
}

void writeImage(const QString& path, int i) {
  QImage img(kSize, kSize, QImage::Format_RGB32);
  img.fill(QColor(230 - 10 * i, 180, 200 + 5 * i));
  QPainter p(&img);
  p.setBrush(QColor(120, 40, 140));
  p.drawEllipse(QPoint(112, 112), 40 + 5 * i, 30);
  p.end();
  QVERIFY(img.save(path));
}

QByteArray bytesOf(const cv::Mat& m) { return QByteArray(reinterpret_cast<const char*>(m.data), static_cast<int>(m.total())); }

QByteArray fileBytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Name -> SHA-256 of every file under folder (recursively), for "nothing here changed".
QMap<QString, QByteArray> hashesUnder(const QString& folder) {
  QMap<QString, QByteArray> hashes;
  QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString path = it.next();
    hashes.insert(QDir(folder).relativeFilePath(path), QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256));
  }
  return hashes;
}

// One brush drag across the canvas's middle, with the mouse.
void paintStroke(MaskCanvas* canvas) {
  const QPoint from(canvas->width() / 2 - 40, canvas->height() / 2 - 40), to(canvas->width() / 2 + 40, canvas->height() / 2 + 40);
  QTest::mousePress(canvas, Qt::LeftButton, {}, from);
  for (int k = 1; k <= 5; ++k) QTest::mouseMove(canvas, from + (to - from) * k / 5);
  QTest::mouseRelease(canvas, Qt::LeftButton, {}, to);
}

}  // namespace

class TestReviewQueue : public QObject {
  Q_OBJECT
  QString shots_;

  // A fresh project "<name>/project" over "<name>/dataset/train" with kPatches generated masks.
  Project makeProject(const QString& name) {
    const QString root = QString::fromStdString(arml::test::scratchDir("ui_review_queue_" + name.toStdString()));
    QDir().mkpath(root + "/dataset/train");
    Project p;
    QString error;
    if (!Project::create(root + "/project", "queue", root + "/dataset", &p, &error)) qFatal("%s", qPrintable(error));
    const QString masks = p.masksDir() + "/20260101-120000-pseudo-masks/bn7";
    QDir().mkpath(masks);
    for (int i = 0; i < kPatches; ++i) {
      writeImage(root + "/dataset/train/" + stemOf(i) + ".png", i);
      arml::data::writePalettePng((masks + "/" + stemOf(i) + ".png").toStdString(), maskOf(i), palette());
    }
    return p;
  }

  static void showPage(ReviewPage& page) {
    page.resize(1280, 760);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    page.canvas()->setFocus();
    QApplication::processEvents();
  }

  // The page on `project`, shown with the canvas focused; its queue.
  static ReviewQueueController* showProject(ReviewPage& page, const Project& project) {
    page.setProject(project);
    showPage(page);
    return page.queue();
  }

  static ReviewFile reviewOf(const Project& p) { return ReviewFile::load((p.folder() + "/review.json").toStdString()); }

  static QStringList visibleStems(ReviewQueueController* q) {
    QStringList stems;
    for (int r = 0; r < q->filter()->rowCount(); ++r)
      stems << q->filter()->index(r, 0).data(ReviewQueueModel::StemRole).toString();
    return stems;
  }

  void shoot(QWidget* w, const QString& name) {
    QApplication::processEvents();
    QVERIFY(w->grab().save(shots_ + "/" + name + ".png"));
  }

private Q_SLOTS:
  void initTestCase() {
    arml::test::isolateSettings("test_review_queue");
    shots_ = QString::fromStdString(arml::test::scratchDir("ui_review_queue"));
  }

  void keysDecideMoveAndWriteReviewJson() {
    const Project project = makeProject("keys");
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    QCOMPARE(q->model()->rowCount(), kPatches);
    QCOMPARE(q->currentStem(), stemOf(0));  // no cursor yet: the first patch
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(0)));

    QWidget* canvas = page.canvas();
    QTest::keyClick(canvas, Qt::Key_A);  // accept, then on to the next patch
    QCOMPARE(q->currentStem(), stemOf(1));
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(1)));
    QCOMPARE(reviewOf(project).state(stemOf(0).toStdString()), ReviewState::Accepted);
    QTest::keyClick(canvas, Qt::Key_X);  // reject
    QTest::keyClick(canvas, Qt::Key_Q);  // flag
    QCOMPARE(q->currentStem(), stemOf(3));
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(3)));
    ReviewFile review = reviewOf(project);
    QCOMPARE(review.state(stemOf(1).toStdString()), ReviewState::Rejected);
    QCOMPARE(review.state(stemOf(2).toStdString()), ReviewState::Flagged);
    QCOMPARE(review.state(stemOf(3).toStdString()), ReviewState::Unreviewed);
    QTRY_COMPARE(QString::fromStdString(reviewOf(project).cursor()), stemOf(3));  // written once the reviewer stops

    // Canvas keys still reach the canvas: B / E switch tools, the class hotkey 2 picks class 1.
    QTest::keyClick(canvas, Qt::Key_E);
    QCOMPARE(page.canvas()->tool(), MaskTool::Eraser);
    QTest::keyClick(canvas, Qt::Key_B);
    QCOMPARE(page.canvas()->tool(), MaskTool::Brush);
    QTest::keyClick(canvas, Qt::Key_2);
    QCOMPARE(page.canvas()->currentClass(), 1);

    QTest::keyClick(canvas, Qt::Key_N, Qt::ShiftModifier);  // previous
    QCOMPARE(q->currentStem(), stemOf(2));
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(2)));
    QTest::keyClick(canvas, Qt::Key_N);  // next
    QTest::keyClick(canvas, Qt::Key_PageDown);
    QCOMPARE(q->currentStem(), stemOf(4));
    QTest::keyClick(canvas, Qt::Key_PageUp);
    QCOMPARE(q->currentStem(), stemOf(3));
    QTRY_COMPARE(QString::fromStdString(reviewOf(project).cursor()), stemOf(3));

    // The table follows, states shown with their names; progress counts.
    const QModelIndex current = q->view()->table()->currentIndex();
    QCOMPARE(current.data(ReviewQueueModel::StemRole).toString(), stemOf(3));
    QCOMPARE(q->filter()->index(1, ReviewQueueModel::StateColumn).data().toString(), QString("rejected"));
    QCOMPARE(q->view()->progressLabel()->text(), QString("3 / 6 reviewed, 0 corrected, 1 rejected, 1 flagged"));

    // A note: T focuses the note field, Enter keeps it and gives the keys back to the canvas.
    QTest::keyClick(canvas, Qt::Key_T);
    QVERIFY(q->view()->noteEdit()->hasFocus());
    QTest::keyClicks(q->view()->noteEdit(), "tumour edge unclear");
    QTest::keyClick(q->view()->noteEdit(), Qt::Key_Return);
    QCOMPARE(QString::fromStdString(reviewOf(project).get(stemOf(3).toStdString()).note), QString("tumour edge unclear"));
    QVERIFY(page.canvas()->hasFocus());

    // The keys are listed for the reviewer.
    QVERIFY(q->view()->keysLabel()->text().contains("A accept"));
    QCOMPARE(q->nextAction()->shortcut(), QKeySequence(Qt::Key_N));

    // Leaving the note field (here by clicking another patch) keeps the note too.
    QTest::keyClick(canvas, Qt::Key_T);
    QTest::keyClicks(q->view()->noteEdit(), "second look");

    // Clicking a row opens that patch.
    const QRect cell = q->view()->table()->visualRect(q->filter()->index(5, 0));
    QTest::mouseClick(q->view()->table()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(q->currentStem(), stemOf(5));
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(5)));
    QCOMPARE(QString::fromStdString(reviewOf(project).get(stemOf(3).toStdString()).note), QString("second look"));
    QCOMPARE(q->view()->noteEdit()->text(), QString());  // patch 5 has none
    // The last patch: next says so and stays.
    QTest::keyClick(page.canvas(), Qt::Key_N);
    QCOMPARE(q->currentStem(), stemOf(5));
    QVERIFY(q->view()->messageLabel()->text().contains("last"));
    shoot(&page, "review-page-queue");
  }

  // The same decisions by mouse: the buttons under the queue carry the queue's actions.
  void buttonsDecideLikeTheKeys() {
    const Project project = makeProject("buttons");
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    auto button = [&](QAction* action) {
      for (QToolButton* b : q->view()->findChildren<QToolButton*>())
        if (b->defaultAction() == action) return b;
      return static_cast<QToolButton*>(nullptr);
    };
    QToolButton* accept = button(q->acceptAction());
    QToolButton* next = button(q->nextAction());
    QToolButton* previous = button(q->previousAction());
    QVERIFY(accept && next && previous);
    QVERIFY(accept->isVisible());
    QVERIFY(accept->toolTip().contains("A"));
    QTest::mouseClick(accept, Qt::LeftButton);
    QCOMPARE(reviewOf(project).state(stemOf(0).toStdString()), ReviewState::Accepted);
    QCOMPARE(q->currentStem(), stemOf(1));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(q->currentStem(), stemOf(2));
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(2)));
    QTest::mouseClick(previous, Qt::LeftButton);
    QCOMPARE(q->currentStem(), stemOf(1));
  }

  void paintUndoRedoSaveMarksCorrected() {
    const Project project = makeProject("paint");
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    MaskCanvas* canvas = page.canvas();
    const QByteArray generated = page.session()->model()->bytes();

    QTest::keyClick(canvas, Qt::Key_3);  // class 2
    const QPoint from = canvas->maskToWidget(QPointF(150, 150)).toPoint();
    const QPoint to = canvas->maskToWidget(QPointF(200, 200)).toPoint();
    QTest::mousePress(canvas, Qt::LeftButton, {}, from);
    for (int k = 1; k <= 5; ++k) QTest::mouseMove(canvas, from + (to - from) * k / 5);
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, to);
    const QByteArray painted = page.session()->model()->bytes();
    QVERIFY(painted != generated);
    QCOMPARE(page.session()->model()->at(175, 175), quint8(2));

    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(page.session()->model()->bytes(), generated);
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(page.session()->model()->bytes(), painted);
    QCOMPARE(reviewOf(project).state(stemOf(0).toStdString()), ReviewState::Unreviewed);

    QTest::keyClick(canvas, Qt::Key_S, Qt::ControlModifier);  // save the correction
    const QString edit = project.editsDir() + "/" + stemOf(0) + ".png";
    QVERIFY(QFile::exists(edit));
    const cv::Mat saved = arml::data::readIndexMask(edit.toStdString());
    QCOMPARE(bytesOf(saved), painted);
    QCOMPARE(reviewOf(project).state(stemOf(0).toStdString()), ReviewState::Corrected);
    QCOMPARE(q->model()->patch(0).state, ReviewState::Corrected);
    QCOMPARE(q->currentStem(), stemOf(0));  // saving does not move on

    // Painting then accepting saves the correction: the patch is corrected, not merely accepted.
    QTest::keyClick(canvas, Qt::Key_N);
    QCOMPARE(q->currentStem(), stemOf(1));
    QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->maskToWidget(QPointF(30, 200)).toPoint());
    QVERIFY(page.session()->isModified());
    QTest::keyClick(canvas, Qt::Key_A);
    QVERIFY(QFile::exists(project.editsDir() + "/" + stemOf(1) + ".png"));
    QCOMPARE(reviewOf(project).state(stemOf(1).toStdString()), ReviewState::Corrected);
    QCOMPARE(q->currentStem(), stemOf(2));
    // Accepting an untouched patch is an acceptance.
    QTest::keyClick(canvas, Qt::Key_A);
    QCOMPARE(reviewOf(project).state(stemOf(2).toStdString()), ReviewState::Accepted);
    QVERIFY(!QFile::exists(project.editsDir() + "/" + stemOf(2) + ".png"));
    QCOMPARE(q->view()->progressLabel()->text(), QString("3 / 6 reviewed, 2 corrected, 0 rejected, 0 flagged"));

    // What reviewers changed: pixels per class and generated -> corrected, against the same count
    // taken here from the files.
    ReviewSummaryDialog summary;
    summary.compute(project, *q->model());
    QVERIFY(summary.waitForResult(20000));
    qint64 changed = 0, toClass2 = 0;
    for (int i : {0, 1}) {
      const cv::Mat gen = maskOf(i);
      const cv::Mat cor = arml::data::readIndexMask((project.editsDir() + "/" + stemOf(i) + ".png").toStdString());
      for (int k = 0; k < kSize * kSize; ++k)
        if (gen.data[k] != cor.data[k]) {
          ++changed;
          toClass2 += cor.data[k] == 2;
        }
    }
    QVERIFY(changed > 0);
    QTableWidget* confusion = summary.confusionTable();
    QCOMPARE(confusion->rowCount(), 5);
    const QLocale locale;
    qint64 offDiagonal = 0, intoClass2 = 0;
    for (int a = 0; a < 5; ++a)
      for (int b = 0; b < 5; ++b) {
        const qint64 v = locale.toLongLong(confusion->item(a, b)->text());
        if (a != b) offDiagonal += v;
        if (a != b && b == 2) intoClass2 += v;
      }
    QCOMPARE(offDiagonal, changed);
    QCOMPARE(intoClass2, toClass2);
    QCOMPARE(locale.toLongLong(summary.classTable()->item(2, 2)->text()), toClass2);  // given to class 2
    QVERIFY2(summary.totalsLabel()->text().startsWith("Corrected patches compared: 2"), qPrintable(summary.totalsLabel()->text()));
    summary.show();
    QVERIFY(QTest::qWaitForWindowExposed(&summary));
    shoot(&summary, "review-summary");
  }

  void filtersAndScoreOrderings() {
    const Project project = makeProject("order");
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    ReviewQueueView* view = q->view();
    auto* orders = qobject_cast<QStandardItemModel*>(view->orderCombo()->model());
    const int byRelocation = view->orderCombo()->findData(int(ReviewQueueFilter::Order::ByRelocationChange));
    const int byDisagreement = view->orderCombo()->findData(int(ReviewQueueFilter::Order::ByDisagreement));
    // Without scores the score orderings are disabled and say why.
    QVERIFY(!orders->item(byRelocation)->isEnabled());
    QVERIFY(orders->item(byDisagreement)->toolTip().contains("Compute scores"));

    // Synthetic scores: relocalization change rises with the index, disagreement falls; patch 2 has none.
    QJsonObject patches;
    for (int i = 0; i < kPatches; ++i) {
      if (i == 2) continue;
      patches[stemOf(i)] = QJsonObject{{"relocalization_change", 0.1 * i}, {"peer_disagreement", 1.0 - 0.1 * i}};
    }
    QDir().mkpath(project.folder() + "/review");
    QFile f(project.folder() + "/review/scores.json");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(QJsonObject{{"patches", patches}}).toJson());
    f.close();
    page.setProject(project);
    QVERIFY(orders->item(byRelocation)->isEnabled());
    QVERIFY(orders->item(byDisagreement)->isEnabled());

    // In file order there is no score column; names keep their distinguishing end when cut.
    QTableView* table = view->table();
    QVERIFY(table->isColumnHidden(ReviewQueueModel::ScoreColumn));
    QCOMPARE(table->textElideMode(), Qt::ElideLeft);
    QCOMPARE(q->filter()->index(0, ReviewQueueModel::StemColumn).data().toString(), QString("patch0-[1001]"));
    QCOMPARE(q->filter()->index(0, ReviewQueueModel::StemColumn).data(Qt::ToolTipRole).toString().section('\n', 0, 0),
             stemOf(0));
    view->orderCombo()->setCurrentIndex(byRelocation);
    QCOMPARE(visibleStems(q), (QStringList{stemOf(5), stemOf(4), stemOf(3), stemOf(1), stemOf(0), stemOf(2)}));
    // Ordered by a score, the score is shown, named with its direction.
    QVERIFY(!table->isColumnHidden(ReviewQueueModel::ScoreColumn));
    QVERIFY(table->isColumnHidden(ReviewQueueModel::NoteColumn));
    QCOMPARE(q->filter()->headerData(ReviewQueueModel::ScoreColumn, Qt::Horizontal).toString(), QString("Reloc. ↓"));
    // The names are not cut down to their label vectors: the patch number stays readable.
    const QString shown = table->fontMetrics().elidedText(q->filter()->index(0, ReviewQueueModel::StemColumn).data().toString(),
                                                          Qt::ElideLeft, table->columnWidth(ReviewQueueModel::StemColumn) - 8);
    QVERIFY2(shown.contains("5-[1010]"), qPrintable(shown));
    QStringList scores;
    for (int r = 0; r < q->filter()->rowCount(); ++r)
      scores << q->filter()->index(r, ReviewQueueModel::ScoreColumn).data().toString();
    QCOMPARE(scores, (QStringList{"0.500", "0.400", "0.300", "0.100", "0.000", "–"}));
    shoot(&page, "review-page-ordered-by-relocation");
    view->orderCombo()->setCurrentIndex(byDisagreement);
    QCOMPARE(visibleStems(q), (QStringList{stemOf(0), stemOf(1), stemOf(3), stemOf(4), stemOf(5), stemOf(2)}));
    QCOMPARE(q->filter()->headerData(ReviewQueueModel::ScoreColumn, Qt::Horizontal).toString(), QString("Disagr. ↓"));
    QCOMPARE(q->filter()->index(0, ReviewQueueModel::ScoreColumn).data().toString(), QString("1.000"));
    // Next follows the order on screen.
    q->openStem(stemOf(3));
    QTest::keyClick(page.canvas(), Qt::Key_N);
    QCOMPARE(q->currentStem(), stemOf(4));
    QTest::keyClick(page.canvas(), Qt::Key_X);  // reject 4 -> 5
    QCOMPARE(q->currentStem(), stemOf(5));

    // By class.
    view->orderCombo()->setCurrentIndex(view->orderCombo()->findData(int(ReviewQueueFilter::Order::ByClass)));
    QVERIFY(table->isColumnHidden(ReviewQueueModel::ScoreColumn));
    QVERIFY(!table->isColumnHidden(ReviewQueueModel::NoteColumn));
    // Grouped by label, labels in order: {TE,NEC} {TE,LYM} {TE,TAS} {NEC} {LYM} {TAS}.
    QCOMPARE(visibleStems(q), (QStringList{stemOf(2), stemOf(5), stemOf(0), stemOf(1), stemOf(3), stemOf(4)}));
    // Class filter: patches labelled NEC (class 1).
    view->classCombo()->setCurrentIndex(view->classCombo()->findData(1));
    QCOMPARE(visibleStems(q), (QStringList{stemOf(2), stemOf(1)}));
    view->classCombo()->setCurrentIndex(0);
    // State filter: rejected only.
    view->stateCombo()->setCurrentIndex(view->stateCombo()->findData(int(ReviewState::Rejected)));
    QCOMPARE(visibleStems(q), QStringList{stemOf(4)});
    view->stateCombo()->setCurrentIndex(view->stateCombo()->findData(int(ReviewState::Unreviewed)));
    QCOMPARE(visibleStems(q).size(), kPatches - 1);
    // Deciding within a state filter keeps the row until the filter is applied again.
    q->openStem(stemOf(0));
    QTest::keyClick(page.canvas(), Qt::Key_A);
    QCOMPARE(visibleStems(q).size(), kPatches - 1);
    QCOMPARE(q->currentStem(), stemOf(1));  // the next unreviewed in class order: 2 5 [0] 1 3
    view->stateCombo()->setCurrentIndex(0);
    view->stateCombo()->setCurrentIndex(view->stateCombo()->findData(int(ReviewState::Unreviewed)));
    QCOMPARE(visibleStems(q).size(), kPatches - 2);
    shoot(&page, "review-page-filtered");
  }

  void resumesWhereTheReviewerStopped() {
    const Project project = makeProject("resume");
    {
      ReviewPage page;
      page.setProject(project);
      showPage(page);
      QTest::keyClick(page.canvas(), Qt::Key_Q);  // flag 0
      QTest::keyClick(page.canvas(), Qt::Key_N);
      QTest::keyClick(page.canvas(), Qt::Key_N);
      QCOMPARE(page.queue()->currentStem(), stemOf(3));
    }
    Project reopened;
    QString error;
    QVERIFY2(Project::open(project.folder(), &reopened, &error), qPrintable(error));
    ReviewPage page;
    page.setProject(reopened);
    QCOMPARE(page.queue()->currentStem(), stemOf(3));
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(3)));
    QCOMPARE(page.queue()->model()->patch(0).state, ReviewState::Flagged);
  }

  void brokenReviewJsonIsReportedNotOverwritten() {
    const Project project = makeProject("broken");
    const QString path = project.folder() + "/review.json";
    const QByteArray broken = "{\"format\": 1, \"patches\": {\"x\": {\"state\": \"maybe\"}";
    {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(broken);
    }
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    QVERIFY(q->model()->isReadOnly());
    QCOMPARE(q->model()->rowCount(), kPatches);  // the patches are still listed and open
    const QString message = q->view()->messageLabel()->text();
    QVERIFY2(message.contains("review.json") && message.contains("read-only"), qPrintable(message));
    QTest::keyClick(page.canvas(), Qt::Key_A);
    QTest::keyClick(page.canvas(), Qt::Key_N);
    QCOMPARE(fileBytes(path), broken);
    QCOMPARE(q->model()->patch(0).state, ReviewState::Unreviewed);
    QVERIFY(q->view()->messageLabel()->text().contains("Not saved"));
    shoot(&page, "review-page-broken-review-json");
  }

  void patchesCutFromASlide() {
    const Project project = makeProject("slide");
    const QString folder = project.folder() + "/slide-patches/slide1";
    QDir().mkpath(folder);
    QImage image(300, 200, QImage::Format_RGB32);
    image.fill(QColor(220, 170, 210));
    QVERIFY(image.save(folder + "/sp-a.png"));
    QVERIFY(image.save(folder + "/sp-b.png"));
    cv::Mat predicted(200, 300, CV_8UC1, cv::Scalar(1));
    arml::data::writePalettePng((folder + "/sp-b_mask.png").toStdString(), predicted, palette());
    ReviewFile review;
    for (const char* stem : {"sp-a", "sp-b"}) {
      arml::data::PatchReview r;
      r.image = std::string("slide-patches/slide1/") + stem + ".png";
      review.put(stem, r);
    }
    review.save((project.folder() + "/review.json").toStdString());

    ReviewPage page;
    page.setProject(project);
    ReviewQueueController* q = page.queue();
    QCOMPARE(q->model()->rowCount(), kPatches + 2);
    QVERIFY(q->model()->patch(q->model()->rowOfStem("sp-a")).fromSlide);
    // No generated mask: an all-background mask of the image's size.
    QVERIFY(q->openStem("sp-a"));
    QCOMPARE(page.session()->model()->size(), QSize(300, 200));
    QCOMPARE(page.session()->model()->bytes(), QByteArray(300 * 200, char(4)));
    // The stage-2 prediction saved beside it is the starting mask.
    QVERIFY(q->openStem("sp-b"));
    QCOMPARE(page.session()->model()->bytes(), QByteArray(300 * 200, char(1)));
    // Flagging keeps the entry's image.
    q->setAdvanceAfterDecision(false);
    q->flag();
    const arml::data::PatchReview entry = ReviewFile::load((project.folder() + "/review.json").toStdString()).get("sp-b");
    QCOMPARE(entry.state, ReviewState::Flagged);
    QCOMPARE(QString::fromStdString(entry.image), QString("slide-patches/slide1/sp-b.png"));

    // Another page adds a patch to review.json while the queue is open: it appears without a reload.
    QVERIFY(image.save(folder + "/sp-c.png"));
    ReviewFile more = ReviewFile::load((project.folder() + "/review.json").toStdString());
    arml::data::PatchReview c;
    c.image = "slide-patches/slide1/sp-c.png";
    more.put("sp-c", c);
    more.save((project.folder() + "/review.json").toStdString());
    QTRY_COMPARE(q->model()->rowCount(), kPatches + 3);
    QCOMPARE(q->filter()->rowCount(), kPatches + 3);
    QCOMPARE(q->model()->patch(q->model()->rowOfStem("sp-b")).state, ReviewState::Flagged);
  }

  void computeScoresRunsTheJobAndEnablesOrderings() {
    const Project project = makeProject("scores");
    ReviewPage page;
    page.setProject(project);
    ReviewQueueController* q = page.queue();
    // No checkpoint yet: the button says to train first and starts nothing.
    q->view()->computeScoresButton()->click();
    QVERIFY(q->view()->messageLabel()->text().contains("train first"));
    QCOMPARE(q->scoresJob()->state(), RunController::State::Idle);

    // A stage-1 and a stage-2 run with their checkpoints.
    const auto makeRun = [&](const QString& id, const QString& kind) {
      const QString folder = project.runsDir() + "/" + id;
      QDir().mkpath(folder + "/checkpoints");
      QFile config(folder + "/job.json");  // the GUI's record of the job
      QVERIFY(config.open(QIODevice::WriteOnly));
      config.write(QJsonDocument(QJsonObject{{"kind", kind}}).toJson());
      QFile ck(folder + "/checkpoints/last.pt");
      QVERIFY(ck.open(QIODevice::WriteOnly));
    };
    makeRun("20260101-130000-stage1", "stage1");
    makeRun("20260101-140000-stage2", "stage2");
    const QStringList args = q->scoresArguments();
    QCOMPARE(args.value(0), QString("review-scores"));
    QCOMPARE(args.value(args.indexOf("--cls") + 1), project.runsDir() + "/20260101-130000-stage1/checkpoints/last.pt");
    QCOMPARE(args.value(args.indexOf("--seg") + 1), project.runsDir() + "/20260101-140000-stage2/checkpoints/last.pt");
    QCOMPARE(args.value(args.indexOf("--data") + 1), project.datasetPath());
    QCOMPARE(args.value(args.indexOf("--review") + 1), project.folder() + "/review.json");  // slide patches too

    // A stand-in `arml` that reports progress and writes scores for every patch to --out.
    const QString root = QFileInfo(project.folder()).absolutePath();
    QString patches;
    for (int i = 0; i < kPatches; ++i)
      patches += QString("%1\"%2\": {\"relocalization_change\": %3, \"peer_disagreement\": %4}")
                     .arg(i ? ", " : "", stemOf(i)).arg(0.1 * i).arg(0.05 * (kPatches - i));
    QFile script(root + "/fake-arml");
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(QString("#!/bin/sh\n"
                         "while [ $# -gt 0 ]; do [ \"$1\" = --out ] && out=$2; shift; done\n"
                         "echo '{\"type\":\"progress\",\"stage\":\"review-scores\",\"done\":3,\"total\":6}'\n"
                         "printf '%s' '{\"format\": 1, \"complete\": true, \"patches\": {%1}}' > \"$out\"\n"
                         "echo '{\"type\":\"done\",\"exit_code\":0}'\n")
                     .arg(patches)
                     .toUtf8());
    script.close();
    script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
    AppSettings settings = AppSettings::load();
    settings.armlProgram = root + "/fake-arml";
    settings.save();

    QSignalSpy progress(q->scoresJob(), &RunController::progressReceived);
    q->view()->computeScoresButton()->click();
    QVERIFY(!q->view()->computeScoresButton()->isEnabled());
    QVERIFY(q->scoresJob()->waitForFinished(20000));
    QApplication::processEvents();
    QCOMPARE(progress.size(), 1);
    QCOMPARE(q->scoresJob()->state(), RunController::State::Finished);
    QVERIFY(q->view()->computeScoresButton()->isEnabled());
    QVERIFY(q->model()->hasRelocationScores());
    auto* orders = qobject_cast<QStandardItemModel*>(q->view()->orderCombo()->model());
    const int byDisagreement = q->view()->orderCombo()->findData(int(ReviewQueueFilter::Order::ByDisagreement));
    QVERIFY(orders->item(byDisagreement)->isEnabled());
    q->view()->orderCombo()->setCurrentIndex(q->view()->orderCombo()->findData(int(ReviewQueueFilter::Order::ByRelocationChange)));
    QCOMPARE(visibleStems(q).first(), stemOf(kPatches - 1));
    settings.armlProgram.clear();
    settings.save();
  }

  void classHotkeyClashIsReported() {
    Project project = makeProject("clash");
    QVector<TissueClass> classes = project.classes();
    classes[1].hotkey = "X";
    project.setClasses(classes);
    ReviewPage page;
    page.setProject(project);
    const QString message = page.queue()->view()->messageLabel()->text();
    QVERIFY2(message.contains("hotkey X of " + classes[1].name) && message.contains("Reject"), qPrintable(message));
  }

  // Issue #16's data loss: with project A's corrected patch open, opening project B left it on the
  // canvas and Ctrl+S wrote into A's edits/. Now every page forgets A, and nothing painted and
  // saved in B reaches A.
  void switchingProjectsLeavesNothingOfTheFirst() {
    const Project a = makeProject("switch_a");
    Project empty;
    QString error;
    QVERIFY2(Project::create(QString::fromStdString(arml::test::scratchDir("ui_review_queue_switch_empty")) + "/project",
                             "empty", QString(), &empty, &error),
             qPrintable(error));
    MainWindow w;
    w.resize(1400, 900);
    QVERIFY(w.openProjectFolder(a.folder()));
    w.showPage(MainWindow::ReviewPageIndex);
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    ReviewPage* page = w.reviewPage();
    ReviewQueueController* q = page->queue();
    MaskCanvas* canvas = page->canvas();
    canvas->setFocus();
    QCOMPARE(q->currentStem(), stemOf(0));
    QTest::keyClick(canvas, Qt::Key_3);
    paintStroke(canvas);
    QTest::keyClick(canvas, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(QFile::exists(a.editsDir() + "/" + stemOf(0) + ".png"));
    QVERIFY(q->openStem(stemOf(0)));  // the corrected patch, open as a reviewer left it
    QCOMPARE(page->statusLabel()->text(), QString("Editing the saved correction"));
    QTest::keyClick(canvas, Qt::Key_2);
    paintStroke(canvas);  // unsaved: in A's journal
    QVERIFY(page->session()->isModified());
    // Choices on the other pages that point into A.
    const QString aCheckpoint = a.runsDir() + "/20260101-120000-pipeline/stage1/checkpoints/last.pt";
    JobSettings job = w.trainingPage()->settings();
    job.model = aCheckpoint;
    job.masks = a.masksDir() + "/20260101-120000-pseudo-masks/bn7";
    job.outDir = a.runsDir() + "/mine";
    w.trainingPage()->setSettings(job);
    w.slidePage()->setSegmenterPath(a.runsDir() + "/20260101-120000-pipeline/stage2/checkpoints/best.pt");
    w.slidePage()->setClassifierPath(aCheckpoint);
    page->camCompare()->setArsClassifier(aCheckpoint);
    q->flushCursor();  // A's own cursor, written now rather than while switching
    const QMap<QString, QByteArray> aEdits = hashesUnder(a.editsDir());
    QCOMPARE(aEdits.keys(), QStringList({stemOf(0) + ".journal", stemOf(0) + ".json", stemOf(0) + ".png"}));
    const QByteArray aReview = fileBytes(a.folder() + "/review.json");
    shoot(&w, "switch-1-project-a-corrected-patch");

    // B: an empty queue. Nothing of A is shown, nothing of A is chosen.
    QVERIFY(w.openProjectFolder(empty.folder()));
    QCOMPARE(w.project().folder(), empty.folder());
    QVERIFY(!page->session()->isOpen());
    QCOMPARE(page->session()->model()->size(), QSize(0, 0));
    QCOMPARE(q->model()->rowCount(), 0);
    QVERIFY(q->currentStem().isEmpty());
    QVERIFY(!page->statusLabel()->text().contains("Editing"));
    QVERIFY(page->camCompare()->controller()->imagePath().isEmpty());
    QCOMPARE(page->camCompare()->controller()->checkpoints().arsClassifier, QString());
    const JobSettings bJob = w.trainingPage()->settings();
    QVERIFY(bJob.model.isEmpty() && bJob.masks.isEmpty() && bJob.outDir.isEmpty());
    QCOMPARE(bJob.dataset, QString());
    QCOMPARE(w.slidePage()->findChild<QLineEdit*>("segmenterPath")->text(), QString());
    QCOMPARE(w.slidePage()->findChild<QLineEdit*>("classifierPath")->text(), QString());
    shoot(&w, "switch-2-empty-project-b");
    // Painting and Ctrl+S there write nothing, anywhere.
    canvas->setFocus();
    paintStroke(canvas);
    QTest::keyClick(canvas, Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(hashesUnder(a.editsDir()), aEdits);
    QCOMPARE(fileBytes(a.folder() + "/review.json"), aReview);
    QVERIFY(hashesUnder(empty.editsDir()).isEmpty());
    QVERIFY2(page->statusLabel()->text().contains("No patch is open"), qPrintable(page->statusLabel()->text()));

    // C: a project with patches of the same names. Its own masks, its own edits/.
    const Project c = makeProject("switch_c");
    QVERIFY(w.openProjectFolder(c.folder()));
    QCOMPARE(q->currentStem(), stemOf(0));
    QCOMPARE(page->session()->projectRoot(), c.folder());
    QCOMPARE(page->session()->model()->bytes(), bytesOf(maskOf(0)));  // C's generated mask, not A's correction
    QCOMPARE(page->session()->recoveredRecords(), 0);
    canvas->setFocus();
    paintStroke(canvas);
    QTest::keyClick(canvas, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(QFile::exists(c.editsDir() + "/" + stemOf(0) + ".png"));
    QCOMPARE(hashesUnder(a.editsDir()), aEdits);
    QCOMPARE(fileBytes(a.folder() + "/review.json"), aReview);

    // Back in A: the correction and the unsaved stroke (from A's journal) are there.
    QVERIFY(w.openProjectFolder(a.folder()));
    QCOMPARE(q->currentStem(), stemOf(0));
    QCOMPARE(page->session()->recoveredRecords(), 1);
    QCOMPARE(q->model()->patch(0).state, ReviewState::Corrected);

    // Closing the project leaves nothing to show or save either.
    w.closeProject();
    QVERIFY(!page->session()->isOpen());
    QCOMPARE(page->session()->model()->size(), QSize(0, 0));
    QCOMPARE(q->model()->rowCount(), 0);
    QTest::keyClick(canvas, Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(hashesUnder(a.editsDir()), aEdits);
  }

  // The page's save is bound to the project a patch was opened from.
  void saveRefusesAPatchOfAnotherProject() {
    const Project a = makeProject("bound_a");
    const Project b = makeProject("bound_b");
    ReviewPage page;
    showProject(page, a);
    paintStroke(page.canvas());
    page.session()->setProjectRoot(b.folder());  // as if B were open while A's patch is
    QVERIFY(!page.save());
    QVERIFY2(page.statusLabel()->text().contains("belongs to"), qPrintable(page.statusLabel()->text()));
    QVERIFY(hashesUnder(a.editsDir()).keys() == QStringList{stemOf(0) + ".journal"});
    QVERIFY(hashesUnder(b.editsDir()).isEmpty());
  }

  // Issue #19: a review.json key naming a file outside the project (with an image and the cursor
  // on it) made one stroke and Ctrl+S write ESCAPED.png, .json and .journal outside the project.
  void hostileReviewKeyWritesNothingOutsideTheProject() {
    const Project p = makeProject("hostile");
    const QString key = "../../../../elsewhere/ESCAPED";
    const QString escaped = QDir::cleanPath(p.editsDir() + "/" + key);  // where it used to land
    const QStringList written = {escaped + ".png", escaped + ".json", escaped + ".journal"};
    for (const QString& f : written) QFile::remove(f);
    QDir().mkpath(p.folder() + "/slide-patches/s");
    QImage image(64, 64, QImage::Format_RGB32);
    image.fill(Qt::magenta);
    QVERIFY(image.save(p.folder() + "/slide-patches/s/ESCAPED.png"));
    const QByteArray hostile = QJsonDocument(QJsonObject{
        {"format", 1}, {"cursor", key},
        {"patches", QJsonObject{{key, QJsonObject{{"state", "unreviewed"}, {"image", "slide-patches/s/ESCAPED.png"}}}}}})
                                   .toJson();
    {
      QFile f(p.folder() + "/review.json");
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(hostile);
    }
    const QString outside = QFileInfo(escaped).absolutePath();
    const QMap<QString, QByteArray> outsideBefore = hashesUnder(outside);
    MainWindow w;
    w.resize(1400, 900);
    QVERIFY(w.openProjectFolder(p.folder()));
    w.showPage(MainWindow::ReviewPageIndex);
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    ReviewPage* page = w.reviewPage();
    ReviewQueueController* q = page->queue();
    // The user is told, naming the file and the entry; the entry is not in the queue.
    const QString message = q->view()->messageLabel()->text();
    QVERIFY2(message.contains("review.json") && message.contains(key) && message.contains("not a plain file name") &&
                 message.contains("read-only"),
             qPrintable(message));
    QCOMPARE(q->model()->rowOfStem(key), -1);
    QCOMPARE(q->model()->rowCount(), kPatches);
    QVERIFY(q->currentStem() != key);
    shoot(&w, "review-page-hostile-review-key");
    page->canvas()->setFocus();
    paintStroke(page->canvas());
    QTest::keyClick(page->canvas(), Qt::Key_S, Qt::ControlModifier);
    // Even asked directly, the page will not open (and so never save) a patch under that name.
    QVERIFY(!page->openPatch(key, QString(), p.folder() + "/slide-patches/s/ESCAPED.png"));
    QVERIFY2(page->statusLabel()->text().contains("not a plain file name"), qPrintable(page->statusLabel()->text()));
    paintStroke(page->canvas());
    QTest::keyClick(page->canvas(), Qt::Key_S, Qt::ControlModifier);
    for (const QString& f : written) QVERIFY2(!QFile::exists(f), qPrintable(f));
    QCOMPARE(hashesUnder(outside), outsideBefore);
    QCOMPARE(fileBytes(p.folder() + "/review.json"), hostile);  // reported, never rewritten
  }

  // A pipeline's masks (runs/<id>/masks/bn7) are a mask set beside the pseudo-mask jobs' sets:
  // the queue names the set under review, lets the user switch, records the choice in
  // review.json so a newer job never replaces it silently, and a correction stays with its patch.
  void maskSetsOfJobsAndPipelines() {
    const Project project = makeProject("sets");
    const QString jobSet = project.masksDir() + "/20260101-120000-pseudo-masks/bn7";
    const QString pipelineSet = project.runsDir() + "/20260102-090000-pipeline/masks/bn7";
    QDir().mkpath(pipelineSet);
    const cv::Mat pipelineMask(kSize, kSize, CV_8UC1, cv::Scalar(2));
    for (int i = 0; i < 3; ++i)
      arml::data::writePalettePng((pipelineSet + "/" + stemOf(i) + ".png").toStdString(), pipelineMask, palette());
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    QComboBox* sets = q->view()->maskSetCombo();
    // Nothing chosen yet: the newest set, named by its run.
    QCOMPARE(sets->count(), 2);
    QCOMPARE(sets->currentText(), QString("20260102-090000-pipeline (bn7)"));
    QCOMPARE(sets->itemText(1), QString("20260101-120000-pseudo-masks (bn7)"));
    QCOMPARE(q->model()->maskSet(), pipelineSet);
    QCOMPARE(q->model()->rowCount(), 3);
    QCOMPARE(page.session()->model()->bytes(), bytesOf(pipelineMask));
    shoot(&page, "review-page-mask-sets");

    // The user switches to the job's set (as the combo does): recorded in review.json.
    Q_EMIT sets->activated(1);
    QCOMPARE(q->model()->maskSet(), jobSet);
    QCOMPARE(q->model()->rowCount(), kPatches);
    QCOMPARE(reviewOf(project).maskSet(), std::string("masks/20260101-120000-pseudo-masks/bn7"));
    QCOMPARE(page.session()->model()->bytes(), bytesOf(maskOf(0)));
    paintStroke(page.canvas());
    QVERIFY(page.save());

    // A newer pipeline finishes: it is listed at once, the chosen set stays under review.
    const QString newer = project.runsDir() + "/20260103-100000-pipeline/masks/bn7";
    QDir().mkpath(newer);
    arml::data::writePalettePng((newer + "/" + stemOf(0) + ".png").toStdString(), pipelineMask, palette());
    q->refreshMaskSets();
    QCOMPARE(sets->count(), 3);
    QCOMPARE(sets->currentText(), QString("20260101-120000-pseudo-masks (bn7)"));
    QCOMPARE(q->model()->rowCount(), kPatches);
    QCOMPARE(q->model()->patch(0).state, ReviewState::Corrected);

    // Switching to another set hides no correction: the patch is still corrected and opens with
    // the correction, saying which masks it was made from.
    QVERIFY(q->chooseMaskSet(pipelineSet));
    QCOMPARE(q->model()->rowCount(), 3);
    QCOMPARE(q->model()->patch(q->model()->rowOfStem(stemOf(0))).state, ReviewState::Corrected);
    QVERIFY(q->model()->patch(q->model()->rowOfStem(stemOf(0))).edited);
    QVERIFY(q->openStem(stemOf(0)));
    QCOMPARE(page.session()->model()->bytes(), fileBytes(project.editsDir() + "/" + stemOf(0) + ".png").isEmpty()
                                                   ? QByteArray()
                                                   : bytesOf(arml::data::readIndexMask((project.editsDir() + "/" + stemOf(0) + ".png").toStdString())));
    QVERIFY2(page.statusLabel()->text().contains("made from the masks in masks/20260101-120000-pseudo-masks/bn7"),
             qPrintable(page.statusLabel()->text()));
    // Reopening the project stays on the chosen set.
    page.setProject(project);
    QCOMPARE(q->model()->maskSet(), pipelineSet);
    // "Train stage 2 on reviewed masks" trains on the set under review.
    QSignalSpy spy(q, &ReviewQueueController::trainStage2Requested);
    q->view()->trainButton()->click();
    QCOMPARE(spy.value(0).value(0).toString(), pipelineSet);
  }

  // A run still running is listed but never reviewed by default; once finished (and nothing was
  // chosen yet) its masks are the ones reviewed.
  void aRunningRunsMasksAreNotTheDefault() {
    const Project project = makeProject("running");
    const QString run = project.runsDir() + "/20260105-080000-pipeline";
    const QString pipelineSet = run + "/masks/bn7";
    QDir().mkpath(pipelineSet);
    arml::data::writePalettePng((pipelineSet + "/" + stemOf(0) + ".png").toStdString(),
                                cv::Mat(kSize, kSize, CV_8UC1, cv::Scalar(3)), palette());
    const auto writeState = [&](const char* state) {
      QFile f(run + "/job.json");
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
      f.write(QJsonDocument(QJsonObject{{"kind", "pipeline"}, {"state", state}}).toJson());
    };
    writeState("running");
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    QComboBox* sets = q->view()->maskSetCombo();
    QCOMPARE(sets->count(), 2);
    QCOMPARE(sets->itemText(0), QString("20260105-080000-pipeline (bn7) — still running"));
    QCOMPARE(q->model()->maskSet(), project.masksDir() + "/20260101-120000-pseudo-masks/bn7");
    QCOMPARE(q->model()->rowCount(), kPatches);
    shoot(&page, "review-page-mask-set-running");
    writeState("finished");
    q->refreshMaskSets();
    QCOMPARE(q->model()->maskSet(), pipelineSet);
    QCOMPARE(sets->currentText(), QString("20260105-080000-pipeline (bn7)"));
    QCOMPARE(q->model()->rowCount(), 1);
  }

  // review.json and the correction's provenance say who reviewed: the name from the settings,
  // else the operating system's user, never "".
  void reviewerNameIsRecorded() {
    const Project project = makeProject("reviewer");
    setReviewerName("Dr. Lin");
    ReviewPage page;
    ReviewQueueController* q = showProject(page, project);
    q->setAdvanceAfterDecision(false);
    q->flag();
    QCOMPARE(reviewOf(project).get(stemOf(0).toStdString()).reviewer, std::string("Dr. Lin"));
    QCOMPARE(q->model()->index(0, ReviewQueueModel::StateColumn).data(Qt::ToolTipRole).toString(), QString("by Dr. Lin"));
    paintStroke(page.canvas());
    QVERIFY(page.save());
    QCOMPARE(MaskEditSession::readProvenance(project.editsDir() + "/" + stemOf(0) + ".json").editor, QString("Dr. Lin"));

    setReviewerName(QString());
    const QByteArray user = qgetenv("USER"), userName = qgetenv("USERNAME"), logName = qgetenv("LOGNAME");
    for (const char* v : {"USER", "USERNAME", "LOGNAME"}) qunsetenv(v);
    QVERIFY(q->openStem(stemOf(1)));
    q->reject();
    const std::string recorded = reviewOf(project).get(stemOf(1).toStdString()).reviewer;
    qputenv("USER", user);
    qputenv("USERNAME", userName);
    qputenv("LOGNAME", logName);
    QCOMPARE(QString::fromStdString(recorded), QDir::home().dirName());
    QVERIFY(!recorded.empty());
    qputenv("USER", "os-user");
    QCOMPARE(reviewerName(), QString("os-user"));
  }

  void trainStage2RequestNamesEditsAndReview() {
    const Project project = makeProject("train");
    ReviewPage page;
    page.setProject(project);
    QSignalSpy spy(page.queue(), &ReviewQueueController::trainStage2Requested);
    page.queue()->view()->trainButton()->click();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy[0][0].toString(), project.masksDir() + "/20260101-120000-pseudo-masks/bn7");
    QCOMPARE(spy[0][1].toString(), project.editsDir());
    QCOMPARE(spy[0][2].toString(), project.folder() + "/review.json");

    // In the main window the request prepares the Training page's stage-2 job on the reviewed set.
    MainWindow w;
    QVERIFY(w.openProjectFolder(project.folder()));
    w.reviewPage()->queue()->view()->trainButton()->click();
    QCOMPARE(w.pages()->currentIndex(), int(MainWindow::TrainingPageIndex));
    const JobSettings s = w.trainingPage()->settings();
    QCOMPARE(s.kind, JobKind::Stage2);
    QCOMPARE(s.masks, project.masksDir() + "/20260101-120000-pseudo-masks/bn7");
    QCOMPARE(s.edits, project.editsDir());
    QCOMPARE(s.review, project.folder() + "/review.json");
    const QStringList args = buildArmlArguments(s);
    QCOMPARE(args.value(args.indexOf("--edits") + 1), project.editsDir());
    QCOMPARE(args.value(args.indexOf("--review") + 1), project.folder() + "/review.json");
    QVERIFY(w.trainingPage()->commandText().contains("--review"));
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    shoot(&w, "training-page-reviewed-masks");
    w.showPage(MainWindow::ReviewPageIndex);
    shoot(&w, "main-window-review-page");
  }
};

QTEST_MAIN(TestReviewQueue)
#include "test_review_queue.moc"
