#pragma once
// The CAM compare view's control bar: class, colour map, normalisation, overlay and opacity, the
// layout and the two compared panels. It builds the widgets and shows the view's state; the view
// connects them to its slots.
class QCheckBox;
class QComboBox;
class QVBoxLayout;
class QSlider;

namespace arml::widgets {

class CamCompareView;

struct CamCompareControls {
  QComboBox* classCombo = nullptr;
  QComboBox* colourMapCombo = nullptr;
  QComboBox* normalisationCombo = nullptr;
  QComboBox* layoutCombo = nullptr;
  QComboBox* aCombo = nullptr;
  QComboBox* bCombo = nullptr;
  QSlider* opacitySlider = nullptr;
  QCheckBox* overlayCheck = nullptr;

  // Creates the controls, laid out in a row with their labels.
  // Two rows, so the view fits a laptop screen: what the maps show (class, colours, scale), then
  // how they are laid over the patch and compared.
  QVBoxLayout* build(double opacity);
  // Shows the view's classes, panels and settings without emitting the controls' signals.
  void refresh(const CamCompareView& view);
};

}  // namespace arml::widgets
