#pragma once
// Review page: the review queue (the project's patches, ui/review/review_queue_controller.h) on the left,
// the patch opened from it corrected on the MaskCanvas and saved to edits/<stem>.png (+ provenance,
// journal), export/import GeoJSON and ASAP XML, and a "Compare CAMs" tab beside the canvas.
#include <QVector>
#include <QWidget>
#include <functional>

#include "ui/project/project.h"
#include "ui/review/review_queue_host.h"

class QAction;
class QHBoxLayout;
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

// The page is the review queue's host (ui/review/review_queue_host.h): the controller opens and
// saves patches through that interface, not through the page.
class ReviewPage : public QWidget, public ReviewQueueHost {
  Q_OBJECT
public:
  explicit ReviewPage(QWidget* parent = nullptr);

  void setProject(const Project& project);
  // Opens one generated mask (absolute path) for correction; false with a message on failure.
  bool openMask(const QString& maskPath);
  // Opens one patch of the review queue: its generated mask (empty: start from the background, or
  // from edits/<stem>.png when saved) over `imagePath`.
  bool openPatch(const QString& stem, const QString& maskPath, const QString& imagePath) override;
  // Writes the open correction to its project's edits/; refuses (false, a message on the page)
  // when no patch is open or the patch belongs to another project than the open one.
  bool save() override;
  QLabel* statusLabel() const { return status_; }

  widgets::MaskCanvas* canvas() const { return canvas_; }
  MaskEditSession* session() const { return session_; }
  ReviewQueueController* queue() const { return queue_; }
  CamComparePage* camCompare() const { return camCompare_; }  // the "Compare CAMs" tab
  const Project& project() const override { return project_; }

  // ReviewQueueHost
  QWidget* queueHostWidget() override { return this; }
  bool isPatchOpen(const QString& stem) const override;
  bool hasUnsavedCorrection() const override;
  void focusCanvas() override;

Q_SIGNALS:
  // A correction of `stem` was written to edits/.
  void correctionSaved(const QString& stem);

private:
  bool confirmDiscard();
  // Closes the open patch and empties the canvas, Compare CAMs and the status line.
  void addPageKey(const QString& buttonText, Qt::Key key, const std::function<void()>& slot);
  QHBoxLayout* buildToolRow();
  QHBoxLayout* buildPaintRow();
  QHBoxLayout* buildActionRow();
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
  QVector<QAction*> pageKeys_;  // the tool keys of the whole page (addPageKey)
  QString currentMask_;
  QString currentStem_;
};

}  // namespace arml::ui
