#pragma once
// "Run inference on this slide…": the settings of an `arml predict --input SLIDE` job (model
// checkpoint, output pyramid, working resolution, device) and the command line they make.
#include <QDialog>
#include <QString>
#include <QStringList>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace arml::slide {
class SlideReader;
}

namespace arml::ui {

struct SlideInferenceSettings {
  enum class Resolution { Level, UmPerPx, Downsample };
  QString slide;
  QString model;
  QString output;  // the class-mask pyramid (.tiff)
  Resolution resolution = Resolution::Level;
  int level = 0;
  double umPerPx = 1.0;     // working resolution, µm per pixel
  double downsample = 1.0;  // working downsample relative to level 0
  double slideUmPerPx = 0;  // the slide's own level-0 µm/px for files that lack it (0 = not given)
  int tileSize = 224;
  QString device = QStringLiteral("auto");
  int threads = 0;
};

// Arguments of `arml` for the job: `--events - --device D predict --model … --input … --out …`.
QStringList predictArguments(const SlideInferenceSettings& s);

class SlideInferenceDialog : public QDialog {
  Q_OBJECT
public:
  // defaultModel: the stage-2 checkpoint the Slides page uses (its current run's; empty: none);
  // outputDir: where the result goes by default.
  SlideInferenceDialog(const slide::SlideReader& slide, const QString& slidePath, const QString& defaultModel,
                       const QString& outputDir, QWidget* parent = nullptr);

  SlideInferenceSettings settings() const;
  // Why the settings cannot run (empty when they can).
  QString problem() const;

  QLineEdit* modelEdit() const { return model_; }
  QLineEdit* outputEdit() const { return output_; }
  QComboBox* resolutionCombo() const { return resolution_; }
  QSpinBox* levelSpin() const { return level_; }
  QDoubleSpinBox* umPerPxSpin() const { return umPerPx_; }
  QDoubleSpinBox* slideUmPerPxSpin() const { return slideUm_; }
  QComboBox* deviceCombo() const { return device_; }
  QSpinBox* tileSpin() const { return tile_; }

  void accept() override;

private:
  void addResolutionRows(QFormLayout* form, const slide::SlideReader& slide);
  void updateRows();

  QString slidePath_;
  bool slideHasUm_ = false;
  QLineEdit* model_;
  QLineEdit* output_;
  QComboBox* resolution_;
  QSpinBox* level_;
  QDoubleSpinBox* umPerPx_;
  QDoubleSpinBox* downsample_;
  QDoubleSpinBox* slideUm_;
  QSpinBox* tile_;
  QComboBox* device_;
  QLabel* problem_;
};

}  // namespace arml::ui
