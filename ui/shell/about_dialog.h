#pragma once
// About: versions of ARML Studio, Qt, QCustomPlot, OpenSlide, and of the engine (LibTorch,
// OpenCV, compute device) as reported by `arml info`, asked asynchronously (closing the dialog
// before it answered ends it: ChildProcess).
#include <QDialog>

class QLabel;

namespace arml::ui {

class ChildProcess;

class AboutDialog : public QDialog {
  Q_OBJECT
public:
  explicit AboutDialog(QWidget* parent = nullptr);
  // "" until `arml info` answered (or failed).
  QString engineInfo() const { return engineInfo_; }

Q_SIGNALS:
  void engineInfoReady(const QString& text);

private:
  void updateText();
  QLabel* label_;
  ChildProcess* info_;
  QString engineInfo_;
};

}  // namespace arml::ui
