// Metrics JSON / CSV: NaN handling, full precision, round trip, refusing inconsistent files.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "eval/metrics_io.h"
#include "test_paths.h"

using namespace arml::eval;

namespace {
ConfusionMatrix sampleMatrix() {
  ConfusionMatrix cm(4);  // class 3 absent from GT and prediction -> NaN IoU
  cm.at(0, 0) = 1000; cm.at(0, 1) = 7; cm.at(1, 1) = 333; cm.at(1, 2) = 1; cm.at(2, 0) = 2;
  return cm;
}
}  // namespace

class TestMetricsIo : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void jsonHoldsTablesAndNullForNan() {
    const auto r = makeReport(sampleMatrix(), {"TE", "NEC", "LYM", "TAS"});
    const auto j = toJson(r);
    QCOMPARE(j.at("pixels").get<int64_t>(), int64_t(1343));
    QVERIFY(j.at("per_class")[3].at("iou").is_null());
    QCOMPARE(j.at("per_class")[1].at("name").get<std::string>(), std::string("NEC"));
    QCOMPARE(j.at("per_class")[0].at("gt_pixels").get<int64_t>(), int64_t(1007));
    QCOMPARE(j.at("confusion_matrix")[1][2].get<int64_t>(), int64_t(1));
    QCOMPARE(j.at("mean_iou").get<double>(), r.metrics.meanIoU);
  }

  void jsonFileRoundTrip() {
    const auto dir = arml::test::scratchDir("metrics_io");
    const auto r = makeReport(sampleMatrix(), {"TE", "NEC", "LYM", "TAS"});
    writeMetricsJson(dir + "/m.json", r);
    const auto back = readMetricsJson(dir + "/m.json");
    QVERIFY(back.confusion == r.confusion);
    QCOMPARE(back.classNames, r.classNames);
    QCOMPARE(back.metrics.fwIoU, r.metrics.fwIoU);  // bit-exact through text
    QVERIFY(std::isnan(back.metrics.iou[3]));
  }

  void inconsistentJsonIsRefused() {
    auto j = toJson(makeReport(sampleMatrix()));
    j["mean_iou"] = 0.99;
    QVERIFY_THROWS_EXCEPTION(arml::InputError, reportFromJson(j));
    j = toJson(makeReport(sampleMatrix()));
    j["confusion_matrix"][0].erase(0);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, reportFromJson(j));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, makeReport(sampleMatrix(), {"a", "b"}));
  }

  void csvHasThreeSections() {
    const auto r = makeReport(sampleMatrix(), {"TE", "NEC", "LYM", "TAS"});
    const std::string csv = toCsv(r);
    std::istringstream in(csv);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    QCOMPARE(lines.size(), size_t(5 + 1 + 7 + 1 + 5));
    QCOMPARE(lines[0], std::string("class,name,iou,dice,accuracy,gt_pixels,pred_pixels"));
    QVERIFY(lines[4].rfind("3,TAS,nan,nan,nan,0,0", 0) == 0);
    QCOMPARE(lines[6], std::string("metric,value"));
    QCOMPARE(lines[14], std::string("gt\\pred,TE,NEC,LYM,TAS"));
    QCOMPARE(lines[15], std::string("TE,1000,7,0,0"));
    // Full precision: the mIoU printed parses back to the same double.
    const std::string miou = lines[10].substr(lines[10].find(',') + 1);
    QCOMPARE(lines[10].substr(0, 9), std::string("mean_iou,"));
    QCOMPARE(std::stod(miou), r.metrics.meanIoU);
    QVERIFY(toText(r).find("mIoU") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestMetricsIo)
#include "test_metrics_io.moc"
