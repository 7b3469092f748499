// Confusion matrix and §6 metrics against the reference Evaluator (fixture metrics.pt) and by hand.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <iterator>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "core/errors.h"
#include "eval/confusion_matrix.h"
#include "eval/segmentation_metrics.h"
#include "tensors/confusion_tensor.h"
#include "test_paths.h"

using arml::eval::ConfusionMatrix;
using arml::eval::SegmentationMetrics;

namespace {

c10::Dict<c10::IValue, c10::IValue> loadDict(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
  return torch::pickle_load(bytes).toGenericDict();
}

bool sameOrBothNan(double a, double b, double tol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= tol;
}

void checkScalar(const char* name, double mine, double ref) {
  QVERIFY2(sameOrBothNan(mine, ref, 1e-12), qPrintable(QString("%1: %2 vs reference %3").arg(name).arg(mine, 0, 'g', 17)
                                                         .arg(ref, 0, 'g', 17)));
}

// Accumulates one reference scenario batch by batch, as the reference calls add_batch.
void checkScenario(const c10::Dict<c10::IValue, c10::IValue>& s, bool useTensors) {
  const at::Tensor gt = s.at("gt").toTensor();
  const at::Tensor pred = s.at("pred").toTensor();
  QCOMPARE(gt.scalar_type(), torch::kByte);
  ConfusionMatrix cm(4);
  for (int64_t b = 0; b < gt.size(0); ++b) {
    if (useTensors) {
      arml::eval::addTensors(cm, gt[b].to(torch::kFloat), pred[b].to(torch::kLong));  // the reference's dtypes
    } else {
      const at::Tensor g = gt[b].contiguous(), p = pred[b].contiguous();
      cm.add(g.data_ptr<uint8_t>(), p.data_ptr<uint8_t>(), static_cast<size_t>(g.numel()));
    }
  }
  const at::Tensor ref = s.at("confusion_matrix").toTensor().to(torch::kDouble);
  for (int g = 0; g < 4; ++g)
    for (int p = 0; p < 4; ++p) QCOMPARE(static_cast<double>(cm.at(g, p)), ref[g][p].item<double>());

  const SegmentationMetrics m = arml::eval::computeMetrics(cm);
  checkScalar("Pixel_Accuracy", m.pixelAccuracy, s.at("Pixel_Accuracy").toDouble());
  checkScalar("Pixel_Accuracy_Class", m.meanAccuracy, s.at("Pixel_Accuracy_Class").toDouble());
  checkScalar("Mean_Intersection_over_Union", m.meanIoU, s.at("Mean_Intersection_over_Union").toDouble());
  checkScalar("Frequency_Weighted_IoU", m.fwIoU, s.at("Frequency_Weighted_Intersection_over_Union").toDouble());
  checkScalar("Dice_Similarity_Coefficient", m.meanDice, s.at("Dice_Similarity_Coefficient").toDouble());
  const at::Tensor iou = s.at("Intersection_over_Union").toTensor().to(torch::kDouble);
  for (int c = 0; c < 4; ++c) checkScalar("Intersection_over_Union[c]", m.iou[c], iou[c].item<double>());
}

}  // namespace

