#pragma once
// Review page, first version: pick a generated mask of the project (masks/...), correct it on the
// MaskCanvas, save to edits/<stem>.png (+ provenance, journal), export/import GeoJSON and ASAP XML.
// The CAM comparison view and the review queue are to be added beside the canvas (sidePanel()).
#include <QWidget>

#include "ui/project.h"

class QListWidget;
class QLabel;
class QComboBox;
class QSlider;
class QSpinBox;
class QVBoxLayout;

namespace arml::ui {

class MaskCanvas;
class MaskEditSession;
class ReviewQueueController;
class CamComparePage;

class ReviewPage : public QWidget {
  Q_OBJECT
public:
  explicit ReviewPage(QWidget* parent = nullptr);

  void setProject(const Project& project);
  // Opens one generated mask (absolute path) for correction; false with a message on failure.
  bool openMask(const QString& maskPath);
  // Opens one patch of the review queue: its generated mask (empty: start from the background, or
  // from edits/<stem>.png when saved) over `imagePath`.
  bool openPatch(const QString& stem, const QString& maskPath, const QString& imagePath);
  bool save();

  MaskCanvas* canvas() const { return canvas_; }
  MaskEditSession* session() const { return session_; }
  QListWidget* maskList() const { return maskList_; }
  QVBoxLayout* sidePanel() const { return side_; }
  ReviewQueueController* queue() const { return queue_; }
  CamComparePage* camCompare() const { return camCompare_; }  // the "Compare CAMs" tab
  const Project& project() const { return project_; }

public Q_SLOTS:
  void refresh();

Q_SIGNALS:
  // A correction of `stem` was written to edits/.
  void correctionSaved(const QString& stem);

private:
  bool confirmDiscard();
  void exportAnnotations();
  void importAnnotations();
  QString findImageFor(const QString& stem) const;

  Project project_;
  MaskEditSession* session_;
  MaskCanvas* canvas_;
  QListWidget* maskList_;
  QComboBox* classCombo_;
  QComboBox* onlyOverCombo_;
  QSpinBox* brushSpin_;
  QSlider* opacity_;
  QLabel* status_;
  QVBoxLayout* side_;
  ReviewQueueController* queue_;
  CamComparePage* camCompare_;
  QString currentMask_;
  QString currentStem_;
};

}  // namespace arml::ui
