#include <QtTest>

#include <cmath>
#include <fstream>
#include <thread>

#include "core/errors.h"
#include "core/event_sink.h"
#include "test_paths.h"

using nlohmann::json;

namespace {
std::vector<json> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<json> out;
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}
}  // namespace

class TestEventSink : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void writesOneJsonObjectPerLine() {
    const std::string path = arml::test::scratchDir("events") + "/events.jsonl";
    {
      arml::EventSink sink(path);
      sink.step({{"stage", "stage1"}, {"step", 3}, {"loss", 0.5}});
      sink.metric("mIoU", 0.61, {{"split", "val"}});
      sink.artifact("checkpoint", "run/checkpoints/epoch-1.pth");
      sink.done(0);
    }
    const auto lines = readLines(path);
    QCOMPARE(lines.size(), size_t(4));
    QCOMPARE(lines[0]["type"].get<std::string>(), std::string("step"));
    QCOMPARE(lines[0]["step"].get<int>(), 3);
    QVERIFY(lines[0]["time"].is_number());
    QCOMPARE(lines[1]["name"].get<std::string>(), std::string("mIoU"));
    QCOMPARE(lines[1]["split"].get<std::string>(), std::string("val"));
    QCOMPARE(lines[2]["path"].get<std::string>(), std::string("run/checkpoints/epoch-1.pth"));
    QCOMPARE(lines[3]["exit_code"].get<int>(), 0);
  }

  void nanBecomesNull() {
    const std::string path = arml::test::scratchDir("events-nan") + "/e.jsonl";
    {
      arml::EventSink sink(path);
      sink.step({{"loss", std::nan("")}});
    }
    const auto lines = readLines(path);
    QCOMPARE(lines.size(), size_t(1));
    QVERIFY(lines[0]["loss"].is_null());
  }

  void teeCopiesEveryEvent() {
    const std::string dir = arml::test::scratchDir("events-tee");
    auto second = std::make_shared<arml::EventSink>(dir + "/b.jsonl");
    {
      arml::EventSink sink(dir + "/a.jsonl");
      sink.tee(second);
      sink.warning("slow disk");
    }
    second.reset();
    QCOMPARE(readLines(dir + "/a.jsonl").size(), size_t(1));
    QCOMPARE(readLines(dir + "/b.jsonl")[0]["message"].get<std::string>(), std::string("slow disk"));
  }

  void concurrentWritersNeverInterleaveLines() {
    const std::string path = arml::test::scratchDir("events-mt") + "/e.jsonl";
    {
      arml::EventSink sink(path);
      std::vector<std::thread> threads;
      for (int t = 0; t < 4; ++t)
        threads.emplace_back([&sink, t] {
          for (int i = 0; i < 200; ++i) sink.step({{"thread", t}, {"i", i}, {"pad", std::string(100, 'x')}});
        });
      for (auto& th : threads) th.join();
    }
    QCOMPARE(readLines(path).size(), size_t(800));  // every line parses as JSON
  }

  void disabledSinkWritesNothing() {
    arml::EventSink sink;
    QVERIFY(!sink.enabled());
    sink.done(0);  // must not crash
  }

  void unwritableTargetIsAnInputError() {
    QVERIFY_THROWS_EXCEPTION(arml::InputError, [] { arml::EventSink sink("/nonexistent-dir/x/events.jsonl"); }());
  }
};

QTEST_APPLESS_MAIN(TestEventSink)
#include "test_event_sink.moc"
