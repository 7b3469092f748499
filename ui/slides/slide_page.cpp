#include "ui/slides/slide_page.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <utility>

#include "slide/slide_reader.h"
#include "ui/project/project.h"
#include "ui/runs/run_checkpoints.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/interactive_engine_loader.h"
#include "ui/shell/project_file_dialogs.h"
#include "ui/slides/slide_inference_dialog.h"
#include "ui/slides/slide_toolbar.h"
#include "ui/training/run_controller.h"
#include "widgets/heat_map.h"
#include "widgets/slide_view.h"

namespace arml::ui {

QString SlidePage::formatDuration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return QStringLiteral("?");
  const int s = static_cast<int>(std::lround(seconds));
  if (s < 60) return tr("%1 s").arg(s);
  if (s < 3600) return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
  return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

SlidePage::SlidePage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("slidePage"));
  setAcceptDrops(true);
  auto* layout = new QVBoxLayout(this);
  QPushButton* openButton = buildTopRows(layout);

  auto* split = new QSplitter(Qt::Horizontal, this);
  view_ = new widgets::SlideView(split);
  view_->setPlaceholderText(tr("No slide open. Open one with “Open slide…” or drop it here."));
  view_->installEventFilter(this);
  split->addWidget(view_);
  split->addWidget(buildSidePanel(split));
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  layout->addWidget(split, 1);
  // Below the view and its panel: the job's row or a message appearing moves no field.
  layout->addWidget(jobRow_);
  layout->addWidget(message_);

  job_ = new RunController(this);
  predictor_ = new ViewPredictor(
      [](QString* error) -> interactive::Engine* {
        const InteractiveEngineLoad load = loadInteractiveEngine();
        if (!load.engine && error) *error = load.error;
        return load.engine;
      },
      this);

  connect(openButton, &QPushButton::clicked, this, &SlidePage::chooseSlide);
  // The toolbar stands for the buttons above the slide, which it hides: the page's logic stays with them.
  toolbar_ = new SlideToolbar(this);
  layout->insertWidget(0, toolbar_);
  const std::pair<QAction*, QAbstractButton*> mirrored[] = {
      {toolbar_->openSlide(), openButton},     {toolbar_->openOverlay(), overlayButton_},
      {toolbar_->runInference(), runButton_},  {toolbar_->predictView(), predictButton_},
      {toolbar_->camView(), camButton_},       {toolbar_->region(), regionButton_}};
  for (const auto& [action, button] : mirrored) {
    toolbar_->mirror(action, button);
    button->hide();
  }
  toolbar_->mirror(toolbar_->overlay(), overlayCheck_);
  connect(toolbar_->zoomIn(), &QAction::triggered, view_, [this] { view_->zoomBy(1.5); });
  connect(toolbar_->zoomOut(), &QAction::triggered, view_, [this] { view_->zoomBy(1.0 / 1.5); });
  connect(toolbar_->fit(), &QAction::triggered, view_, &widgets::SlideView::fitToWindow);
  connectView();
  connectJob();
  connectLiveLayers();

  setProject(nullptr);
  updateActions();
}

