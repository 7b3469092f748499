// Crash safety of corrections: a child process (this binary in --journal-child mode) paints N
// strokes on a MaskCanvas and undoes one, then is killed; opening the mask again replays the
// journal and gives exactly the strokes that were completed. Saving writes edits/<stem>.png and
// .json, never the generated mask, and clears the journal.
#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QtTest>
#include <cstdio>
#include <thread>

#include "data/palette_png.h"
#include "test_paths.h"
#include "ui/review/edit_journal.h"
#include "widgets/mask_canvas.h"

using namespace arml::ui;
using namespace arml::widgets;

namespace {

constexpr int kStrokes = 6;

// Stroke k of the scripted session: a diagonal brush drag of class k % 4.
void scriptedStroke(MaskCanvas& canvas, int k) {
  QTest::keyClick(&canvas, Qt::Key(Qt::Key_1 + k % 4));
  const QPoint a(20 + 30 * k, 30), b(60 + 30 * k, 200);
  QTest::mousePress(&canvas, Qt::LeftButton, {}, a);
  for (int i = 1; i <= 8; ++i) QTest::mouseMove(&canvas, a + (b - a) * i / 8);
  QTest::mouseRelease(&canvas, Qt::LeftButton, {}, b);
}

void writeSource(const QString& path) {
  cv::Mat m(112, 112, CV_8UC1, cv::Scalar(4));
  m(cv::Rect(10, 10, 40, 40)).setTo(1);
  arml::data::writePalettePng(path.toStdString(), m, {{205, 51, 51}, {0, 255, 0}, {65, 105, 225}, {255, 165, 0}, {255, 255, 255}});
}

void setUpCanvas(MaskCanvas& canvas, MaskEditSession& session) {
  canvas.resize(224, 224);
  canvas.setModel(session.model(), session.undoStack());
  canvas.show();
  if (!QTest::qWaitForWindowExposed(&canvas)) std::fprintf(stderr, "window not exposed\n");
}

int childMain(int argc, char** argv) {
  QApplication app(argc, argv);
  MaskEditSession session;
  QString error;
  if (!session.open(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), &error)) {
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return 2;
  }
  MaskCanvas canvas;
  setUpCanvas(canvas, session);
  for (int k = 0; k < kStrokes; ++k) {
    scriptedStroke(canvas, k);
    std::printf("stroke %d\n", k);
    std::fflush(stdout);
  }
  QTest::keyClick(&canvas, Qt::Key_Z, Qt::ControlModifier);
  std::printf("undone\n");
  std::fflush(stdout);
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));  // killed by the parent
}

}  // namespace

