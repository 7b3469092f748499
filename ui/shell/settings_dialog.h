#pragma once
// Preferences: compute device and threads, default folders, the `arml` program, language.
#include <QDialog>

#include "ui/shell/app_settings.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace arml::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
public:
  explicit SettingsDialog(QWidget* parent = nullptr);
  AppSettings values() const;
  void setValues(const AppSettings& s);
  // Saves to QSettings and closes.
  void accept() override;

private:
  QComboBox* deviceCombo_;
  QSpinBox* threadsSpin_;
  QLineEdit* projectsEdit_;
  QLineEdit* datasetsEdit_;
  QLineEdit* armlEdit_;
  QComboBox* languageCombo_;
  QString loadedLanguage_;
};

}  // namespace arml::ui