// The rows above the slide (open buttons and file name, the actions on the slide); also makes the
// slide job's progress row (hidden until it runs) and the message line, which go below the slide.
// Returns the "Open slide…" button.
QPushButton* SlidePage::buildTopRows(QVBoxLayout* layout) {
  auto* top = new QHBoxLayout;
  auto* openButton = new QPushButton(tr("Open slide…"), this);
  openButton->setObjectName(QStringLiteral("openSlideButton"));
  overlayButton_ = new QPushButton(tr("Open overlay…"), this);
  overlayButton_->setObjectName(QStringLiteral("openOverlayButton"));
  overlayButton_->setToolTip(tr("A class-mask pyramid (.tif) written by slide inference"));
  overlayButton_->setEnabled(false);
  fileLabel_ = new QLabel(tr("Drop a slide (.svs, .tif, .ndpi, .mrxs, …) here or open one."), this);
  fileLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  top->addWidget(openButton);
  top->addWidget(overlayButton_);
  top->addWidget(fileLabel_, 1);
  layout->addLayout(top);

  // Actions on the open slide.
  auto* actions = new QHBoxLayout;
  runButton_ = new QPushButton(tr("Run inference on this slide…"), this);
  runButton_->setObjectName(QStringLiteral("runSlideInferenceButton"));
  runButton_->setToolTip(tr("Segment the whole slide with a stage-2 model (an arml predict job); the result "
                            "opens as the overlay"));
  predictButton_ = new QPushButton(tr("Predict this view (V)"), this);
  predictButton_->setObjectName(QStringLiteral("predictViewButton"));
  predictButton_->setToolTip(tr("Segment the visible region now with the stage-2 model, at the model's resolution"));
  camButton_ = new QPushButton(tr("CAM of this view (C)"), this);
  camButton_->setObjectName(QStringLiteral("camViewButton"));
  camButton_->setToolTip(tr("Class activation map of the visible region with the stage-1 classifier"));
  regionButton_ = new QPushButton(tr("Send region to review (S)"), this);
  regionButton_->setObjectName(QStringLiteral("regionToolButton"));
  regionButton_->setCheckable(true);
  regionButton_->setToolTip(tr("Drag a rectangle on the slide: it is cut into training-size patches that are "
                               "added to the project's review queue (Esc cancels)"));
  actions->addWidget(runButton_);
  actions->addWidget(predictButton_);
  actions->addWidget(camButton_);
  actions->addWidget(regionButton_);
  actions->addStretch(1);
  layout->addLayout(actions);

  // Progress of the slide job (shown while it runs).
  jobRow_ = new QWidget(this);
  auto* jobLayout = new QHBoxLayout(jobRow_);
  jobLayout->setContentsMargins(0, 0, 0, 0);
  jobProgress_ = new QProgressBar(jobRow_);
  jobProgress_->setObjectName(QStringLiteral("slideInferenceProgress"));
  jobProgress_->setRange(0, 0);
  jobLabel_ = new QLabel(jobRow_);
  jobLabel_->setObjectName(QStringLiteral("slideInferenceLabel"));
  stopButton_ = new QPushButton(tr("Stop"), jobRow_);
  stopButton_->setObjectName(QStringLiteral("stopSlideInferenceButton"));
  jobLayout->addWidget(jobProgress_, 1);
  jobLayout->addWidget(jobLabel_);
  jobLayout->addWidget(stopButton_);
  jobRow_->hide();

  message_ = new QLabel(this);
  message_->setObjectName(QStringLiteral("slideMessage"));
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  message_->hide();
  return openButton;
}

// The side panel: the overlay's controls, the models and resolution, the slide's properties and
// associated images.
QWidget* SlidePage::buildSidePanel(QWidget* parent) {
  auto* sideScroll = new QScrollArea(parent);
  sideScroll->setWidgetResizable(true);
  sideScroll->setFrameShape(QFrame::NoFrame);
  auto* side = new QWidget(sideScroll);
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);

  auto* overlayGroup = new QGroupBox(tr("Overlay"), side);
  auto* og = new QVBoxLayout(overlayGroup);
  overlayCheck_ = new QCheckBox(tr("Show overlay (O)"), overlayGroup);
  overlayCheck_->setChecked(true);
  overlayCheck_->setEnabled(false);
  auto* opacityRow = new QHBoxLayout;
  opacity_ = new QSlider(Qt::Horizontal, overlayGroup);
  opacity_->setRange(0, 100);
  opacity_->setValue(static_cast<int>(view_->overlayOpacity() * 100));
  opacity_->setEnabled(false);
  opacityRow->addWidget(new QLabel(tr("Opacity"), overlayGroup));
  opacityRow->addWidget(opacity_, 1);
  classBox_ = new QWidget(overlayGroup);
  classLayout_ = new QVBoxLayout(classBox_);
  classLayout_->setContentsMargins(0, 0, 0, 0);
  liveLabel_ = new QLabel(overlayGroup);
  liveLabel_->setObjectName(QStringLiteral("liveLayerLabel"));
  liveLabel_->setWordWrap(true);
  liveLabel_->hide();
  og->addWidget(overlayCheck_);
  og->addLayout(opacityRow);
  og->addWidget(classBox_);
  og->addWidget(liveLabel_);
  sideLayout->addWidget(overlayGroup);
  sideLayout->addWidget(buildModelsGroup(side));

  sideLayout->addWidget(new QLabel(tr("Properties"), side));
  properties_ = new QTableWidget(0, 2, side);
  properties_->setObjectName(QStringLiteral("slideProperties"));
  properties_->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
  properties_->horizontalHeader()->setStretchLastSection(true);
  properties_->verticalHeader()->hide();
  properties_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  properties_->setMinimumHeight(120);
  sideLayout->addWidget(properties_, 3);

  sideLayout->addWidget(new QLabel(tr("Associated images (double-click to view)"), side));
  associated_ = new QListWidget(side);
  associated_->setObjectName(QStringLiteral("associatedImages"));
  associated_->setMinimumHeight(60);
  sideLayout->addWidget(associated_, 1);
  sideScroll->setWidget(side);
  return sideScroll;
}

