#include "ui/slides/slide_inference_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <functional>

#include "slide/slide_reader.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/device_choices.h"
#include "ui/shell/project_file_dialogs.h"

namespace arml::ui {

QStringList predictArguments(const SlideInferenceSettings& s) {
  QStringList a{QStringLiteral("--events"), QStringLiteral("-"), QStringLiteral("--device"), s.device};
  if (s.threads > 0) a << QStringLiteral("--threads") << QString::number(s.threads);
  a << QStringLiteral("predict") << QStringLiteral("--model") << s.model << QStringLiteral("--input") << s.slide
    << QStringLiteral("--out") << s.output << QStringLiteral("--tile-size") << QString::number(s.tileSize);
  switch (s.resolution) {
    case SlideInferenceSettings::Resolution::Level: a << QStringLiteral("--level") << QString::number(s.level); break;
    case SlideInferenceSettings::Resolution::UmPerPx:
      a << QStringLiteral("--mpp") << QString::number(s.umPerPx, 'g', 6);
      break;
    case SlideInferenceSettings::Resolution::Downsample:
      a << QStringLiteral("--downsample") << QString::number(s.downsample, 'g', 6);
      break;
  }
  if (s.slideUmPerPx > 0) a << QStringLiteral("--um-per-px") << QString::number(s.slideUmPerPx, 'g', 6);
  return a;
}

SlideInferenceDialog::SlideInferenceDialog(const slide::SlideReader& slide, const QString& slidePath,
                                           const QString& defaultModel, const QString& outputDir, QWidget* parent)
    : QDialog(parent), slidePath_(slidePath), slideHasUm_(slide.umPerPx().has_value()) {
  setObjectName(QStringLiteral("slideInferenceDialog"));
  setWindowTitle(tr("Run inference on %1").arg(QFileInfo(slidePath).fileName()));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;

  auto fileRow = [this](QLineEdit* edit, const std::function<void()>& browse) {
    auto* row = new QHBoxLayout;
    auto* button = new QPushButton(tr("Browse…"), this);
    connect(button, &QPushButton::clicked, this, browse);
    row->addWidget(edit, 1);
    row->addWidget(button);
    return row;
  };

  model_ = new QLineEdit(this);
  model_->setObjectName(QStringLiteral("inferenceModel"));
  model_->setText(defaultModel);
  model_->setPlaceholderText(tr("a stage-2 checkpoint (.pt) or an smp PSPNet .pth"));
  form->addRow(tr("Model"), fileRow(model_, [this] {
                 const QString f = ProjectFileDialogs::getOpenFileName(this, tr("Stage-2 checkpoint"), model_->text(),
                                                                       tr("Checkpoints (*.pt *.pth);;All files (*)"));
                 if (!f.isEmpty()) model_->setText(f);
               }));

  output_ = new QLineEdit(this);
  output_->setObjectName(QStringLiteral("inferenceOutput"));
  output_->setText(QDir(outputDir).filePath(QFileInfo(slidePath).completeBaseName() + QStringLiteral(".mask.tiff")));
  form->addRow(tr("Output pyramid"), fileRow(output_, [this] {
                 const QString f = ProjectFileDialogs::getSaveFileName(this, tr("Class-mask pyramid"), output_->text(),
                                                                       tr("Pyramidal TIFF (*.tiff *.tif)"));
                 if (!f.isEmpty()) output_->setText(f);
               }));

  addResolutionRows(form, slide);

  tile_ = new QSpinBox(this);
  tile_->setRange(32, 2048);
  tile_->setSingleStep(32);
  tile_->setValue(224);
  tile_->setSuffix(tr(" px"));
  form->addRow(tr("Tile size"), tile_);

  device_ = new QComboBox(this);
  device_->setObjectName(QStringLiteral("inferenceDevice"));
  DeviceChoices::instance().attach(device_, AppSettings::load().device);
  form->addRow(tr("Device"), device_);
  layout->addLayout(form);

  problem_ = new QLabel(this);
  problem_->setObjectName(QStringLiteral("inferenceProblem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #b00020;"));
  problem_->hide();
  layout->addWidget(problem_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
  connect(buttons, &QDialogButtonBox::accepted, this, &SlideInferenceDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SlideInferenceDialog::reject);
  layout->addWidget(buttons);

  // A slide with µm/px metadata defaults to the model's training resolution, one without to level 0.
  resolution_->setCurrentIndex(resolution_->findData(
      int(slideHasUm_ ? SlideInferenceSettings::Resolution::UmPerPx : SlideInferenceSettings::Resolution::Level)));
  connect(resolution_, &QComboBox::currentIndexChanged, this, &SlideInferenceDialog::updateRows);
  connect(slideUm_, &QDoubleSpinBox::valueChanged, this, &SlideInferenceDialog::updateRows);
  updateRows();
  resize(620, sizeHint().height());
}

// The working resolution: a pyramid level, µm per pixel or a downsample, and the slide's own µm/px
// when its file does not state it. updateRows() shows the rows of the chosen mode.
void SlideInferenceDialog::addResolutionRows(QFormLayout* form, const slide::SlideReader& slide) {
  resolution_ = new QComboBox(this);
  resolution_->setObjectName(QStringLiteral("inferenceResolution"));
  resolution_->addItem(tr("Pyramid level"), int(SlideInferenceSettings::Resolution::Level));
  resolution_->addItem(tr("µm per pixel (the model's training resolution)"),
                       int(SlideInferenceSettings::Resolution::UmPerPx));
  resolution_->addItem(tr("Downsample from level 0"), int(SlideInferenceSettings::Resolution::Downsample));
  form->addRow(tr("Resolution"), resolution_);

  level_ = new QSpinBox(this);
  level_->setRange(0, slide.levelCount() - 1);
  level_->setSuffix(tr(" of %1").arg(slide.levelCount() - 1));
  form->addRow(tr("Level"), level_);
  umPerPx_ = new QDoubleSpinBox(this);
  umPerPx_->setDecimals(3);
  umPerPx_->setRange(0.05, 64.0);
  umPerPx_->setValue(1.0);
  umPerPx_->setSuffix(tr(" µm/px"));
  form->addRow(tr("Working resolution"), umPerPx_);
  downsample_ = new QDoubleSpinBox(this);
  downsample_->setDecimals(2);
  downsample_->setRange(0.25, 256.0);
  downsample_->setValue(1.0);
  form->addRow(tr("Downsample"), downsample_);
  slideUm_ = new QDoubleSpinBox(this);
  slideUm_->setObjectName(QStringLiteral("inferenceSlideUm"));
  slideUm_->setDecimals(4);
  slideUm_->setRange(0.0, 64.0);
  slideUm_->setSpecialValueText(tr("not known"));
  slideUm_->setSuffix(tr(" µm/px"));
  slideUm_->setToolTip(tr("This slide's file does not state its resolution. Give its level-0 µm per pixel to "
                          "choose the working resolution in µm/px."));
  form->addRow(tr("Slide's level-0 resolution"), slideUm_);
}

void SlideInferenceDialog::updateRows() {
  auto* form = findChild<QFormLayout*>();
  const auto mode = SlideInferenceSettings::Resolution(resolution_->currentData().toInt());
  form->setRowVisible(level_, mode == SlideInferenceSettings::Resolution::Level);
  form->setRowVisible(umPerPx_, mode == SlideInferenceSettings::Resolution::UmPerPx);
  form->setRowVisible(downsample_, mode == SlideInferenceSettings::Resolution::Downsample);
  form->setRowVisible(slideUm_, !slideHasUm_);
  problem_->hide();
}

SlideInferenceSettings SlideInferenceDialog::settings() const {
  SlideInferenceSettings s;
  s.slide = slidePath_;
  s.model = model_->text().trimmed();
  s.output = output_->text().trimmed();
  s.resolution = SlideInferenceSettings::Resolution(resolution_->currentData().toInt());
  s.level = level_->value();
  s.umPerPx = umPerPx_->value();
  s.downsample = downsample_->value();
  s.slideUmPerPx = slideHasUm_ ? 0.0 : slideUm_->value();
  s.tileSize = tile_->value();
  s.device = device_->currentData().toString();
  s.threads = AppSettings::load().threads;
  return s;
}

QString SlideInferenceDialog::problem() const {
  const SlideInferenceSettings s = settings();
  if (s.model.isEmpty()) return tr("Choose a stage-2 checkpoint.");
  if (!QFileInfo(s.model).isFile()) return tr("%1: no such file.").arg(s.model);
  if (s.output.isEmpty()) return tr("Choose where to write the class-mask pyramid.");
  if (!s.output.endsWith(QLatin1String(".tif"), Qt::CaseInsensitive) &&
      !s.output.endsWith(QLatin1String(".tiff"), Qt::CaseInsensitive))
    return tr("%1: the output must be a .tif or .tiff file.").arg(s.output);
  if (s.resolution == SlideInferenceSettings::Resolution::UmPerPx && !slideHasUm_ && s.slideUmPerPx <= 0)
    return tr("%1 does not state its µm per pixel: choose a pyramid level, or give the slide's own resolution.")
        .arg(QFileInfo(slidePath_).fileName());
  return QString();
}

void SlideInferenceDialog::accept() {
  const QString why = problem();
  if (!why.isEmpty()) {
    problem_->setText(why);
    problem_->show();
    return;
  }
  QDir().mkpath(QFileInfo(output_->text().trimmed()).absolutePath());
  QDialog::accept();
}

}  // namespace arml::ui
