#include "ui/shell/about_dialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

#include "ui/shell/app_settings.h"
#include "ui/shell/child_process.h"
#include "widgets/qcustomplot_include.h"

#ifndef ARML_OPENSLIDE_VERSION
#define ARML_OPENSLIDE_VERSION "unknown"
#endif

namespace arml::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("About ARML Studio"));
  label_ = new QLabel;
  label_->setObjectName(QStringLiteral("aboutText"));
  label_->setWordWrap(true);
  label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label_->setMinimumWidth(460);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(label_);
  layout->addWidget(buttons);

  info_ = new ChildProcess(this);
  connect(info_, &ChildProcess::finished, this, [this](int exitCode, bool crashed) {
    const QString out = QString::fromUtf8(info_->readAllStandardOutput()).trimmed();
    engineInfo_ = !crashed && exitCode == 0 && !out.isEmpty()
                      ? out
                      : tr("`arml info` failed (exit code %1): %2").arg(exitCode).arg(QString::fromUtf8(info_->readAllStandardError()).trimmed());
    updateText();
    Q_EMIT engineInfoReady(engineInfo_);
  });
  connect(info_, &ChildProcess::failedToStart, this, [this](const QString& message) {
    engineInfo_ = message;
    updateText();
    Q_EMIT engineInfoReady(engineInfo_);
  });
  info_->start(armlProgramPath(), {QStringLiteral("info")});
  updateText();
}

void AboutDialog::updateText() {
  QString engine = engineInfo_.isEmpty() ? tr("asking the engine…") : engineInfo_.toHtmlEscaped();
  engine.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
  label_->setText(tr("<h3>ARML Studio %1</h3>"
                     "<p>Weakly supervised tissue segmentation of H&amp;E histology with Activation "
                     "Relocalization and Mutual Learning (ARML, MICCAI 2024).</p>"
                     "<p><b>Desktop:</b> Qt %2, QCustomPlot %3, OpenSlide %4 (build)</p>"
                     "<p><b>Engine:</b><br>%5</p>")
                      .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                           QStringLiteral(QCUSTOMPLOT_VERSION_STR), QStringLiteral(ARML_OPENSLIDE_VERSION), engine));
  adjustSize();  // the engine's lines arrive after the dialog is shown; without this they were cut off
}

}  // namespace arml::ui
