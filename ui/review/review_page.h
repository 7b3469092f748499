#pragma once
// Review page: the review queue (the project's patches, ui/review/review_queue_controller.h) on the left,
// the patch opened from it corrected on the MaskCanvas and saved to edits/<stem>.png (+ provenance,
// journal), export/import GeoJSON and ASAP XML, and a "Compare CAMs" tab beside the canvas.
#include <QWidget>

#include "ui/project/project.h"

class QLabel;
class QComboBox;
class QSlider;
class QSpinBox;

namespace arml::widgets {
class MaskCanvas;
}  // namespace arml::widgets

namespace arml::ui {

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
  // Writes the open correction to its project's edits/; refuses (false, a message on the page)
  // when no patch is open or the patch belongs to another project than the open one.
  bool save();
  QLabel* statusLabel() const { return status_; }

  widgets::MaskCanvas* canvas() const { return canvas_; }
  MaskEditSession* session() const { return session_; }
  ReviewQueueController* queue() const { return queue_; }
  CamComparePage* camCompare() const { return camCompare_; }  // the "Compare CAMs" tab
  const Project& project() const { return project_; }

Q_SIGNALS:
  // A correction of `stem` was written to edits/.
  void correctionSaved(const QString& stem);

private:
  bool confirmDiscard();
  // Closes the open patch and empties the canvas, Compare CAMs and the status line.
  void clearPatch();
  void exportAnnotations();
  void importAnnotations();
  QString findImageFor(const QString& stem) const;

  Project project_;
  MaskEditSession* session_;
  widgets::MaskCanvas* canvas_;
  QComboBox* classCombo_;
  QComboBox* onlyOverCombo_;
  QSpinBox* brushSpin_;
  QSlider* opacity_;
  QLabel* status_;
  ReviewQueueController* queue_;
  CamComparePage* camCompare_;
  QString currentMask_;
  QString currentStem_;
};

}  // namespace arml::ui