// The buttons, the view and the overlay's controls.
void SlidePage::connectView() {
  connect(overlayButton_, &QPushButton::clicked, this, &SlidePage::chooseOverlay);
  connect(runButton_, &QPushButton::clicked, this, &SlidePage::chooseSlideInference);
  connect(stopButton_, &QPushButton::clicked, this, &SlidePage::stopSlideInference);
  connect(predictButton_, &QPushButton::clicked, this, &SlidePage::predictView);
  connect(camButton_, &QPushButton::clicked, this, &SlidePage::camView);
  connect(regionButton_, &QPushButton::toggled, view_, &widgets::SlideView::setRegionTool);
  connect(view_, &widgets::SlideView::regionToolChanged, regionButton_, &QPushButton::setChecked);
  connect(view_, &widgets::SlideView::regionDrawn, this, [this](const QRectF& r) {
    sendRegionToReview(r, view_->regionShape() == widgets::SlideView::RegionShape::Polygon ? view_->selectedPolygon()
                                                                                           : QPolygonF());
  });
  connect(view_, &widgets::SlideView::viewChanged, this, &SlidePage::viewMoved);
  connect(overlayCheck_, &QCheckBox::toggled, view_, &widgets::SlideView::setOverlayVisible);
  connect(view_, &widgets::SlideView::overlayVisibilityChanged, overlayCheck_, &QCheckBox::setChecked);
  connect(opacity_, &QSlider::valueChanged, this, [this](int v) { view_->setOverlayOpacity(v / 100.0); });
  connect(associated_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { showAssociatedImage(item->text()); });
  connect(view_, &widgets::SlideView::slideOpened, this, &SlidePage::slideOpened);
  connect(view_, &widgets::SlideView::openFailed, this, [this](const QString& why) {
    showMessage(tr("Cannot open this slide: %1").arg(why), true);
    fileLabel_->setText(view_->slide() ? QFileInfo(view_->slidePath()).fileName() : tr("No slide open."));
  });
  connect(view_, &widgets::SlideView::tileReadFailed, this, [this](const QString& why) {
    showMessage(tr("Part of this slide could not be read (the file may be truncated or damaged): %1").arg(why), true);
  });
  connect(view_, &widgets::SlideView::overlayOpened, this, &SlidePage::overlayOpened);
  connect(view_, &widgets::SlideView::overlayFailed, this, [this](const QString& why) {
    if (!droppedCandidate_.isEmpty()) {  // not a mask pyramid: try the dropped file as a slide
      const QString path = droppedCandidate_;
      droppedCandidate_.clear();
      openSlide(path);
      return;
    }
    showMessage(tr("Cannot open this overlay: %1").arg(why), true);
  });
}

SlidePage::~SlidePage() {
  // The worker may still hold the slide; it is cancelled and waited for by ~ViewPredictor.
  predictor_->cancel();
}

// ---- project ------------------------------------------------------------------------------------

void SlidePage::setProject(const Project* project) {
  const QString folder = project ? project->folder() : QString();
  const bool otherProject = folder != projectFolder_;
  if (folder != projectFolder_ && !projectFolder_.isEmpty()) {
    // Another project (or none): checkpoints from the previous project's folder are not this
    // one's, and a live layer computed with them stops. Files chosen elsewhere stay.
    const QString previous = QDir::cleanPath(projectFolder_) + QLatin1Char('/');
    const auto fromPrevious = [&](const QString& path) {
      return !path.trimmed().isEmpty() &&
             QDir::cleanPath(QFileInfo(path.trimmed()).absoluteFilePath()).startsWith(previous);
    };
    predictor_->cancel();
    for (QLineEdit* edit : {segmenterEdit_, classifierEdit_})
      if (fromPrevious(edit->text())) edit->clear();
    if (inferenceDialog_)
      for (QLineEdit* edit : {inferenceDialog_->modelEdit(), inferenceDialog_->outputEdit()})
        if (fromPrevious(edit->text())) edit->clear();
  }
  projectFolder_ = folder;
  runsDir_ = project ? project->runsDir() : QString();
  const QVector<TissueClass> classes = project && !project->classes().isEmpty() ? project->classes()
                                                                                : Project::defaultClasses();
  background_ = project ? project->backgroundIndex() : 4;
  projectClasses_.clear();
  for (const TissueClass& c : classes) projectClasses_.push_back(widgets::OverlayClass{c.displayName(), c.colour, true});
  if (usesCurrentRun()) {
    // The same project again (its classes edited) keeps the models the user picked.
    if (otherProject || segmenterEdit_->text().isEmpty()) applyCurrentRun();
  } else if (segmenterEdit_->text().isEmpty() || !QFileInfo::exists(segmenterEdit_->text())) {
    segmenterEdit_->setText(defaultSegmenter(findRunCheckpoints(runsDir_)));
  }
  rebuildCamClasses(camClass_->count());
  updateActions();
}

