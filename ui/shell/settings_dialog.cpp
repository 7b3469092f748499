#include "ui/shell/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/shell/app_settings.h"
#include "ui/shell/device_choices.h"
#include "ui/shell/project_file_dialogs.h"

namespace arml::ui {

namespace {
QWidget* withBrowse(QLineEdit* edit, QWidget* parent, bool file) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* button = new QPushButton(QObject::tr("Browse…"));
  layout->addWidget(edit, 1);
  layout->addWidget(button);
  QObject::connect(button, &QPushButton::clicked, parent, [edit, parent, file] {
    const QString path = file ? ProjectFileDialogs::getOpenFileName(parent, QString(), edit->text(), QString())
                              : ProjectFileDialogs::getExistingDirectory(parent, QString(), edit->text());
    if (!path.isEmpty()) edit->setText(path);
  });
  return row;
}
}  // namespace

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Settings"));
  deviceCombo_ = new QComboBox;
  DeviceChoices::instance().attach(deviceCombo_, AppSettings::load().device);
  threadsSpin_ = new QSpinBox;
  threadsSpin_->setRange(0, 256);
  threadsSpin_->setSpecialValueText(tr("all cores"));
  projectsEdit_ = new QLineEdit;
  datasetsEdit_ = new QLineEdit;
  armlEdit_ = new QLineEdit;
  armlEdit_->setPlaceholderText(tr("automatic: %1").arg(armlProgramPath()));
  languageCombo_ = new QComboBox;
  languageCombo_->addItem(tr("System language"), QString());
  languageCombo_->addItem(QStringLiteral("English"), QStringLiteral("en"));
  languageCombo_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));

  auto* form = new QFormLayout;
  form->addRow(tr("Compute &device:"), deviceCombo_);
  form->addRow(tr("Compute &threads:"), threadsSpin_);
  form->addRow(tr("&Projects folder:"), withBrowse(projectsEdit_, this, false));
  form->addRow(tr("D&atasets folder:"), withBrowse(datasetsEdit_, this, false));
  form->addRow(tr("`arml` &program:"), withBrowse(armlEdit_, this, true));
  form->addRow(tr("&Language:"), languageCombo_);
  auto* note = new QLabel(tr("A new language applies the next time ARML Studio starts."));
  note->setStyleSheet(QStringLiteral("color: gray;"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(note);
  layout->addWidget(buttons);
  setValues(AppSettings::load());
  resize(560, sizeHint().height());
}

AppSettings SettingsDialog::values() const {
  AppSettings s;
  s.device = deviceCombo_->currentData().toString();
  s.threads = threadsSpin_->value();
  s.projectsFolder = projectsEdit_->text().trimmed();
  s.datasetsFolder = datasetsEdit_->text().trimmed();
  s.armlProgram = armlEdit_->text().trimmed();
  s.language = languageCombo_->currentData().toString();
  return s;
}

void SettingsDialog::setValues(const AppSettings& s) {
  selectDevice(deviceCombo_, s.device);
  threadsSpin_->setValue(s.threads);
  projectsEdit_->setText(s.projectsFolder);
  datasetsEdit_->setText(s.datasetsFolder);
  armlEdit_->setText(s.armlProgram);
  languageCombo_->setCurrentIndex(std::max(0, languageCombo_->findData(s.language)));
  loadedLanguage_ = s.language;
}

void SettingsDialog::accept() {
  const AppSettings s = values();
  s.save();
  QDialog::accept();
}

}  // namespace arml::ui
