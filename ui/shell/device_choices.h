#pragma once
// The compute-device choosers of the Settings dialog, the Training page and the slide-inference
// dialog, filled the same way: "automatic", "CPU", then one entry per GPU that `arml info --json`
// reports ("GPU 0: NVIDIA H200, 140 GiB", data "cuda:0"). The engine is asked once per app run, in a
// child process; combos attached before it answers are refilled when it does, keeping their choice
// (a stored "cuda" selects the first GPU). Without a GPU the CUDA entry stays, disabled, saying so.
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QComboBox;

namespace arml::ui {

class ChildProcess;

struct GpuEntry {
  QString device;  // "cuda:0"
  QString name;
  qint64 memoryMb = 0;
};

// The GPUs in the output of `arml info --json`; empty when there are none or the text is not that JSON.
QList<GpuEntry> parseGpuList(const QByteArray& armlInfoJson);

// Fills combo with the choices for gpus (known = false: the engine has not answered yet) and selects
// `selected` ("auto", "cpu", "cuda", "cuda:N"), else the first entry.
void fillDeviceCombo(QComboBox* combo, const QList<GpuEntry>& gpus, bool known, const QString& selected);
// Selects device in combo: its entry, "cuda" -> the first GPU, anything unknown -> the first entry.
void selectDevice(QComboBox* combo, const QString& device);

class DeviceChoices : public QObject {
  Q_OBJECT
public:
  static DeviceChoices& instance();
  // Fills combo now and again when the engine's answer arrives; selects `selected` (or keeps the user's choice).
  void attach(QComboBox* combo, const QString& selected);
  bool known() const { return known_; }
  const QList<GpuEntry>& gpus() const { return gpus_; }

Q_SIGNALS:
  void gpusKnown();

private:
  DeviceChoices();
  void ask();
  ChildProcess* process_ = nullptr;
  QList<QPointer<QComboBox>> combos_;
  QList<GpuEntry> gpus_;
  bool known_ = false;
};

}  // namespace arml::ui