QVector<widgets::OverlayClass> SlidePage::liveClasses() const { return projectClasses_; }

void SlidePage::setSegmenterPath(const QString& path) { segmenterEdit_->setText(path); }
void SlidePage::setClassifierPath(const QString& path) { classifierEdit_->setText(path); }

slide::ResolutionRequest SlidePage::workingResolution() const {
  slide::ResolutionRequest r;
  if (resMode_->currentIndex() == 1) r.level = resLevel_->value();
  else r.targetUmPerPx = resUm_->value();
  return r;
}

void SlidePage::updateActions() {
  const bool hasSlide = view_->slide() != nullptr;
  runButton_->setEnabled(hasSlide && !job_->isActive());
  predictButton_->setEnabled(hasSlide);
  camButton_->setEnabled(hasSlide);
  regionButton_->setEnabled(hasSlide && !projectFolder_.isEmpty() && !exporting_);
  regionButton_->setToolTip(projectFolder_.isEmpty()
                                ? tr("Open a project first: regions go to its review queue")
                                : tr("Drag a rectangle on the slide: it is cut into training-size patches that are "
                                     "added to the project's review queue (Esc cancels)"));
}

// ---- messages and opening -----------------------------------------------------------------------

void SlidePage::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? QStringLiteral("color: #b00020; font-weight: bold;") : QString());
  message_->setVisible(!text.isEmpty());
}

void SlidePage::chooseSlide() {
  const QString path = ProjectFileDialogs::getOpenFileName(
      this, tr("Open slide"), QString(),
      tr("Whole-slide images (*.svs *.tif *.tiff *.ndpi *.vms *.vmu *.scn *.mrxs *.svslide *.bif);;All files (*)"));
  if (!path.isEmpty()) openSlide(path);
}

void SlidePage::chooseOverlay() {
  const QString path = ProjectFileDialogs::getOpenFileName(this, tr("Open class-mask overlay"), QString(),
                                                           tr("Class-mask pyramids (*.tif *.tiff);;All files (*)"));
  if (!path.isEmpty()) openOverlay(path);
}

void SlidePage::openSlide(const QString& path) {
  showMessage(QString(), false);
  predictor_->cancel();
  fileLabel_->setText(tr("Opening %1…").arg(QFileInfo(path).fileName()));
  view_->openSlide(path);
}

void SlidePage::openOverlay(const QString& path) {
  showMessage(QString(), false);
  view_->openOverlay(path);
}

void SlidePage::openDropped(const QString& path) {
  if (view_->slide()) {
    droppedCandidate_ = path;
    view_->openOverlay(path);
  } else {
    openSlide(path);
  }
}

void SlidePage::slideOpened() {
  const slide::SlideReader* s = view_->slide();
  const QFileInfo info(view_->slidePath());
  QString summary = tr("%1 — %2 × %3 px, %n level(s)", nullptr, s->levelCount())
                        .arg(info.fileName())
                        .arg(s->width())
                        .arg(s->height());
  if (const auto um = s->umPerPx()) summary += tr(", %1 µm/px").arg(*um, 0, 'g', 4);
  else summary += tr(", no resolution metadata");
  fileLabel_->setText(summary);
  overlayButton_->setEnabled(true);
  if (view_->overviewLimited())
    showMessage(tr("%1 is %2 × %3 px with no smaller overview level: it can be viewed down to 1:%4 only and has "
                   "no minimap. A pyramidal copy (for example: vips tiffsave IN OUT.tif --tile --pyramid) can be "
                   "seen whole.")
                    .arg(info.fileName())
                    .arg(s->width())
                    .arg(s->height())
                    .arg(view_->maxScale(), 0, 'g', 3),
                false);
  camPieces_.clear();
  liveLabel_->hide();
  // Without µm/px metadata the live layers read a pyramid level (there is nothing to compute µm from).
  resLevel_->setRange(0, s->levelCount() - 1);
  resMode_->setCurrentIndex(s->umPerPx() ? 0 : 1);
  updateOverlayControls();
  rebuildClassChecks();
  updateActions();

  const auto& props = s->properties();
  properties_->setRowCount(static_cast<int>(props.size()));
  for (int i = 0; i < static_cast<int>(props.size()); ++i) {
    properties_->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(props[i].first)));
    properties_->setItem(i, 1, new QTableWidgetItem(QString::fromStdString(props[i].second)));
  }
  properties_->resizeColumnToContents(0);
  associated_->clear();
  for (const auto& name : s->associatedImageNames()) associated_->addItem(QString::fromStdString(name));
  view_->setFocus();
}

