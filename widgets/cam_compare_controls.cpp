#include "widgets/cam_compare_controls.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QLabel>
#include <QSlider>
#include <cmath>

#include "widgets/cam_compare_view.h"

namespace arml::widgets {

QVBoxLayout* CamCompareControls::build(double opacity) {
  auto* bar = new QHBoxLayout;
  auto* compare = new QHBoxLayout;
  classCombo = new QComboBox;
  classCombo->setObjectName(QStringLiteral("camClassCombo"));
  classCombo->setToolTip(CamCompareView::tr("Class whose activation map is shown (keys 1–9)"));
  colourMapCombo = new QComboBox;
  colourMapCombo->addItems(colourMapNames());
  normalisationCombo = new QComboBox;
  normalisationCombo->addItems({CamCompareView::tr("Global"), CamCompareView::tr("Per class")});
  normalisationCombo->setToolTip(
      CamCompareView::tr("Global: one range over all classes of a panel; per class: each class on its own (L)"));
  opacitySlider = new QSlider(Qt::Horizontal);
  opacitySlider->setObjectName(QStringLiteral("camOpacity"));
  opacitySlider->setRange(0, 100);
  opacitySlider->setValue(int(std::lround(opacity * 100)));
  opacitySlider->setMinimumWidth(80);
  opacitySlider->setMaximumWidth(120);
  opacitySlider->setToolTip(CamCompareView::tr("Overlay opacity"));
  overlayCheck = new QCheckBox(CamCompareView::tr("Show overlay (O)"));
  overlayCheck->setChecked(true);
  layoutCombo = new QComboBox;
  layoutCombo->addItems(
      {CamCompareView::tr("Side by side"), CamCompareView::tr("Swipe"), CamCompareView::tr("Difference")});
  aCombo = new QComboBox;
  bCombo = new QComboBox;
  bar->addWidget(new QLabel(CamCompareView::tr("Class")));
  bar->addWidget(classCombo);
  bar->addWidget(new QLabel(CamCompareView::tr("Colours")));
  bar->addWidget(colourMapCombo);
  bar->addWidget(new QLabel(CamCompareView::tr("Scale")));
  bar->addWidget(normalisationCombo);
  bar->addStretch(1);
  compare->addWidget(overlayCheck);
  compare->addWidget(new QLabel(CamCompareView::tr("Opacity")));
  compare->addWidget(opacitySlider);
  compare->addSpacing(12);
  compare->addWidget(layoutCombo);
  compare->addWidget(aCombo);
  compare->addWidget(new QLabel(CamCompareView::tr("vs")));
  compare->addWidget(bCombo);
  compare->addStretch(1);
  auto* rows = new QVBoxLayout;
  rows->addLayout(bar);
  rows->addLayout(compare);
  return rows;
}

void CamCompareControls::refresh(const CamCompareView& view) {
  const QSignalBlocker b1(classCombo), b2(aCombo), b3(bCombo), b4(colourMapCombo), b5(normalisationCombo),
      b6(layoutCombo), b7(overlayCheck), b8(opacitySlider);
  const QStringList& classes = view.classes_;
  classCombo->clear();
  for (int i = 0; i < classes.size(); ++i)
    classCombo->addItem(i < 9 ? QStringLiteral("%1 (%2)").arg(classes[i]).arg(i + 1) : classes[i]);
  classCombo->setCurrentIndex(view.class_);
  aCombo->clear();
  bCombo->clear();
  for (const CamPanel& p : view.panels_) {
    aCombo->addItem(p.title);
    bCombo->addItem(p.title);
  }
  aCombo->setCurrentIndex(view.compareA_);
  bCombo->setCurrentIndex(view.compareB_);
  const bool comparing = view.layout_ != CamCompareView::Layout::SideBySide;
  aCombo->setEnabled(comparing);
  bCombo->setEnabled(comparing);
  colourMapCombo->setCurrentIndex(int(view.colourMap_));
  normalisationCombo->setCurrentIndex(view.normalisation_ == CamNormalisation::PerClass ? 1 : 0);
  layoutCombo->setCurrentIndex(int(view.layout_));
  overlayCheck->setChecked(view.overlayVisible_);
  opacitySlider->setValue(int(std::lround(view.opacity_ * 100)));
}

}  // namespace arml::widgets
