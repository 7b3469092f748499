// JSON from outside is scanned for depth and size before nlohmann's recursive parser sees it.
#include <QtTest>

#include <string>

#include "core/errors.h"
#include "data/json_shape.h"

using arml::data::checkJsonShape;

namespace {

QString errorOf(const std::string& text, int depth, std::size_t values) {
  try {
    checkJsonShape(text, depth, values, "f.json");
  } catch (const arml::InputError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestJsonShape : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void depthIsCountedOutsideStringsOnly() {
    QCOMPARE(errorOf(R"({"a":[[1,2],[3]]})", 3, 100), QString());
    QCOMPARE(errorOf(R"({"a":[[[1]]]})", 3, 100), QString("f.json: JSON nested deeper than 3 levels (at byte 7)"));
    QCOMPARE(errorOf("{\"a\":\"[[[[[\\\"[[[[{{{{\"}", 1, 100), QString());  // brackets and escaped quotes in a string
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    QCOMPARE(errorOf(deep, 64, 1000000), QString("f.json: JSON nested deeper than 64 levels (at byte 64)"));
  }

  void valuesAreBounded() {
    QCOMPARE(errorOf("[1,2,3]", 8, 4), QString());
    QCOMPARE(errorOf("[1,2,3,4]", 8, 4), QString("f.json: holds more than 4 JSON values"));
  }
};

QTEST_APPLESS_MAIN(TestJsonShape)
#include "test_json_shape.moc"
