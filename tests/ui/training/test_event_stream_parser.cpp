// The stdout event stream of `arml --events -` arrives in arbitrary chunks; the parser must give
// the same events whatever the chunking, keep text lines, and survive garbage.
#include <QRandomGenerator>
#include <QtTest>

#include "ui/training/event_stream_parser.h"

using arml::ui::EventStreamParser;
using arml::ui::StreamItem;

namespace {
// A recorded stream as the CLI writes it (one JSON object per line), with a text line, a CRLF
// line, a NaN written as null and non-ASCII text that a chunk boundary may split.
QByteArray recordedStream() {
  return QByteArray(
      "arml 0.1.0\n"
      "{\"type\":\"step\",\"time\":0.5,\"stage\":\"stage1\",\"epoch\":0,\"step\":1,\"steps\":3,\"loss\":0.69,\"lr\":0.01,\"images_per_s\":12.5}\n"
      "{\"type\":\"step\",\"time\":1.0,\"stage\":\"stage1\",\"epoch\":0,\"step\":2,\"steps\":3,\"loss\":null,\"lr\":0.009}\r\n"
      "{\"type\":\"warning\",\"time\":1.1,\"message\":\"patch 肿瘤-µm.png skipped\"}\n"
      "{\"type\":\"epoch\",\"time\":1.5,\"stage\":\"stage1\",\"epoch\":0,\"epochs\":2,\"miou\":0.41,\"iou\":[0.5,0.4,0.3,0.44]}\n"
      "{not json at all\n"
      "{\"no_type\":1}\n"
      "\n"
      "{\"type\":\"done\",\"time\":2.0,\"exit_code\":0}");  // last line without newline
}

QVector<StreamItem> parseInChunks(const QByteArray& stream, const QVector<int>& cuts) {
  EventStreamParser parser;
  QVector<StreamItem> items;
  int start = 0;
  for (int cut : cuts) {
    items += parser.feed(stream.mid(start, cut - start));
    start = cut;
  }
  items += parser.feed(stream.mid(start));
  items += parser.finish();
  return items;
}

QStringList describe(const QVector<StreamItem>& items) {
  QStringList out;
  for (const StreamItem& i : items) out << (i.isEvent() ? "event:" + i.type : "text:" + i.text);
  return out;
}
}  // namespace

class TestEventStreamParser : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void wholeStreamAtOnce() {
    const QVector<StreamItem> items = parseInChunks(recordedStream(), {});
    const QStringList expected = {"text:arml 0.1.0", "event:step",          "event:step", "event:warning",
                                  "event:epoch",     "text:{not json at all", "text:{\"no_type\":1}", "text:",
                                  "event:done"};
    QCOMPARE(describe(items), expected);
    QCOMPARE(items[1].fields.value("loss").toDouble(), 0.69);
    QVERIFY(items[2].fields.value("loss").isNull());
    QCOMPARE(items[2].fields.value("lr").toDouble(), 0.009);  // the \r was stripped, JSON still parsed
    QCOMPARE(items[3].fields.value("message").toString(), QString::fromUtf8("patch 肿瘤-µm.png skipped"));
    QCOMPARE(items[4].fields.value("iou").toArray().size(), 4);
  }

  void anyChunkingGivesTheSameItems() {
    const QByteArray stream = recordedStream();
    const QStringList reference = describe(parseInChunks(stream, {}));
    // Every single split point, then many random multi-way splits (byte-by-byte included).
    for (int cut = 1; cut < stream.size(); ++cut)
      QCOMPARE(describe(parseInChunks(stream, {cut})), reference);
    QRandomGenerator rng(7);
    for (int trial = 0; trial < 200; ++trial) {
      QVector<int> cuts;
      int pos = 0;
      while (true) {
        pos += 1 + rng.bounded(trial % 2 ? 3 : 40);
        if (pos >= stream.size()) break;
        cuts << pos;
      }
      const QVector<StreamItem> items = parseInChunks(stream, cuts);
      QCOMPARE(describe(items), reference);
      QCOMPARE(items[3].fields.value("message").toString(), QString::fromUtf8("patch 肿瘤-µm.png skipped"));
    }
  }

  void partialLineIsHeldUntilComplete() {
    EventStreamParser parser;
    QVERIFY(parser.feed("{\"type\":\"progress\",\"done\":3").isEmpty());
    QVERIFY(parser.hasPartialLine());
    const QVector<StreamItem> items = parser.feed(",\"total\":10}\n{\"type\":");
    QCOMPARE(items.size(), 1);
    QCOMPARE(items[0].type, QString("progress"));
    QCOMPARE(items[0].fields.value("total").toInt(), 10);
    QVERIFY(parser.hasPartialLine());
  }

  void overlongLineIsCutNotHoarded() {
    EventStreamParser parser;
    const QByteArray big(EventStreamParser::kMaxLineBytes + 10, 'x');
    const QVector<StreamItem> items = parser.feed(big);
    QCOMPARE(items.size(), 1);
    QVERIFY(!items[0].isEvent());
    QVERIFY(!parser.hasPartialLine());
    QCOMPARE(parser.feed("{\"type\":\"done\"}\n").value(0).type, QString("done"));
  }
};

QTEST_APPLESS_MAIN(TestEventStreamParser)
#include "test_event_stream_parser.moc"