class TestMaskJournal : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void killedChildLosesNoCompletedStroke() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("ui_mask_journal"));
    const QString source = dir + "/masks/p1.png", edits = dir + "/edits";
    QDir().mkpath(dir + "/masks");
    writeSource(source);
    const QByteArray sourceBytes = [&] { QFile f(source); f.open(QIODevice::ReadOnly); return f.readAll(); }();

    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {"--journal-child", edits, source});
    QVERIFY(child.waitForStarted());
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.contains("undone") && t.elapsed() < 30000) {
      child.waitForReadyRead(200);
      out += child.readAllStandardOutput();
    }
    QVERIFY2(out.contains("undone"), child.readAllStandardError().constData());
    child.kill();  // SIGKILL: no chance to save or flush anything
    QVERIFY(child.waitForFinished());

    // Expected: the same strokes and undo, in-process, without a journal.
    MaskEditSession expectedSession;
    QString error;
    QVERIFY2(expectedSession.open(dir + "/scratch-edits", source, &error), qPrintable(error));
    MaskCanvas expectedCanvas;
    setUpCanvas(expectedCanvas, expectedSession);
    for (int k = 0; k < kStrokes; ++k) scriptedStroke(expectedCanvas, k);
    expectedCanvas.undo();
    const QByteArray expected = expectedSession.model()->bytes();

    MaskEditSession recovered;
    QVERIFY2(recovered.open(edits, source, &error), qPrintable(error));
    QCOMPARE(recovered.recoveredRecords(), kStrokes + 1);  // 6 strokes and 1 undo
    QVERIFY(recovered.isModified());
    QCOMPARE(recovered.model()->bytes(), expected);

    // Save: the edit and provenance appear, the generated mask is untouched, the journal empties.
    recovered.setCheckpoint("runs/r1/stage1.pt");
    QVERIFY2(recovered.save(&error), qPrintable(error));
    QFile src(source);
    QVERIFY(src.open(QIODevice::ReadOnly));
    QCOMPARE(src.readAll(), sourceBytes);
    const cv::Mat saved = arml::data::readIndexMask((edits + "/p1.png").toStdString());
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(saved.data), static_cast<qsizetype>(saved.total())), expected);
    const EditProvenance prov = MaskEditSession::readProvenance(edits + "/p1.json");
    QCOMPARE(prov.sourceMask, source);
    QCOMPARE(prov.checkpoint, QString("runs/r1/stage1.pt"));
    QVERIFY(prov.time.isValid());
    QCOMPARE(prov.strokes, 0);  // journalled strokes are counted only when painted in this session
    recovered.close();

    MaskEditSession reopened;
    QVERIFY(reopened.open(edits, source, &error));
    QCOMPARE(reopened.recoveredRecords(), 0);
    QCOMPARE(reopened.model()->bytes(), expected);
  }

  // Stems come from files (review.json keys): a session writes only edits/<plain name>.* inside
  // its project, and refuses, writing nothing, anything else.
  void writesOnlyInsideTheEditsFolderOfItsProject() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("ui_mask_journal_confined"));
    const QString project = dir + "/project", edits = project + "/edits", source = project + "/masks/p1.png";
    QDir().mkpath(project + "/masks");
    writeSource(source);
    const auto filesUnder = [](const QString& folder) {
      QStringList files;
      QDirIterator it(folder, QDir::Files | QDir::System | QDir::Hidden, QDirIterator::Subdirectories);
      while (it.hasNext()) files << it.next();
      files.sort();
      return files;
    };
    const QStringList before = filesUnder(dir);
    MaskEditSession session;
    session.setProjectRoot(project);
    QString error;
    for (const QString& stem : {QStringLiteral("../../ESCAPED"), QStringLiteral("/tmp/ESCAPED"), QStringLiteral(".."),
                                QStringLiteral("a\\b"), QStringLiteral("a\nb")}) {
      QVERIFY2(!session.open(edits, source, &error, stem), qPrintable(stem));
      QVERIFY2(error.contains("not a plain file name"), qPrintable(error));
      QVERIFY(!session.isOpen());
      QVERIFY(!session.save(&error));
      QVERIFY(!session.openBlank(edits, stem, QSize(8, 8), 4, {}, &error));
    }
    // An edits folder outside the project the session belongs to.
    QVERIFY(!session.open(dir + "/elsewhere/edits", source, &error, "p1"));
    QVERIFY2(error.contains("not inside the project"), qPrintable(error));
    QCOMPARE(filesUnder(dir), before);

    // A link named like the edit that leads out of the edits folder: the save refuses.
    QVERIFY2(session.open(edits, source, &error), qPrintable(error));
    QVERIFY(QFile::link(dir + "/outside.png", edits + "/p1.png"));
    QVERIFY(!session.save(&error));
    QVERIFY2(error.contains("outside the edits folder"), qPrintable(error));
    QVERIFY(!QFile::exists(dir + "/outside.png"));
    QVERIFY(QFile::remove(edits + "/p1.png"));
    QVERIFY2(session.save(&error), qPrintable(error));
    QVERIFY(QFile::exists(edits + "/p1.png"));

    // clear() leaves nothing to show or save.
    session.clear();
    QCOMPARE(session.model()->size(), QSize(0, 0));
    QVERIFY(!session.save(&error));
  }

  void tornLastRecordIsIgnored() {
    const QString dir = QString::fromStdString(arml::test::scratchDir("ui_mask_journal_torn"));
    MaskModel m;
    m.reset(100, 70, {}, 4);
    EditJournal j;
    QString error;
    QVERIFY(j.open(dir + "/x.journal", m.size(), &error));
    MaskModel painter;
    painter.reset(100, 70, {}, 4);
    QVector<QByteArray> states;
    for (int k = 0; k < 3; ++k) {
      painter.touch(QRect(10 * k, 5 * k, 40, 40));
      for (int y = 5 * k; y < 5 * k + 40; ++y)
        for (int x = 10 * k; x < 10 * k + 40; ++x) painter.bits()[y * 100 + x] = static_cast<quint8>(k);
      QVector<TileBytes> tiles;
      for (const TileChange& c : painter.takeDelta()) tiles.append({c.index, c.after});
      QVERIFY(j.append(tiles, &error));
      states.append(painter.bytes());
    }
    j.close();
    QFile f(dir + "/x.journal");
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.resize(f.size() - 5);  // the process died while writing the last record
    f.close();
    QCOMPARE(EditJournal::replay(dir + "/x.journal", m, &error), 2);
    QCOMPARE(m.bytes(), states[1]);
    MaskModel other;
    other.reset(64, 64, {}, 4);
    QCOMPARE(EditJournal::replay(dir + "/x.journal", other, &error), -1);  // another mask's journal
  }
};

int main(int argc, char** argv) {
  if (argc >= 4 && qstrcmp(argv[1], "--journal-child") == 0) return childMain(argc, argv);
  QApplication app(argc, argv);
  TestMaskJournal test;
  return QTest::qExec(&test, argc, argv);
}
#include "test_mask_journal.moc"
