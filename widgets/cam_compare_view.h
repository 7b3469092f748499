#pragma once
// Side-by-side CAM comparison for one patch (issue #8): the image, CAMs before and after
// relocalization, the pseudo mask, and optionally a baseline CAM and the stage-2 prediction, with
// linked pan and zoom across all panels, per-class selection, colour map, opacity, global or
// per-class normalisation, a swipe view and a difference view of two chosen panels. Paints only;
// the data comes from a controller (ui/cam_compare_controller.h). GUI thread.
//
// Mouse: wheel zooms about the cursor, left drag pans (in the swipe view, dragging the divider
// moves it), double-click fits. Keys: 1–9 select the class, H hides/shows the overlays, N toggles
// global / per-class normalisation, F fits. (O is the Slides page's overlay key; H is used here
// because the Review page's mask canvas already owns O.)
#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "widgets/cam_compare_controls.h"
#include "widgets/cam_compare_geometry.h"
#include "widgets/cam_overlay_render.h"
#include "widgets/heat_map.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace arml::widgets {

class CamCompareCanvas;
class CamComparePainter;

struct CamPanel {
  enum class Kind { Image, Cam, ClassMask };
  QString title;
  Kind kind = Kind::Image;
  CamMaps cams;                  // Kind::Cam, at the image size
  QVector<float> probabilities;  // Kind::Cam: the classifier's probability per class (may be empty)
  QByteArray mask;               // Kind::ClassMask: maskWidth × maskHeight class indices
  int maskWidth = 0, maskHeight = 0;
  QString message;  // when set, shown instead of the content ("computing…", an error)
};

class CamCompareView : public QWidget {
  Q_OBJECT
 public:
  enum class Layout { SideBySide, Swipe, Difference };
  Q_ENUM(Layout)

  explicit CamCompareView(QWidget* parent = nullptr);

  void setImage(const QImage& image);
  // CAM class names (one per plane) and the colours of mask values (index = class value);
  // `transparentMaskValue` (background / exclude) is not drawn.
  void setClasses(const QStringList& camClasses, const QVector<QColor>& maskColours, int transparentMaskValue);
  void setPanels(const QVector<CamPanel>& panels);
  void setPanel(int index, const CamPanel& panel);
  // A message over the whole view (e.g. no patch open); empty clears it.
  void setViewMessage(const QString& message);

  const QImage& image() const { return image_; }
  int panelCount() const { return int(panels_.size()); }
  const CamPanel& panel(int index) const { return panels_[index]; }
  QStringList classNames() const { return classes_; }
  int currentClass() const { return class_; }
  bool overlayVisible() const { return overlayVisible_; }
  double overlayOpacity() const { return opacity_; }
  widgets::ColourMap colourMap() const { return colourMap_; }
  CamNormalisation normalisation() const { return normalisation_; }
  Layout layoutMode() const { return layout_; }
  int comparedA() const { return compareA_; }
  int comparedB() const { return compareB_; }
  double swipePosition() const { return swipe_; }  // divider position, 0 (left) .. 1 (right)

  // Linked view: image pixels per screen pixel and the image point at the centre of every panel.
  double viewScale() const { return scale_; }
  QPointF viewCentre() const { return centre_; }
  QWidget* canvas() const;
  // Where panel `index` draws the image (canvas coordinates); in the swipe and difference views
  // the single comparison area, whatever the index.
  QRectF imageArea(int index) const;
  QPointF imageToCanvas(int index, QPointF imagePoint) const;
  QPointF canvasToImage(int index, QPointF canvasPoint) const;
  // The overlay panel `index` draws for the current class, colour map and normalisation (null for
  // the image panel or a panel with a message); the difference overlay for index -1.
  QImage overlayImage(int index);
  // The value range the legend of panel `index` states for the current class.
  ValueRange legendRange(int index) const;

 public Q_SLOTS:
  void setCurrentClass(int index);
  void setOverlayVisible(bool visible);
  void setOverlayOpacity(double opacity);
  void setColourMap(arml::widgets::ColourMap map);
  void setNormalisation(arml::widgets::CamNormalisation normalisation);
  void setLayoutMode(arml::widgets::CamCompareView::Layout layout);
  void setComparedPanels(int a, int b);
  void setSwipePosition(double position);
  void setView(double scale, QPointF centre);
  void fitToView();

 Q_SIGNALS:
  void currentClassChanged(int index);
  void overlayVisibleChanged(bool visible);
  void viewChanged(double scale, QPointF centre);

 private:
  // The canvas (input), the painter and the control bar are parts of the view.
  friend class CamCompareCanvas;
  friend class CamComparePainter;
  friend struct CamCompareControls;
  CamCompareGeometry canvasGeometry() const;
  QVector<float> comparisonPlane(int index) const;
  QString panelTitle(int index) const;
  void invalidateOverlays();
  void refreshControls();
  void connectControls();
  void zoomAt(QPointF canvasPoint, double factor);
  bool handleKey(int key);

  QImage image_;
  QImage greyImage_;  // the difference view's background, made on first use
  QVector<CamPanel> panels_;
  QVector<QImage> overlays_;  // per panel, built lazily for the current settings
  QImage difference_;
  QStringList classes_;
  QVector<QColor> maskColours_;
  int transparentMask_ = -1;
  QString viewMessage_;
  int class_ = 0;
  bool overlayVisible_ = true;
  double opacity_ = 0.5;
  widgets::ColourMap colourMap_ = widgets::ColourMap::Jet;
  CamNormalisation normalisation_ = CamNormalisation::Global;
  Layout layout_ = Layout::SideBySide;
  int compareA_ = 1, compareB_ = 2;
  double swipe_ = 0.5;
  double scale_ = 1.0;
  QPointF centre_;
  bool fitted_ = true;

  CamCompareCanvas* canvas_;
  CamCompareControls controls_;
};

}  // namespace arml::widgets
