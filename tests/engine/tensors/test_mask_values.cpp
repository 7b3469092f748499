// checkMaskValues names the mask that holds values beyond the background index, with the values,
// not the first mask of its batch.
#include <QtTest>

#include <torch/torch.h>

#include "core/errors.h"
#include "tensors/mask_values.h"

class TestMaskValues : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void namesTheMaskWithStrayValues() {
    at::Tensor masks = torch::zeros({3, 4, 4}, torch::kLong);
    masks[0].fill_(4);  // background: fine
    masks[2][1][1] = 17;
    masks[2][3][0] = 250;
    masks[2][3][3] = 17;
    try {
      arml::eval::checkMaskValues(masks, 4, {"pm/first.png", "pm/second.png", "pm/third.png"});
      QFAIL("stray values were accepted");
    } catch (const arml::InputError& e) {
      const QString m = e.what();
      QVERIFY2(m.startsWith("pm/third.png: holds values 17, 250") && !m.contains("first"), qPrintable(m));
    }
    arml::eval::checkMaskValues(masks.narrow(0, 0, 2), 4, {"a", "b"});
    QCOMPARE(arml::eval::valuesAbove(masks, 4), (std::vector<long>{17, 250}));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::eval::checkMaskValues(masks[2].to(torch::kUInt8), 4, {"one.png"}));
  }
};

QTEST_APPLESS_MAIN(TestMaskValues)
#include "test_mask_values.moc"
