// `arml annotations export|import` on small projects: every corrected mask exported at once, read
// back into another project and exported again byte for byte (so the masks are pixel-identical),
// slide patches in the slide's level-0 coordinates, and hostile or wrong input as exit 2 with a
// message naming the file, never a crash and never a write over an existing mask or the input.
#include <QtTest>

#include <cstdint>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "cli_runner.h"
#include "test_paths.h"

using arml::test::runArml;
using Result = arml::test::CliResult;

namespace {

void writeText(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(text);
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::uint32_t crc32(const QByteArray& bytes) {
  std::uint32_t c = 0xffffffffu;
  for (const char ch : bytes) {
    c ^= std::uint8_t(ch);
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

QByteArray bigEndian(std::uint32_t v) {
  const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  return QByteArray(bytes, 4);
}

// An 8-bit grayscale PNG of index values (the CLI tests link no image library).
template <typename F>
void writeIndexMask(const QString& path, int width, int height, F pixel) {
  QByteArray raw;
  for (int y = 0; y < height; ++y) {
    raw.append(char(0));
    for (int x = 0; x < width; ++x) raw.append(char(pixel(x, y)));
  }
  const QByteArray zlib = qCompress(raw).mid(4);
  auto chunk = [](const char* type, const QByteArray& data) {
    const QByteArray body = QByteArray(type) + data;
    return bigEndian(std::uint32_t(data.size())) + body + bigEndian(crc32(body));
  };
  const QByteArray ihdr = bigEndian(std::uint32_t(width)) + bigEndian(std::uint32_t(height)) + QByteArray("\x08\x00\x00\x00\x00", 5);
  writeText(path, QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", zlib) + chunk("IEND", {}));
}

// Class 0 ring with a class-1 hole, a class-3 blob touching it diagonally, background 4 elsewhere.
int samplePixel(int x, int y) {
  if (x >= 6 && x < 10 && y >= 6 && y < 10) return 1;
  if (x >= 3 && x < 13 && y >= 3 && y < 13) return 0;
  if (x >= 13 && y >= 13 && x < 16 && y < 15) return 3;
  return 4;
}

const char* kSlidePatch = "S1_x1000_y2000_s64";

// A project (default classes) with a dataset patch "plain" (16 x 16) and a 16 x 16 patch cut from
// slide S1 at level-0 (1000, 2000), side 64, listed in review.json with its image.
QString makeProject(const std::string& name, bool withEdits) {
  const QString dir = QString::fromStdString(arml::test::scratchDir(name));
  QDir(dir).mkpath("edits");
  QDir(dir).mkpath("slide-patches/S1");
  writeText(dir + "/project.json", R"({"format":"arml-studio-project","version":1,"name":"t"})");
  writeIndexMask(dir + "/slide-patches/S1/" + kSlidePatch + ".png", 16, 16, [](int, int) { return 4; });
  writeText(dir + "/review.json", QByteArray(R"({"format":1,"patches":{")") + kSlidePatch +
                                      R"(":{"state":"corrected","image":"slide-patches/S1/)" + kSlidePatch + R"(.png"}}})");
  if (withEdits) {
    writeIndexMask(dir + "/edits/plain.png", 16, 16, samplePixel);
    writeIndexMask(dir + "/edits/" + kSlidePatch + ".png", 16, 16, samplePixel);
  }
  return dir;
}

void expectBadInput(const Result& r, const QString& needle) {
  QVERIFY2(r.exitCode == 2 && r.err.contains(needle), qPrintable(QString("exit %1, stderr: %2").arg(r.exitCode).arg(r.err.left(400))));
}

}  // namespace

class TestAnnotationsCli : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void exportImportExportIsIdentical_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("ext");
    QTest::newRow("geojson") << "geojson" << ".geojson";
    QTest::newRow("asap") << "asap" << ".xml";
  }

  void exportImportExportIsIdentical() {
    QFETCH(QString, format);
    QFETCH(QString, ext);
    const QString a = makeProject("annotations_cli_a_" + format.toStdString(), true);
    const QString out = a + "/exported";
    const Result e = runArml({"annotations", "export", "--project", a, "--out", out, "--format", format});
    QVERIFY2(e.exitCode == 0, qPrintable(e.err));
    QVERIFY2(e.out.contains("exported 2 corrected mask(s)") && e.out.contains("(1 in slide level-0 coordinates)"), qPrintable(e.out));
    QVERIFY(QFile::exists(out + "/plain" + ext));
    QVERIFY(QFile::exists(out + "/" + kSlidePatch + ext));
    QVERIFY2(e.out.contains("slide S1: 1 patch(es) together -> " + out + "/slides/S1" + ext), qPrintable(e.out));
    QVERIFY(QFile::exists(out + "/slides/S1" + ext));

    // Into a project without corrections: the slide patch's size comes from its review image,
    // the dataset patch's from --size.
    const QString b = makeProject("annotations_cli_b_" + format.toStdString(), false);
    Result i = runArml({"annotations", "import", "--project", b, "--stem", kSlidePatch, "--input", out + "/" + kSlidePatch + ext});
    QVERIFY2(i.exitCode == 0 && i.out.contains("(read in slide level-0 coordinates)"), qPrintable(i.err + i.out));
    i = runArml({"annotations", "import", "--project", b, "--stem", "plain", "--input", out + "/plain" + ext, "--size", "16x16"});
    QVERIFY2(i.exitCode == 0 && i.out.contains("16 x 16, 106 pixel(s) not background"), qPrintable(i.err + i.out));
    const Result again = runArml({"annotations", "export", "--project", b, "--out", b + "/exported", "--format", format});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    for (const QString& stem : {QString("plain"), QString(kSlidePatch)}) {
      const QByteArray first = readAll(out + "/" + stem + ext);
      QVERIFY(!first.isEmpty());
      QCOMPARE(readAll(b + "/exported/" + stem + ext), first);  // same polygons: the same pixels
    }
  }