void SlidePage::overlayOpened() {
  droppedCandidate_.clear();
  updateOverlayControls();
  rebuildClassChecks();
}

void SlidePage::updateOverlayControls() {
  const bool any = view_->hasAnyOverlay();
  overlayCheck_->setEnabled(any);
  overlayCheck_->setChecked(view_->overlayVisible());
  opacity_->setEnabled(any);
}

void SlidePage::rebuildClassChecks() {
  for (QCheckBox* c : classChecks_) delete c;
  classChecks_.clear();
  const bool classMask = view_->hasOverlay() || view_->liveKind() == widgets::SlideView::LiveKind::ClassMask;
  if (!classMask) return;
  const auto& classes = view_->overlayClasses();
  const int background = view_->hasOverlay() ? -1 : background_;
  for (int i = 0; i < classes.size(); ++i) {
    if (i == background) continue;  // drawn transparent anyway
    auto* check = new QCheckBox(displayClassName(classes[i].name), classBox_);
    QPixmap swatch(12, 12);
    swatch.fill(classes[i].colour);
    check->setIcon(QIcon(swatch));
    check->setChecked(classes[i].visible);
    connect(check, &QCheckBox::toggled, view_, [this, i](bool on) { view_->setClassVisible(i, on); });
    classLayout_->addWidget(check);
    classChecks_.push_back(check);
  }
}

// ---- associated images, drops, keys -------------------------------------------------------------

void SlidePage::showAssociatedImage(const QString& name) {
  auto reader = view_->sharedSlide();
  if (!reader) return;
  auto* watcher = new QFutureWatcher<QImage>(this);
  connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, name] {
    watcher->deleteLater();
    const QImage image = watcher->result();
    if (image.isNull()) {
      showMessage(tr("Cannot read the associated image “%1”.").arg(name), true);
      return;
    }
    if (!associatedDialog_) {
      associatedDialog_ = new QDialog(this);
      associatedDialog_->setObjectName(QStringLiteral("associatedImageDialog"));
      auto* l = new QVBoxLayout(associatedDialog_);
      auto* scroll = new QScrollArea(associatedDialog_);
      auto* label = new QLabel;
      label->setObjectName(QStringLiteral("associatedImage"));
      scroll->setWidget(label);
      l->addWidget(scroll);
    }
    auto* label = associatedDialog_->findChild<QLabel*>(QStringLiteral("associatedImage"));
    label->setPixmap(QPixmap::fromImage(image));
    label->resize(image.size());
    associatedDialog_->setWindowTitle(tr("%1 — %2").arg(name, QFileInfo(view_->slidePath()).fileName()));
    associatedDialog_->resize(std::min(image.width() + 40, 1000), std::min(image.height() + 40, 800));
    associatedDialog_->show();
    Q_EMIT associatedImageShown(name);
  });
  const std::string n = name.toStdString();
  watcher->setFuture(QtConcurrent::run([reader, n]() -> QImage {
    try {
      const cv::Mat m = reader->readAssociatedImage(n);
      return QImage(m.data, m.cols, m.rows, static_cast<qsizetype>(m.step), QImage::Format_RGB888).copy();
    } catch (const std::exception&) {
      return QImage();
    }
  }));
}

bool SlidePage::eventFilter(QObject* watched, QEvent* event) {
  if (watched == view_ && event->type() == QEvent::KeyPress) {
    auto* k = static_cast<QKeyEvent*>(event);
    if (k->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
    switch (k->key()) {
      case Qt::Key_V:
        if (predictButton_->isEnabled()) predictView();
        return true;
      case Qt::Key_C:
        if (camButton_->isEnabled()) camView();
        return true;
      case Qt::Key_S:
        if (regionButton_->isEnabled()) regionButton_->toggle();
        return true;
      default: break;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void SlidePage::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls() && !e->mimeData()->urls().isEmpty() && e->mimeData()->urls().first().isLocalFile())
    e->acceptProposedAction();
}

void SlidePage::dropEvent(QDropEvent* e) {
  const auto urls = e->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  openDropped(urls.first().toLocalFile());
  e->acceptProposedAction();
}

}  // namespace arml::ui
