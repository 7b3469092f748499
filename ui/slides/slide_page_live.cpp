// The Slides page's live layers and regions: the models and working resolution, "Predict this
// view" and "CAM of this view" computed in-process (ViewPredictor), and regions drawn on the slide
// sent to the project's review queue as training-size patches.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QtConcurrent/QtConcurrentRun>


#include "slide/slide_reader.h"
#include "ui/project/project.h"
#include "ui/runs/current_run.h"
#include "ui/runs/run_checkpoints.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/project_file_dialogs.h"
#include "ui/slides/slide_page.h"
#include "widgets/heat_map.h"
#include "widgets/slide_view.h"

namespace arml::ui {

QWidget* SlidePage::buildModelsGroup(QWidget* parent) {
  auto* group = new QGroupBox(tr("Models and resolution"), parent);
  auto* form = new QFormLayout(group);
  auto fileRow = [this, group](QLineEdit*& edit, const QString& name, const QString& title) {
    auto* row = new QWidget(group);
    auto* l = new QHBoxLayout(row);
    l->setContentsMargins(0, 0, 0, 0);
    edit = new QLineEdit(row);
    edit->setObjectName(name);
    auto* browse = new QPushButton(tr("…"), row);
    browse->setMaximumWidth(32);
    QLineEdit* target = edit;
    connect(browse, &QPushButton::clicked, this, [this, target, title] {
      const QString f = ProjectFileDialogs::getOpenFileName(this, title, target->text(),
                                                            tr("Checkpoints (*.pt *.pth);;All files (*)"));
      if (!f.isEmpty()) adoptPickedModel(target, f);
    });
    l->addWidget(edit, 1);
    l->addWidget(browse);
    return row;
  };
  form->addRow(tr("Segmenter"), fileRow(segmenterEdit_, QStringLiteral("segmenterPath"), tr("Stage-2 checkpoint")));
  segmenterEdit_->setPlaceholderText(tr("stage-2 checkpoint"));
  form->addRow(tr("Classifier"), fileRow(classifierEdit_, QStringLiteral("classifierPath"), tr("Stage-1 checkpoint")));
  classifierEdit_->setPlaceholderText(tr("stage-1 checkpoint (CAMs)"));
  modelSource_ = new QLabel(group);
  modelSource_->setObjectName(QStringLiteral("modelSource"));
  modelSource_->setWordWrap(true);
  modelSource_->setStyleSheet(QStringLiteral("color: gray;"));
  form->addRow(QString(), modelSource_);
  for (QLineEdit* edit : {segmenterEdit_, classifierEdit_})
    connect(edit, &QLineEdit::textChanged, this, &SlidePage::updateModelSource);

  auto* resRow = new QWidget(group);
  auto* rl = new QHBoxLayout(resRow);
  rl->setContentsMargins(0, 0, 0, 0);
  resMode_ = new QComboBox(resRow);
  resMode_->setObjectName(QStringLiteral("workingResolutionMode"));
  resMode_->addItem(tr("µm/px"));
  resMode_->addItem(tr("level"));
  resUm_ = new QDoubleSpinBox(resRow);
  resUm_->setDecimals(3);
  resUm_->setRange(0.05, 64.0);
  resUm_->setValue(1.0);  // LUAD-HistoSeg patches are 10× (about 1 µm/px); BCSS-WSSS is 0.25
  resLevel_ = new QSpinBox(resRow);
  resLevel_->setRange(0, 0);
  resLevel_->hide();
  rl->addWidget(resMode_);
  rl->addWidget(resUm_, 1);
  rl->addWidget(resLevel_, 1);
  resRow->setToolTip(tr("The model's training resolution: the live layers and review patches are read at it"));
  form->addRow(tr("Resolution"), resRow);
  connect(resMode_, &QComboBox::currentIndexChanged, this, [this](int i) {
    resUm_->setVisible(i == 0);
    resLevel_->setVisible(i == 1);
  });

  patchSize_ = new QSpinBox(group);
  patchSize_->setObjectName(QStringLiteral("patchSize"));
  patchSize_->setRange(32, 2048);
  patchSize_->setValue(224);
  patchSize_->setSuffix(tr(" px"));
  patchSize_->setToolTip(tr("Side of the review patches at the working resolution (the training size)"));
  form->addRow(tr("Patch size"), patchSize_);
  regionShape_ = new QComboBox(group);
  regionShape_->setObjectName(QStringLiteral("regionShape"));
  regionShape_->addItem(tr("Rectangle (drag)"));
  regionShape_->addItem(tr("Polygon (click corners, double-click to close)"));
  form->addRow(tr("Region"), regionShape_);
  connect(regionShape_, &QComboBox::currentIndexChanged, this, [this](int i) {
    view_->setRegionShape(i == 1 ? widgets::SlideView::RegionShape::Polygon : widgets::SlideView::RegionShape::Rectangle);
  });

  camClass_ = new QComboBox(group);
  camClass_->setObjectName(QStringLiteral("camClass"));
  form->addRow(tr("CAM class"), camClass_);
  colourMap_ = new QComboBox(group);
  colourMap_->setObjectName(QStringLiteral("camColourMap"));
  colourMap_->addItems(widgets::colourMapNames());
  form->addRow(tr("CAM colours"), colourMap_);
  return group;
}

void SlidePage::connectLiveLayers() {
  connect(predictor_, &ViewPredictor::started, this, [this](quint64, int pieces) {
    liveTotal_ = pieces;
    liveLabel_->setText(tr("Computing %1 piece(s)…").arg(pieces));
  });
  connect(predictor_, &ViewPredictor::pieceReady, this, &SlidePage::onLivePiece);
  connect(predictor_, &ViewPredictor::finished, this, [this](quint64, int pieces, double seconds) {
    liveLabel_->setText(view_->liveKind() == widgets::SlideView::LiveKind::HeatMap
                            ? tr("CAM of the view: %1 piece(s) in %2").arg(pieces).arg(formatDuration(seconds))
                            : tr("Prediction of the view: %1 piece(s) in %2").arg(pieces).arg(formatDuration(seconds)));
    updateActions();
    Q_EMIT liveLayerFinished(true);
  });
  connect(predictor_, &ViewPredictor::failed, this, [this](quint64, const QString& why) {
    liveLabel_->setText(tr("Failed after %1 of %2 piece(s).").arg(livePieces_).arg(liveTotal_));
    if (livePieces_ == 0) dropEmptyLiveLayer();
    showMessage(tr("Cannot compute the layer for this view: %1").arg(why), true);
    updateActions();
    Q_EMIT liveLayerFinished(false);
  });
  connect(predictor_, &ViewPredictor::cancelled, this, [this](quint64) {
    liveLabel_->setText(tr("Stopped after %1 of %2 piece(s).").arg(livePieces_).arg(liveTotal_));
    if (livePieces_ == 0) dropEmptyLiveLayer();
    updateActions();
    Q_EMIT liveLayerFinished(false);
  });
  connect(camClass_, &QComboBox::currentIndexChanged, this, &SlidePage::recolourCams);
  connect(colourMap_, &QComboBox::currentIndexChanged, this, &SlidePage::recolourCams);
}

// ---- live layers --------------------------------------------------------------------------------

void SlidePage::predictView() { startLive(ViewPredictor::Kind::Segmentation); }
void SlidePage::camView() { startLive(ViewPredictor::Kind::Cam); }

void SlidePage::cancelLiveLayer() { predictor_->cancel(); }

void SlidePage::startLive(ViewPredictor::Kind kind) {
  if (!view_->slide()) return;
  predictor_->cancel();  // the running request ends (and its handlers run) before the new layer is set up
  showMessage(QString(), false);
  ViewPredictor::Request r;
  r.kind = kind;
  r.slide = view_->sharedSlide();
  r.resolution = workingResolution();
  r.level0Region = view_->visibleRegion();
  r.weights = (kind == ViewPredictor::Kind::Segmentation ? segmenterEdit_ : classifierEdit_)->text().trimmed();
  const AppSettings app = AppSettings::load();
  r.device = app.device;
  r.threads = app.threads;
  r.background = background_;
  livePieces_ = 0;
  liveTotal_ = 0;
  camPieces_.clear();
  if (kind == ViewPredictor::Kind::Segmentation) {
    if (!view_->hasOverlay()) view_->setOverlayClasses(liveClasses(), background_);
    view_->startLiveLayer(widgets::SlideView::LiveKind::ClassMask);
  } else {
    view_->startLiveLayer(widgets::SlideView::LiveKind::HeatMap);
  }
  if (!view_->overlayVisible()) view_->setOverlayVisible(true);
  liveLabel_->setText(kind == ViewPredictor::Kind::Segmentation ? tr("Loading the segmenter…")
                                                                : tr("Loading the classifier…"));
  liveLabel_->show();
  updateOverlayControls();
  rebuildClassChecks();
  predictor_->start(r);
}

// A live layer that got no piece is removed with its controls (the pyramid overlay stays).
void SlidePage::dropEmptyLiveLayer() {
  view_->clearLiveLayer();
  liveLabel_->hide();
  camPieces_.clear();
  updateOverlayControls();
  rebuildClassChecks();
}

void SlidePage::onLivePiece(quint64, const ViewPiece& piece) {
  ++livePieces_;
  liveLabel_->setText(tr("%1 of %2 piece(s) done…").arg(livePieces_).arg(liveTotal_));
  if (predictor_->currentKind() == ViewPredictor::Kind::Segmentation) {
    view_->addLivePiece(piece.level0Rect, piece.classMask);
    return;
  }
  camPieces_.push_back(piece);
  if (camClass_->count() != piece.cams.planes) rebuildCamClasses(piece.cams.planes);
  recolourCams();
}

void SlidePage::rebuildCamClasses(int count) {
  const QSignalBlocker block(camClass_);
  const int current = camClass_->currentIndex();
  camClass_->clear();
  for (int i = 0; i < count; ++i)
    camClass_->addItem(i < projectClasses_.size() ? projectClasses_[i].name : tr("class %1").arg(i));
  camClass_->setCurrentIndex(current >= 0 && current < count ? current : 0);
}

// Heat maps of the chosen class over all pieces so far, scaled by their common maximum so that
// neighbouring pieces compare.
void SlidePage::recolourCams() {
  if (view_->liveKind() != widgets::SlideView::LiveKind::HeatMap || camPieces_.isEmpty()) return;
  const int k = std::max(0, camClass_->currentIndex());
  float max = 0;
  for (const ViewPiece& p : camPieces_)
    if (k < p.cams.planes) {
      const float* v = p.cams.plane(k);
      for (std::size_t i = 0, n = std::size_t(p.cams.width) * p.cams.height; i < n; ++i)
        if (std::isfinite(v[i])) max = std::max(max, v[i]);
    }
  const auto map = static_cast<widgets::ColourMap>(std::max(0, colourMap_->currentIndex()));
  QVector<widgets::LivePiece> pieces;
  for (const ViewPiece& p : camPieces_)
    if (k < p.cams.planes)
      pieces.push_back({p.level0Rect, widgets::heatMapImage(p.cams.plane(k), p.cams.width, p.cams.height, max, map)});
  view_->setLivePieces(pieces);
}

void SlidePage::viewMoved() {
  if (!predictor_->isRunning()) return;
  // Stop when less than a quarter of the requested region is still in view.
  const QRectF asked = predictor_->currentRegion();
  const QRectF seen = asked.intersected(view_->visibleRegion());
  if (seen.width() * seen.height() < 0.25 * asked.width() * asked.height()) predictor_->cancel();
}

// ---- regions to the review queue ----------------------------------------------------------------

void SlidePage::sendRegionToReview(const QRectF& level0Region, const QPolygonF& polygon) {
  if (!view_->slide() || exporting_) return;
  if (projectFolder_.isEmpty()) {
    showMessage(tr("Open a project first: regions go to its review queue."), true);
    return;
  }
  RegionExportRequest q;
  q.slide = view_->sharedSlide();
  q.slidePath = view_->slidePath();
  q.level0Region = level0Region;
  q.level0Polygon = polygon;
  q.resolution = workingResolution();
  q.patchSize = patchSize_->value();
  q.projectFolder = projectFolder_;
  q.maskPyramid = view_->sharedOverlay();
  if (!q.maskPyramid && view_->liveKind() == widgets::SlideView::LiveKind::ClassMask) q.liveMask = view_->livePieces();
  for (const auto& c : projectClasses_) {
    const QColor colour = c.colour;
    q.palette.push_back({std::uint8_t(colour.red()), std::uint8_t(colour.green()), std::uint8_t(colour.blue())});
  }
  exporting_ = true;
  updateActions();
  showMessage(tr("Cutting the region into patches…"), false);
  auto* watcher = new QFutureWatcher<RegionExportResult>(this);
  connect(watcher, &QFutureWatcher<RegionExportResult>::finished, this, [this, watcher] {
    watcher->deleteLater();
    exporting_ = false;
    view_->setRegionTool(false);
    updateActions();
    const RegionExportResult r = watcher->result();
    if (!r.error.isEmpty()) {
      showMessage(tr("Cannot send the region to the review queue: %1").arg(r.error), true);
    } else {
      const QString folder = r.images.isEmpty() ? QString() : QFileInfo(r.images.first()).absolutePath();
      showMessage(tr("%n patch(es) sent to the review queue (%1 with a predicted mask, %2 new): %3", nullptr,
                     r.images.size())
                      .arg(r.masks)
                      .arg(r.added)
                      .arg(QDir::toNativeSeparators(folder)),
                  false);
    }
    Q_EMIT regionSent(r);
  });
  watcher->setFuture(QtConcurrent::run([q] { return exportRegionPatches(q); }));
}

// ---- the current run's models -----------------------------------------------------------------

void SlidePage::setCurrentRun(CurrentRun* currentRun) {
  currentRun_ = currentRun;
  if (currentRun_)
    connect(currentRun_, &CurrentRun::changed, this, [this] {
      if (usesCurrentRun()) applyCurrentRun();
    });
  if (usesCurrentRun()) applyCurrentRun();
}

bool SlidePage::usesCurrentRun() const { return currentRun_ && currentRun_->projectFolder() == projectFolder_; }

void SlidePage::applyCurrentRun() {
  segmenterEdit_->setText(currentRun_->stage2Checkpoint());
  classifierEdit_->setText(currentRun_->stage1Checkpoint());
  // The size and resolution the models were trained at (the run's config.json).
  if (const int size = currentRun_->trainingPatchSize(); size > 0) patchSize_->setValue(size);
  if (const double um = currentRun_->trainingUmPerPx(); um > 0) resUm_->setValue(um);
  updateModelSource();
}

void SlidePage::adoptSlideModel(const QString& model) {
  if (model.isEmpty()) return;
  if (usesCurrentRun() && !currentRun_->runOf(model).isEmpty() && currentRun_->runOf(model) != currentRun_->id()) {
    QString error;
    if (!currentRun_->chooseByCheckpoint(model, &error)) showMessage(error, true);
  }
  segmenterEdit_->setText(model);  // after the run change, which sets the run's own model
}

void SlidePage::adoptPickedModel(QLineEdit* edit, const QString& model) {
  // A checkpoint of another run: that run becomes current (its models fill both fields), then the
  // picked file itself. A loose file is used as it is, and shown as such.
  if (usesCurrentRun() && !currentRun_->runOf(model).isEmpty() && currentRun_->runOf(model) != currentRun_->id()) {
    QString error;
    if (!currentRun_->chooseByCheckpoint(model, &error)) showMessage(error, true);
  }
  edit->setText(model);
}

void SlidePage::updateModelSource() {
  if (!currentRun_ || projectFolder_.isEmpty()) {
    modelSource_->clear();
    return;
  }
  const auto source = [this](const QString& path) {
    const QString run = currentRun_->runOf(path.trimmed());
    if (path.trimmed().isEmpty()) return tr("none");
    if (run.isEmpty()) return tr("loose file");
    if (run == currentRun_->id()) return tr("current run %1").arg(run);
    // A stage-2 run's stage 1 is the one of the run whose masks it trained on.
    if (run == currentRun_->stage1SourceRun()) return tr("run %1 (the current run's stage 1)").arg(run);
    return tr("run %1 (not the current run)").arg(run);
  };
  modelSource_->setText(tr("Segmenter: %1 · classifier: %2").arg(source(segmenterEdit_->text()), source(classifierEdit_->text())));
}

}  // namespace arml::ui