class TestSegmentationMetrics : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void referenceScenarioAllClasses() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/metrics.pt");
    const auto d = loadDict(path);
    checkScenario(d.at("A_all_classes").toGenericDict(), false);
    checkScenario(d.at("A_all_classes").toGenericDict(), true);
    const auto m = d.at("A_all_classes").toGenericDict().at("Mean_Intersection_over_Union").toDouble();
    QVERIFY(std::fabs(m - 0.514963586) < 1e-9);
  }

  void referenceScenarioAbsentClasses() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/metrics.pt");
    const auto d = loadDict(path);
    const auto s = d.at("B_absent_classes").toGenericDict();
    checkScenario(s, false);
    checkScenario(s, true);
    // Class 3 absent everywhere: IoU/Dice NaN. Class 2 only predicted: IoU 0, accuracy 0/0.
    ConfusionMatrix cm(4);
    const at::Tensor gt = s.at("gt").toTensor(), pred = s.at("pred").toTensor();
    arml::eval::addTensors(cm, gt, pred);
    const auto m = arml::eval::computeMetrics(cm);
    QVERIFY(std::isnan(m.iou[3]) && std::isnan(m.dice[3]));
    QCOMPARE(m.iou[2], 0.0);
    QVERIFY(std::isnan(m.classAccuracy[2]));
  }

  // The reference counts a prediction of 4 on a tissue pixel into cell (gt+1, 0); we refuse it.
  void predictionOutOfRangeIsAnError() {
    const uint8_t gt[] = {0, 1, 2, 4};
    const uint8_t pred[] = {4, 4, 2, 4};
    ConfusionMatrix cm(4);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, cm.add(gt, pred, 4, "masks/x.png"));
    QCOMPARE(cm.total(), int64_t(0));  // nothing half-added
    QVERIFY_THROWS_EXCEPTION(arml::InputError,
                             arml::eval::addTensors(cm, torch::tensor({0, 1, 2, 4}), torch::tensor({4, 4, 2, 4}), "batch 0"));
    QCOMPARE(cm.total(), int64_t(0));
    // A prediction of 4 where GT is 4 is simply dropped with the pixel.
    const uint8_t okPred[] = {0, 1, 2, 4};
    cm.add(gt, okPred, 4);
    QCOMPARE(cm.total(), int64_t(3));
    QCOMPARE(arml::eval::computeMetrics(cm).pixelAccuracy, 1.0);
  }

  void referenceQuirkScenarioIsRefused() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/metrics.pt");
    const auto s = loadDict(path).at("C_pred4_quirk").toGenericDict();
    ConfusionMatrix cm(4);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::eval::addTensors(cm, s.at("gt").toTensor(), s.at("pred").toTensor()));
  }

  // A 3-class matrix worked out by hand (WSSS4LUAD has 3 tissue classes).
  void handMadeMatrix() {
    ConfusionMatrix cm(3);
    // rows = GT: [[5, 1, 0], [2, 3, 0], [0, 0, 0]] plus one prediction of class 2 on GT 0 -> [5,1,1]
    cm.at(0, 0) = 5; cm.at(0, 1) = 1; cm.at(0, 2) = 1;
    cm.at(1, 0) = 2; cm.at(1, 1) = 3;
    const auto m = arml::eval::computeMetrics(cm);
    // total 12, trace 8
    QCOMPARE(m.pixelAccuracy, 8.0 / 12.0);
    QCOMPARE(m.classAccuracy[0], 5.0 / 7.0);
    QCOMPARE(m.classAccuracy[1], 3.0 / 5.0);
    QVERIFY(std::isnan(m.classAccuracy[2]));
    QCOMPARE(m.meanAccuracy, (5.0 / 7.0 + 3.0 / 5.0) / 2);
    // IoU0 = 5 / (7 + 7 - 5) = 5/9; IoU1 = 3 / (5 + 4 - 3) = 1/2; IoU2 = 0 / (0 + 1 - 0) = 0
    QCOMPARE(m.iou[0], 5.0 / 9.0);
    QCOMPARE(m.iou[1], 0.5);
    QCOMPARE(m.iou[2], 0.0);
    QCOMPARE(m.meanIoU, (5.0 / 9.0 + 0.5 + 0.0) / 3);
    QCOMPARE(m.dice[0], 10.0 / 14.0);
    QCOMPARE(m.dice[1], 6.0 / 9.0);
    QCOMPARE(m.dice[2], 0.0);
    QCOMPARE(m.fwIoU, 7.0 / 12.0 * 5.0 / 9.0 + 5.0 / 12.0 * 0.5);
    // The same counts accumulated from pixels, in two halves merged.
    const uint8_t gt[] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 7, 4};
    const uint8_t pr[] = {0, 0, 0, 0, 0, 1, 2, 0, 0, 1, 1, 1, 9, 0};
    ConfusionMatrix a(3), b(3);
    a.add(gt, pr, 6);
    b.add(gt + 6, pr + 6, 8);
    a.merge(b);
    QVERIFY(a == cm);
  }

  void emptyMatrixGivesNan() {
    const auto m = arml::eval::computeMetrics(ConfusionMatrix(4));
    QVERIFY(std::isnan(m.pixelAccuracy) && std::isnan(m.meanIoU) && std::isnan(m.fwIoU));
  }
};

QTEST_APPLESS_MAIN(TestSegmentationMetrics)
#include "test_segmentation_metrics.moc"
