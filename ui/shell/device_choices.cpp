#include "ui/shell/device_choices.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardItemModel>

#include "ui/shell/app_settings.h"
#include "ui/shell/child_process.h"

namespace arml::ui {

QList<GpuEntry> parseGpuList(const QByteArray& armlInfoJson) {
  QList<GpuEntry> out;
  // `arml info --json` prints one object on its last line.
  const QList<QByteArray> lines = armlInfoJson.trimmed().split('\n');
  const QJsonObject info = QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
  for (const QJsonValue& v : info.value(QStringLiteral("gpus")).toArray()) {
    const QJsonObject g = v.toObject();
    GpuEntry e;
    e.device = g.value(QStringLiteral("device")).toString();
    e.name = g.value(QStringLiteral("name")).toString();
    e.memoryMb = static_cast<qint64>(g.value(QStringLiteral("memory_mb")).toDouble());
    if (e.device.startsWith(QStringLiteral("cuda"))) out.append(e);
  }
  return out;
}

void fillDeviceCombo(QComboBox* combo, const QList<GpuEntry>& gpus, bool known, const QString& selected) {
  combo->clear();
  combo->addItem(QCoreApplication::translate("DeviceChoices", "automatic (GPU when available)"), QStringLiteral("auto"));
  combo->addItem(QCoreApplication::translate("DeviceChoices", "CPU"), QStringLiteral("cpu"));
  for (const GpuEntry& g : gpus)
    combo->addItem(QCoreApplication::translate("DeviceChoices", "GPU %1: %2, %3 GiB")
                       .arg(g.device.mid(g.device.indexOf(QLatin1Char(':')) + 1), g.name)
                       .arg(double(g.memoryMb) / 1024.0, 0, 'f', 0),
                   g.device);
  if (gpus.isEmpty()) {
    combo->addItem(known ? QCoreApplication::translate("DeviceChoices", "CUDA GPU (none found)")
                         : QCoreApplication::translate("DeviceChoices", "CUDA GPU"),
                   QStringLiteral("cuda"));
    if (known)
      if (auto* model = qobject_cast<QStandardItemModel*>(combo->model()))
        model->item(combo->count() - 1)->setEnabled(false);
  }
  selectDevice(combo, selected);
}

void selectDevice(QComboBox* combo, const QString& device) {
  int index = combo->findData(device);
  if (index < 0 && device.startsWith(QStringLiteral("cuda")))
    for (int i = 0; i < combo->count() && index < 0; ++i)
      if (combo->itemData(i).toString().startsWith(QStringLiteral("cuda"))) index = i;
  combo->setCurrentIndex(std::max(0, index));
}

DeviceChoices& DeviceChoices::instance() {
  static DeviceChoices* choices = new DeviceChoices;  // lives as long as the app
  return *choices;
}

DeviceChoices::DeviceChoices() : QObject(QCoreApplication::instance()) { ask(); }

void DeviceChoices::ask() {
  // A ChildProcess, so that quitting while `arml info` still runs kills it quietly.
  process_ = new ChildProcess(this);
  connect(process_, &ChildProcess::finished, this, [this](int exitCode, bool crashed) {
    if (!crashed && exitCode == 0) gpus_ = parseGpuList(process_->readAllStandardOutput());
    known_ = true;
    for (const QPointer<QComboBox>& combo : combos_)
      if (combo) fillDeviceCombo(combo, gpus_, known_, combo->currentData().toString());
    process_->deleteLater();
    process_ = nullptr;
    Q_EMIT gpusKnown();
  });
  connect(process_, &ChildProcess::failedToStart, this, [this] { known_ = true; });  // no engine: plain choices
  process_->start(armlProgramPath(), {QStringLiteral("info"), QStringLiteral("--json"), QStringLiteral("--device"), QStringLiteral("cpu")});
}

void DeviceChoices::attach(QComboBox* combo, const QString& selected) {
  combos_.removeAll(nullptr);
  combos_.append(combo);
  fillDeviceCombo(combo, gpus_, known_, selected);
}

}  // namespace arml::ui
