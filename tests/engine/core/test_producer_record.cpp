// claimProducer: a folder records what filled it; the same producer continues, another one (or
// outputs without a record) is refused naming the differing field, and --replace clears first.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "core/producer_record.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using nlohmann::json;

class TestProducerRecord : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void sameProducerContinuesOtherIsRefused() {
    const fs::path dir = arml::test::scratchDir("producer_record");
    int cleared = 0;
    const auto clear = [&] { ++cleared; };
    const json a = {{"model_digest", "aaaa"}, {"background", "white"}};
    arml::claimProducer(dir, a, {{"layers", {"bn7"}}}, false, false, clear);
    QVERIFY(fs::exists(arml::producerRecordFile(dir)));
    arml::claimProducer(dir, a, {{"layers", {"bn7", "b5_2"}}}, true, false, clear);
    QCOMPARE(cleared, 0);

    const json b = {{"model_digest", "bbbb"}, {"background", "white"}};
    try {
      arml::claimProducer(dir, b, {}, true, false, clear);
      QFAIL("another producer was accepted");
    } catch (const arml::InputError& e) {
      const QString m = e.what();
      QVERIFY2(m.contains(dir.c_str()) && m.contains("model_digest") && m.contains("aaaa") && m.contains("bbbb") &&
                   m.contains("--replace"),
               qPrintable(m));
    }
    QCOMPARE(cleared, 0);
    arml::claimProducer(dir, b, {}, true, true, clear);
    QCOMPARE(cleared, 1);
    arml::claimProducer(dir, b, {}, true, false, clear);  // b is the producer now
  }

  void outputsWithoutRecordNeedReplace() {
    const fs::path dir = arml::test::scratchDir("producer_record_legacy");
    int cleared = 0;
    QVERIFY_THROWS_EXCEPTION(arml::InputError,
                             arml::claimProducer(dir, {{"m", 1}}, {}, true, false, [&] { ++cleared; }));
    QVERIFY(!fs::exists(arml::producerRecordFile(dir)));
    arml::claimProducer(dir, {{"m", 1}}, {}, true, true, [&] { ++cleared; });
    QCOMPARE(cleared, 1);
  }

  void digestFollowsContentNotName() {
    const fs::path dir = arml::test::scratchDir("producer_digest");
    std::ofstream(dir / "a.pt") << "weights";
    std::ofstream(dir / "b.pt") << "weights";
    std::ofstream(dir / "c.pt") << "weightz";
    QCOMPARE(arml::fileDigest(dir / "a.pt"), arml::fileDigest(dir / "b.pt"));
    QVERIFY(arml::fileDigest(dir / "a.pt") != arml::fileDigest(dir / "c.pt"));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::fileDigest(dir / "missing.pt"));
  }
};

QTEST_APPLESS_MAIN(TestProducerRecord)
#include "test_producer_record.moc"