  void slidePatchIsInLevel0Coordinates() {
    const QString a = makeProject("annotations_cli_level0", true);
    const Result e = runArml({"annotations", "export", "--project", a, "--out", a + "/out"});
    QVERIFY2(e.exitCode == 0, qPrintable(e.err));
    // The class-0 ring covers mask pixels 3..13; one mask pixel is 64 / 16 = 4 level-0 pixels.
    auto extent = [](const QString& file, const QString& cls) {
      const QJsonObject doc = QJsonDocument::fromJson(readAll(file)).object();
      QRectF box;
      for (const QJsonValue f : doc["features"].toArray()) {
        if (f["properties"]["classification"]["name"].toString() != cls) continue;
        for (const QJsonValue p : f["geometry"]["coordinates"][0].toArray()) box |= QRectF(p[0].toDouble(), p[1].toDouble(), 0, 0).normalized().adjusted(0, 0, 1e-9, 1e-9);
      }
      return box;
    };
    const QRectF slide = extent(a + "/out/" + kSlidePatch + ".geojson", "Tumour epithelium");
    QCOMPARE(qRound(slide.left()), 1000 + 3 * 4);
    QCOMPARE(qRound(slide.top()), 2000 + 3 * 4);
    QCOMPARE(qRound(slide.right()), 1000 + 13 * 4);
    QCOMPARE(qRound(slide.bottom()), 2000 + 13 * 4);
    const QRectF plain = extent(a + "/out/plain.geojson", "Tumour epithelium");
    QCOMPARE(qRound(plain.left()), 3);
    QCOMPARE(qRound(plain.right()), 13);
  }

  // The crashes of issue #19 as files given to the command line.
  void hostileFilesAreExit2() {
    const QString a = makeProject("annotations_cli_hostile", true);
    writeText(a + "/deep.geojson", QByteArray(200000, '[') + QByteArray(200000, ']'));
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "new", "--size", "16x16", "--input", a + "/deep.geojson"}),
                   a + "/deep.geojson: JSON nested deeper than 32 levels");
    writeText(a + "/huge.xml", "<ASAP_Annotations><Annotations><Annotation Name=\"" + QByteArray(200000, 'x') + "\"/></Annotations></ASAP_Annotations>");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "new", "--size", "16x16", "--input", a + "/huge.xml"}),
                   a + "/huge.xml: line 1: attribute Name of <Annotation> is 200000 bytes long");
    writeText(a + "/nan.xml", R"(<ASAP_Annotations><Annotation PartOfGroup="Necrosis"><Coordinate Order="0" X="nan" Y="1"/></Annotation></ASAP_Annotations>)");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "new", "--size", "16x16", "--input", a + "/nan.xml"}),
                   "coordinate is not a finite number");
    QVERIFY(!QFile::exists(a + "/edits/new.png"));
  }

  void wrongUseIsExit2AndWritesNothing() {
    const QString a = makeProject("annotations_cli_wrong", true);
    const QString input = a + "/in.geojson";
    QVERIFY(runArml({"annotations", "export", "--project", a, "--out", a + "/x"}).exitCode == 0);
    QFile::copy(a + "/x/plain.geojson", input);
    const QByteArray before = readAll(a + "/edits/plain.png");
    expectBadInput(runArml({"annotations", "export", "--project", a, "--out", a + "/y", "--format", "svg"}), "--format svg: expected geojson or asap");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "plain", "--input", input}),
                   "edits/plain.png: already exists; --replace to overwrite it");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "../escape", "--input", input, "--size", "16x16"}),
                   "not a patch name that can be a file name");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "unknown", "--input", input}), "give --size WxH");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "plain", "--input", input, "--size", "16by16"}),
                   "--size 16by16: expected WIDTHxHEIGHT");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "plain", "--input", input, "--out", input, "--replace"}),
                   "is the input itself");
    writeText(a + "/edits/plain.journal", "strokes");
    expectBadInput(runArml({"annotations", "import", "--project", a, "--stem", "plain", "--input", input, "--replace"}),
                   "the app holds unsaved strokes for this patch");
    QFile::remove(a + "/edits/plain.journal");
    QCOMPARE(readAll(a + "/edits/plain.png"), before);
    // With --replace the correction is rewritten (as a palette PNG of the same pixels).
    const Result r = runArml({"annotations", "import", "--project", a, "--stem", "plain", "--input", input, "--replace"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(readAll(a + "/edits/plain.png") != before);
    // A project.json whose edits folder leaves the project is refused before anything is read.
    writeText(a + "/project.json", R"({"edits":"../../elsewhere"})");
    expectBadInput(runArml({"annotations", "export", "--project", a, "--out", a + "/z"}),
                   "edits folder '../../elsewhere' is not a plain relative name");
    QVERIFY(!QDir(a + "/z").exists());
    expectBadInput(runArml({"annotations", "export", "--project", a + "/none", "--out", a + "/z"}), "not a project folder");
  }
};

QTEST_GUILESS_MAIN(TestAnnotationsCli)
#include "test_annotations_cli.moc"
