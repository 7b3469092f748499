#pragma once
// The Slides page: a whole-slide viewer (SlideView) with the slide's properties and associated
// images, and the overlay layers: a class-mask pyramid (opened, dropped, or written by "Run
// inference on this slide…", an `arml predict` child job), the live "predict this view" class mask
// and the CAM heat map of the view (both computed in-process on a worker thread), all with one
// opacity, per-class visibility and `O` to toggle. A region drawn on the slide can be sent to the
// project's review queue as training-size patches. Nothing is read or computed on the GUI thread.
#include <QElapsedTimer>
#include <QVector>
#include <QWidget>

#include "ui/slides/slide_region_export.h"
#include "ui/slides/view_predictor.h"

class QCheckBox;
class QComboBox;
class QDialog;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;
class QVBoxLayout;

namespace arml::widgets {
class SlideView;
}

namespace arml::ui {

class CurrentRun;
class Project;
class RunController;
class SlideInferenceDialog;
class SlideToolbar;
struct SlideInferenceSettings;

class SlidePage : public QWidget {
  Q_OBJECT
public:
  explicit SlidePage(QWidget* parent = nullptr);
  ~SlidePage() override;

  // The open project (null: none): its runs/ hold the default checkpoints, its classes name and
  // colour the live class masks, and regions go to its review queue.
  void setProject(const Project* project);

  void openSlide(const QString& path);
  void openOverlay(const QString& path);
  // A dropped file: an overlay when a slide is open and the file is a class-mask pyramid,
  // otherwise a slide.
  void openDropped(const QString& path);
  // Opens the associated image (label, macro, thumbnail, ...) in a window; read on a worker thread.
  void showAssociatedImage(const QString& name);

  // "Run inference on this slide…": opens the dialog (non-modal); Run starts the job.
  void chooseSlideInference();
  // Starts `arml predict` on the open slide; the result opens as the overlay when it succeeds.
  void startSlideInference(const SlideInferenceSettings& settings);
  void stopSlideInference();
  bool isInferenceRunning() const;
  // The `arml` program the job runs (default: armlProgramPath()).
  void setArmlProgram(const QString& program) { armlProgram_ = program; }

  // Live layers of the visible region (P and C on the view).
  void predictView();
  void camView();
  void cancelLiveLayer();
  void setSegmenterPath(const QString& path);
  void setClassifierPath(const QString& path);
  // The project's current run (owned elsewhere; null: none): its stage-2 and stage-1 models, patch
  // size and resolution are the live layers' and the slide job's defaults. A model of a run used
  // for "Run inference" makes that run current, so P and C (and the next start) use it too.
  void setCurrentRun(CurrentRun* currentRun);
  // "Run inference" started with `model`: P reuses it; a model of a run makes that run current.
  void adoptSlideModel(const QString& model);
  QLabel* modelSourceLabel() const { return modelSource_; }
  // Sends a level-0 region to the review queue (the region tool calls it when a region is drawn).
  // polygon (level 0, optional): only the patches whose centre lies inside it.
  void sendRegionToReview(const QRectF& level0Region, const QPolygonF& polygon = QPolygonF());
  // The working (training) resolution for live layers and review patches.
  slide::ResolutionRequest workingResolution() const;

