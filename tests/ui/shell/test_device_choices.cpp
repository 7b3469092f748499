#include <QtTest>

#include <QComboBox>
#include <QStandardItemModel>

#include "ui/shell/device_choices.h"

using arml::ui::GpuEntry;

class TestDeviceChoices : public QObject {
  Q_OBJECT
  const QByteArray twoGpus_ =
      R"({"arml":"0.1.0","cuda_build":true,"gpus":[{"index":0,"device":"cuda:0","name":"NVIDIA H200","memory_mb":143771,"bf16":true},)"
      R"({"index":1,"device":"cuda:1","name":"NVIDIA T4","memory_mb":15360,"bf16":false}],"selected_device":"cpu"})";

private Q_SLOTS:
  void parsesTheEnginesGpuList() {
    const QList<GpuEntry> gpus = arml::ui::parseGpuList("some log line\n" + twoGpus_ + "\n");
    QCOMPARE(gpus.size(), 2);
    QCOMPARE(gpus[0].device, QString("cuda:0"));
    QCOMPARE(gpus[0].name, QString("NVIDIA H200"));
    QCOMPARE(gpus[1].memoryMb, qint64(15360));
    QVERIFY(arml::ui::parseGpuList("not json").isEmpty());
    QVERIFY(arml::ui::parseGpuList(R"({"gpus":[]})").isEmpty());
  }

  void oneEntryPerGpuAndStoredCudaSelectsTheFirst() {
    QComboBox combo;
    arml::ui::fillDeviceCombo(&combo, arml::ui::parseGpuList(twoGpus_), true, "cuda");
    QCOMPARE(combo.count(), 4);  // automatic, CPU, GPU 0, GPU 1
    QCOMPARE(combo.currentData().toString(), QString("cuda:0"));
    QVERIFY2(combo.itemText(3).contains("NVIDIA T4"), qPrintable(combo.itemText(3)));
    QVERIFY(combo.itemText(2).contains("140 GiB"));
    arml::ui::selectDevice(&combo, "cuda:1");
    QCOMPARE(combo.currentIndex(), 3);
    arml::ui::selectDevice(&combo, "tpu");
    QCOMPARE(combo.currentData().toString(), QString("auto"));
  }

  void withoutGpuTheCudaEntrySaysSoAndIsDisabled() {
    QComboBox combo;
    arml::ui::fillDeviceCombo(&combo, {}, false, "cpu");
    QCOMPARE(combo.count(), 3);
    QCOMPARE(combo.currentData().toString(), QString("cpu"));
    auto* model = qobject_cast<QStandardItemModel*>(combo.model());
    QVERIFY(model->item(2)->isEnabled());  // not known yet: the engine has not answered
    arml::ui::fillDeviceCombo(&combo, {}, true, "cpu");
    QVERIFY(combo.itemText(2).contains("none found"));
    QVERIFY(!model->item(2)->isEnabled());
  }
};

QTEST_MAIN(TestDeviceChoices)
#include "test_device_choices.moc"