  widgets::SlideView* view() const { return view_; }
  SlideToolbar* toolbar() const { return toolbar_; }
  QLabel* messageLabel() const { return message_; }
  QTableWidget* propertiesTable() const { return properties_; }
  QListWidget* associatedList() const { return associated_; }
  QCheckBox* overlayCheck() const { return overlayCheck_; }
  QSlider* opacitySlider() const { return opacity_; }
  const QVector<QCheckBox*>& classChecks() const { return classChecks_; }
  QDialog* associatedDialog() const { return associatedDialog_; }
  SlideInferenceDialog* inferenceDialog() const { return inferenceDialog_; }
  RunController* inferenceJob() const { return job_; }
  QProgressBar* inferenceProgress() const { return jobProgress_; }
  QLabel* inferenceLabel() const { return jobLabel_; }
  QPushButton* runInferenceButton() const { return runButton_; }
  QPushButton* stopInferenceButton() const { return stopButton_; }
  QPushButton* predictViewButton() const { return predictButton_; }
  QPushButton* camViewButton() const { return camButton_; }
  QPushButton* regionButton() const { return regionButton_; }
  QComboBox* resolutionModeCombo() const { return resMode_; }
  QDoubleSpinBox* resolutionUmSpin() const { return resUm_; }
  QSpinBox* resolutionLevelSpin() const { return resLevel_; }
  QSpinBox* patchSizeSpin() const { return patchSize_; }
  QComboBox* camClassCombo() const { return camClass_; }
  QComboBox* colourMapCombo() const { return colourMap_; }
  QComboBox* regionShapeCombo() const { return regionShape_; }
  ViewPredictor* viewPredictor() const { return predictor_; }

Q_SIGNALS:
  void associatedImageShown(const QString& name);
  // The slide job ended; on success its pyramid is being opened as the overlay.
  void slideInferenceFinished(bool succeeded);
  // A live layer request ended (finished, failed or cancelled).
  void liveLayerFinished(bool succeeded);
  void regionSent(const arml::ui::RegionExportResult& result);

protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  // Construction (slide_page.cpp; the job's and the live layers' parts in slide_page_job.cpp and
  // slide_page_live.cpp).
  QPushButton* buildTopRows(QVBoxLayout* layout);
  QWidget* buildSidePanel(QWidget* parent);
  QWidget* buildModelsGroup(QWidget* parent);
  void connectView();
  void connectJob();
  void connectLiveLayers();
  // "12 s", "3 min 4 s", "1 h 2 min".
  static QString formatDuration(double seconds);

  void chooseSlide();
  void chooseOverlay();
  void slideOpened();
  void overlayOpened();
  void showMessage(const QString& text, bool error);
  void rebuildClassChecks();
  void updateOverlayControls();
  void updateActions();
  void onJobProgress(const QJsonObject& event);
  void onJobFinished();
  void startLive(ViewPredictor::Kind kind);
  void onLivePiece(quint64 id, const ViewPiece& piece);
  void recolourCams();
  void dropEmptyLiveLayer();
  void rebuildCamClasses(int count);
  void viewMoved();
  QVector<widgets::OverlayClass> liveClasses() const;
  bool usesCurrentRun() const;
  void applyCurrentRun();
  void updateModelSource();
  void adoptPickedModel(QLineEdit* edit, const QString& model);

  widgets::SlideView* view_;
  SlideToolbar* toolbar_;
  QLabel* fileLabel_;
  QLabel* message_;
  QPushButton* overlayButton_;
  QCheckBox* overlayCheck_;
  QSlider* opacity_;
  QWidget* classBox_;
  QVBoxLayout* classLayout_;
  QVector<QCheckBox*> classChecks_;
  QTableWidget* properties_;
  QListWidget* associated_;
  QDialog* associatedDialog_ = nullptr;
  QString droppedCandidate_;  // a dropped file tried as an overlay first

  // Project.
  QString projectFolder_;
  QString runsDir_;
  QVector<widgets::OverlayClass> projectClasses_;
  int background_ = 4;

  // Slide inference job.
  QPushButton* runButton_;
  QWidget* jobRow_;
  QProgressBar* jobProgress_;
  QLabel* jobLabel_;
  QPushButton* stopButton_;
  RunController* job_;
  SlideInferenceDialog* inferenceDialog_ = nullptr;
  QString jobOutput_;
  QString jobSlide_;
  QElapsedTimer jobClock_;
  QString armlProgram_;

  // Live layers and regions.
  QPushButton* predictButton_;
  QPushButton* camButton_;
  QPushButton* regionButton_;
  QLineEdit* segmenterEdit_;
  QLineEdit* classifierEdit_;
  QComboBox* resMode_;
  QDoubleSpinBox* resUm_;
  QSpinBox* resLevel_;
  QSpinBox* patchSize_;
  QComboBox* camClass_;
  QComboBox* colourMap_;
  QComboBox* regionShape_;
  QLabel* liveLabel_;
  QLabel* modelSource_;
  CurrentRun* currentRun_ = nullptr;
  ViewPredictor* predictor_;
  QVector<ViewPiece> camPieces_;
  int livePieces_ = 0;
  int liveTotal_ = 0;
  bool exporting_ = false;
};

}  // namespace arml::ui
