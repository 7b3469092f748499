#include "ui/review/review_page.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <cstring>

#include "data/mask_exchange.h"
#include "data/palette_png.h"
#include "data/slide_patch_placement.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/project/project_demo.h"
#include "ui/review/correction_batch_export.h"
#include "ui/review/edit_journal.h"
#include "ui/review/review_queue_controller.h"
#include "ui/review/review_reviewer.h"
#include "ui/shell/project_file_dialogs.h"
#include "widgets/mask_canvas.h"
#include "widgets/review_queue_view.h"
#include "widgets/tinted_icon.h"

namespace arml::ui {

using arml::widgets::MaskCanvas;
using arml::widgets::MaskModel;
using arml::widgets::MaskStrokeCommand;
using arml::widgets::MaskTool;

namespace {
arml::data::ExchangeOptions exchangeOptions(const Project& p) {
  arml::data::ExchangeOptions o;
  for (const TissueClass& c : p.classes())
    o.classes.push_back({c.name.toStdString(), {static_cast<std::uint8_t>(c.colour.red()),
                                                static_cast<std::uint8_t>(c.colour.green()),
                                                static_cast<std::uint8_t>(c.colour.blue())}});
  o.background = p.backgroundIndex();
  return o;
}

// A patch the Slides page cut (the project's slide-patches/<slide>/<stem>.png) is exchanged in its
// slide's level-0 coordinates, so that QuPath and ASAP show it on the slide; others in mask pixels.
arml::data::ExchangeOptions exchangeOptionsFor(const Project& p, const QString& stem, cv::Size maskSize) {
  arml::data::ExchangeOptions o = exchangeOptions(p);
  const int marker = stem.lastIndexOf(QStringLiteral("_x"));
  if (!p.isValid() || marker <= 0) return o;
  const QString relative = QStringLiteral("slide-patches/") + stem.left(marker) + QLatin1Char('/') + stem + QStringLiteral(".png");
  if (!QFileInfo::exists(QDir(p.folder()).filePath(relative))) return o;
  if (const auto placed = arml::data::parseSlidePatchImage(relative.toStdString()))
    arml::data::mapToLevel0(o, *placed, maskSize, stem.toStdString());
  return o;
}
}  // namespace

bool ReviewPage::isPatchOpen(const QString& stem) const { return session_->isOpen() && session_->stem() == stem; }

bool ReviewPage::hasUnsavedCorrection() const { return session_->isModified(); }

void ReviewPage::focusCanvas() { canvas_->setFocus(); }

ReviewPage::ReviewPage(QWidget* parent) : QWidget(parent), session_(new MaskEditSession(this)) {
  auto* layout = new QHBoxLayout(this);
  // The review queue, the single list of the project's patches, on the left.
  queue_ = new ReviewQueueController(this);
  connect(this, &ReviewPage::correctionSaved, queue_, &ReviewQueueController::correctionSaved);
  layout->addWidget(queue_->view());

  canvas_ = new MaskCanvas;
  canvas_->setObjectName(QStringLiteral("maskCanvas"));
  auto* centre = new QVBoxLayout;
  centre->addLayout(buildToolRow());
  centre->addLayout(buildPaintRow());
  // The mask canvas and, in a second tab, the CAM comparison of the same patch.
  auto* views = new QTabWidget;
  views->setObjectName(QStringLiteral("reviewViews"));
  camCompare_ = new CamComparePage;
  views->addTab(canvas_, tr("Mask"));
  views->addTab(camCompare_, tr("Compare CAMs"));
  centre->addWidget(views, 1);
  centre->addLayout(buildActionRow());
  layout->addLayout(centre, 1);
  canvas_->setModel(session_->model(), session_->undoStack());

  connect(session_, &MaskEditSession::journalError, this, [this](const QString& m) { status_->setText(tr("Journal: %1").arg(m)); });
  connect(session_, &MaskEditSession::modifiedChanged, this, [this](bool m) {
    status_->setText(m ? tr("Unsaved corrections (journalled)") : tr("Saved"));
  });
  setProject(Project());
}

// A key of the page, wherever the focus is on it (the queue, a combo box, the canvas) except in a
// text or number field, which takes the key as typed. Named as its button ("Brush (B)" -> "Brush"),
// so that Help › Keyboard Shortcuts lists one meaning per key.
void ReviewPage::addPageKey(const QString& buttonText, Qt::Key key, const std::function<void()>& slot) {
  static const QRegularExpression keySuffix(QStringLiteral("\\s*[(（][^()（）]*[)）]$"));
  QString name = buttonText;
  name.remove(keySuffix);
  auto* action = new QAction(name, this);
  action->setShortcut(QKeySequence(key));
  action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(action, &QAction::triggered, this, slot);
  addAction(action);
  pageKeys_.push_back(action);
}

// The tools as icons (QuPath's and ASAP's habit), their key in the tooltip, the active one checked;
// beside them how the mask is shown, so that neither row is wider than a 1366-px screen leaves.
QHBoxLayout* ReviewPage::buildToolRow() {
  struct ToolButton {
    QString label;
    const char* icon;
    MaskTool tool;
    Qt::Key key;
  };
  const ToolButton toolButtons[] = {
      {tr("Brush (B)"), ":/icons/brush.svg", MaskTool::Brush, Qt::Key_B},
      {tr("Eraser (E)"), ":/icons/eraser.svg", MaskTool::Eraser, Qt::Key_E},
      {tr("Polygon (P)"), ":/icons/polygon.svg", MaskTool::Polygon, Qt::Key_P},
      {tr("Bucket (G)"), ":/icons/fill.svg", MaskTool::Bucket, Qt::Key_G},
      {tr("Relabel (R)"), ":/icons/relabel.svg", MaskTool::Relabel, Qt::Key_R},
      {tr("Pick (I)"), ":/icons/picker.svg", MaskTool::Picker, Qt::Key_I}};
  auto* tools = new QHBoxLayout;
  for (const auto& [label, icon, tool, key] : toolButtons) {
    addPageKey(label, key, [this, t = tool] { canvas_->setTool(t); });
    auto* b = new QToolButton;
    b->setText(label);
    b->setIcon(widgets::tintedIcon(QString::fromLatin1(icon)));
    b->setIconSize(QSize(22, 22));
    b->setToolButtonStyle(Qt::ToolButtonIconOnly);
    b->setToolTip(label);
    b->setAccessibleName(label);
    b->setAutoRaise(true);
    b->setCheckable(true);
    b->setAutoExclusive(true);
    b->setChecked(tool == MaskTool::Brush);
    connect(b, &QToolButton::clicked, canvas_, [this, t = tool] { canvas_->setTool(t); });
    connect(canvas_, &MaskCanvas::toolChanged, b, [b, t = tool](MaskTool now) { if (now == t) b->setChecked(true); });
    tools->addWidget(b);
  }
  tools->addSpacing(16);
  auto* overlay = new QCheckBox(tr("Show overlay (O)"));
  overlay->setChecked(true);
  addPageKey(overlay->text(), Qt::Key_O, [this] { canvas_->setOverlayVisible(!canvas_->overlayVisible()); });
  opacity_ = new QSlider(Qt::Horizontal);
  opacity_->setRange(0, 100);
  opacity_->setValue(50);
  opacity_->setMinimumWidth(80);
  opacity_->setMaximumWidth(160);
  tools->addWidget(overlay);
  tools->addWidget(opacity_);
  tools->addStretch(1);
  connect(opacity_, &QSlider::valueChanged, canvas_, [this](int v) { canvas_->setOverlayOpacity(v / 100.0); });
  connect(overlay, &QCheckBox::toggled, canvas_, &MaskCanvas::setOverlayVisible);
  connect(canvas_, &MaskCanvas::overlayVisibleChanged, overlay, &QCheckBox::setChecked);
  return tools;
}

// What the tools paint: the class, the classes it may paint over, the brush size.
QHBoxLayout* ReviewPage::buildPaintRow() {
  auto* paint = new QHBoxLayout;
  classCombo_ = new QComboBox;
  classCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  paint->addWidget(new QLabel(tr("Class")));
  paint->addWidget(classCombo_);
  onlyOverCombo_ = new QComboBox;
  onlyOverCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  paint->addWidget(new QLabel(tr("Only over")));
  paint->addWidget(onlyOverCombo_);
  brushSpin_ = new QSpinBox;
  brushSpin_->setRange(1, 512);
  brushSpin_->setValue(canvas_->brushSize());
  brushSpin_->setSuffix(tr(" px"));
  paint->addWidget(new QLabel(tr("Size")));
  paint->addWidget(brushSpin_);
  paint->addStretch(1);
  connect(classCombo_, &QComboBox::currentIndexChanged, canvas_, &MaskCanvas::setCurrentClass);
  connect(canvas_, &MaskCanvas::currentClassChanged, classCombo_, &QComboBox::setCurrentIndex);
  connect(onlyOverCombo_, &QComboBox::currentIndexChanged, canvas_, [this](int i) { canvas_->setOnlyOver(i - 1); });
  connect(brushSpin_, &QSpinBox::valueChanged, canvas_, &MaskCanvas::setBrushSize);
  connect(canvas_, &MaskCanvas::brushSizeChanged, brushSpin_, &QSpinBox::setValue);
  return paint;
}

// Undo, redo, save, exchange with QuPath / ASAP, and the correction's state.
QHBoxLayout* ReviewPage::buildActionRow() {
  auto* actions = new QHBoxLayout;
  auto* undo = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/undo.svg")), tr("Undo"));
  auto* redo = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/redo.svg")), tr("Redo"));
  undo->setToolTip(tr("Undo the last correction (Ctrl+Z)"));
  redo->setToolTip(tr("Redo (Ctrl+Shift+Z)"));
  auto* saveButton = new QPushButton(tr("Save correction"));
  auto* exportButton = new QPushButton(tr("Export…"));
  auto* importButton = new QPushButton(tr("Import…"));
  auto* exportAllButton = new QPushButton(tr("Export all corrections…"));
  exportAllButton->setObjectName(QStringLiteral("exportAllCorrections"));
  exportAllButton->setToolTip(tr("Every saved correction of the project as PNG, GeoJSON and ASAP XML into a folder"));
  status_ = new QLabel;
  for (QWidget* w : {static_cast<QWidget*>(undo), static_cast<QWidget*>(redo), static_cast<QWidget*>(saveButton),
                     static_cast<QWidget*>(exportButton), static_cast<QWidget*>(importButton),
                     static_cast<QWidget*>(exportAllButton)})
    actions->addWidget(w);
  actions->addWidget(status_, 1);
  connect(undo, &QPushButton::clicked, canvas_, &MaskCanvas::undo);
  connect(redo, &QPushButton::clicked, canvas_, &MaskCanvas::redo);
  connect(saveButton, &QPushButton::clicked, this, &ReviewPage::save);
  connect(exportButton, &QPushButton::clicked, this, &ReviewPage::exportAnnotations);
  connect(importButton, &QPushButton::clicked, this, &ReviewPage::importAnnotations);
  connect(exportAllButton, &QPushButton::clicked, this, [this] { CorrectionBatchExport::ask(this, project_); });
  return actions;
}

void ReviewPage::clearPatch() {
  session_->clear();
  canvas_->setImage(QImage());
  camCompare_->setPatch(QString(), QString());
  currentMask_.clear();
  currentStem_.clear();
  status_->clear();
}

void ReviewPage::setProject(const Project& project) {
  // Another project (or none): nothing of the previous one stays on the canvas, in Compare CAMs
  // or in the session a save would write through. The same project again (its classes edited)
  // keeps the open patch; the queue reopens it below.
  const bool otherProject = project.folder() != project_.folder() || project.isValid() != project_.isValid();
  if (otherProject) {
    clearPatch();
    // Checkpoints chosen for the previous project's runs are not this project's.
    camCompare_->setArsClassifier(QString());
    camCompare_->setBaseline(QString());
    camCompare_->setSegmenter(QString());
  }
  project_ = project;
  const QVector<TissueClass> classes = project.isValid() ? project.classes() : Project::defaultClasses();
  QVector<QColor> colours;
  QVector<QKeySequence> keys;
  classCombo_->blockSignals(true);
  onlyOverCombo_->blockSignals(true);
  classCombo_->clear();
  onlyOverCombo_->clear();
  onlyOverCombo_->addItem(tr("any class"));
  for (const TissueClass& c : classes) {
    colours.append(c.colour);
    keys.append(QKeySequence(c.hotkey));
    QPixmap swatch(12, 12);
    swatch.fill(c.colour);
    classCombo_->addItem(QIcon(swatch), c.hotkey.isEmpty() ? c.displayName() : QStringLiteral("%1 (%2)").arg(c.displayName(), c.hotkey));
    onlyOverCombo_->addItem(QIcon(swatch), c.displayName());
  }
  classCombo_->setCurrentIndex(canvas_->currentClass());
  classCombo_->blockSignals(false);
  onlyOverCombo_->blockSignals(false);
  canvas_->setClassColours(colours);
  canvas_->setClassHotkeys(keys);
  // A class hotkey that is also a tool key picks the class, as it always did on the canvas.
  for (QAction* a : pageKeys_) a->setEnabled(!keys.contains(a->shortcut()));
  canvas_->setBackgroundClass(project.isValid() ? project.backgroundIndex() : 4);
  queue_->setProject(project);
  camCompare_->setProject(project);
  // The demo opens on its CAMs beside the pseudo masks, computed at once (issue #15).
  if (otherProject && isDemoDataset(project.datasetPath()) && !camCompare_->controller()->checkpoints().arsClassifier.isEmpty())
    findChild<QTabWidget*>(QStringLiteral("reviewViews"))->setCurrentWidget(camCompare_);
}

bool ReviewPage::confirmDiscard() {
  // Unsaved strokes are in the journal and come back on the next open, so switching never loses them.
  return true;
}

QString ReviewPage::findImageFor(const QString& stem) const {
  if (!project_.isValid() || project_.datasetPath().isEmpty()) return {};
  // Name filters are wildcards: LUAD-HistoSeg stems such as "x-[1 0 0 1]" need their '[' escaped.
  const QString name = QString(stem).replace(QLatin1Char('['), QStringLiteral("[[]"));
  QDirIterator it(project_.datasetPath(), {name + ".png", name + ".jpg", name + ".tif", name + ".jpeg"}, QDir::Files,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString p = it.next();
    // The image, not a mask folder's copy (mask/, train_mask/, background-mask/).
    if (!QFileInfo(p).dir().dirName().contains(QStringLiteral("mask"), Qt::CaseInsensitive)) return p;
  }
  return {};
}

bool ReviewPage::openMask(const QString& maskPath) {
  const QString stem = QFileInfo(maskPath).completeBaseName();
  return openPatch(stem, maskPath, findImageFor(stem));
}

bool ReviewPage::openPatch(const QString& stem, const QString& maskPath, const QString& imagePath) {
  if (!confirmDiscard()) return false;
  const QString edits = project_.isValid() ? project_.editsDir() : QFileInfo(maskPath).absolutePath() + "/edits";
  session_->setProjectRoot(project_.isValid() ? project_.folder() : QString());
  session_->setEditor(reviewerName());
  const QImage image(imagePath);
  QString error;
  bool opened;
  if (maskPath.isEmpty()) {
    QVector<std::array<quint8, 3>> palette;
    for (const TissueClass& c : project_.isValid() ? project_.classes() : Project::defaultClasses())
      palette.append({static_cast<quint8>(c.colour.red()), static_cast<quint8>(c.colour.green()),
                      static_cast<quint8>(c.colour.blue())});
    opened = session_->openBlank(edits, stem, image.size(), static_cast<quint8>(canvas_->backgroundClass()), palette, &error);
  } else {
    opened = session_->open(edits, maskPath, &error, stem);
  }
  if (!opened) {
    // Nothing of the previous patch stays on the canvas to be painted on and saved under this name.
    clearPatch();
    status_->setText(tr("Cannot open %1: %2").arg(maskPath.isEmpty() ? imagePath : maskPath, error));
    return false;
  }
  currentMask_ = maskPath;
  currentStem_ = stem;
  canvas_->setImage(image);
  camCompare_->setPatch(imagePath, maskPath, session_->editPngPath());  // the saved correction when there is one
  if (session_->recoveredRecords() > 0) {
    status_->setText(tr("Recovered %n unsaved change(s) from the journal", nullptr, session_->recoveredRecords()));
  } else if (QFileInfo::exists(session_->editPngPath())) {
    // A correction belongs to the patch whichever mask set is shown: say when it was made from
    // another set's mask.
    const QString source = MaskEditSession::readProvenance(session_->provenancePath()).sourceMask;
    const QString madeFrom = source.isEmpty() ? QString() : QFileInfo(source).absolutePath();
    const bool otherSet = !madeFrom.isEmpty() && !maskPath.isEmpty() && madeFrom != QFileInfo(maskPath).absolutePath();
    const QString shown = project_.isValid() ? QDir(project_.folder()).relativeFilePath(madeFrom) : madeFrom;
    status_->setText(otherSet ? tr("Editing the saved correction, made from the masks in %1").arg(QDir::toNativeSeparators(shown))
                              : tr("Editing the saved correction"));
  } else {
    status_->setText(maskPath.isEmpty() ? tr("No generated mask: starting from the background") : tr("Generated mask"));
  }
  return true;
}

bool ReviewPage::save() {
  if (!session_->isOpen()) {
    status_->setText(tr("No patch is open: nothing to save."));
    return false;
  }
  // A correction is written only into the project its patch was opened from.
  const QString openRoot = project_.isValid() ? project_.folder() : QString();
  if (session_->projectRoot() != openRoot) {
    status_->setText(tr("Not saved: this patch belongs to %1, not to the open project %2.")
                         .arg(QDir::toNativeSeparators(session_->projectRoot()), QDir::toNativeSeparators(openRoot)));
    return false;
  }
  QString error;
  if (!session_->save(&error)) {
    status_->setText(tr("Save failed: %1").arg(error));
    return false;
  }
  camCompare_->refreshCorrection();
  Q_EMIT correctionSaved(currentStem_);
  return true;
}

void ReviewPage::exportAnnotations() {
  if (!session_->isOpen()) return;
  QString filter;
  const QString start = project_.isValid() ? QDir(project_.folder()).filePath(currentStem_ + QStringLiteral(".geojson")) : QString();
  const QString path = ProjectFileDialogs::getSaveFileName(
      this, tr("Export mask"), start.isEmpty() ? currentStem_ + QStringLiteral(".geojson") : start,
      tr("GeoJSON for QuPath (*.geojson);;ASAP XML (*.xml);;Palette PNG (*.png)"), &filter);
  if (path.isEmpty()) return;
  const MaskModel* m = session_->model();
  const cv::Mat indices(m->height(), m->width(), CV_8UC1, const_cast<quint8*>(m->constBits()));
  try {
    if (path.endsWith(".png", Qt::CaseInsensitive)) {
      arml::data::Palette palette;
      for (const TissueClass& c : project_.isValid() ? project_.classes() : Project::defaultClasses())
        palette.push_back({static_cast<std::uint8_t>(c.colour.red()), static_cast<std::uint8_t>(c.colour.green()),
                           static_cast<std::uint8_t>(c.colour.blue())});
      arml::data::writePalettePng(path.toStdString(), indices, palette);
      return;
    }
    const arml::data::ExchangeOptions options = exchangeOptionsFor(project_, currentStem_, indices.size());
    const std::string text = path.endsWith(".xml", Qt::CaseInsensitive) ? arml::data::maskToAsapXml(indices, options)
                                                                        : arml::data::maskToGeoJson(indices, options);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), static_cast<qint64>(text.size())) < 0 || !f.commit())
      throw std::runtime_error(f.errorString().toStdString());
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Export failed"), QString::fromUtf8(e.what()));
  }
}

void ReviewPage::importAnnotations() {
  if (!session_->isOpen()) return;
  const QString path = ProjectFileDialogs::getOpenFileName(this, tr("Import mask"), project_.isValid() ? project_.folder() : QString(),
                                                    tr("Annotations (*.geojson *.json *.xml *.png)"));
  if (path.isEmpty()) return;
  MaskModel* m = session_->model();
  try {
    cv::Mat mask;
    if (path.endsWith(".png", Qt::CaseInsensitive)) {
      mask = arml::data::readIndexMask(path.toStdString());
    } else {
      const std::string text = arml::data::readExchangeFile(path.toStdString());  // size-checked before reading
      const cv::Size size(m->width(), m->height());
      const arml::data::ExchangeOptions options = exchangeOptionsFor(project_, currentStem_, size);
      mask = path.endsWith(".xml", Qt::CaseInsensitive) ? arml::data::asapXmlToMask(text, size, options, path.toStdString())
                                                        : arml::data::geoJsonToMask(text, size, options, path.toStdString());
    }
    if (mask.cols != m->width() || mask.rows != m->height())
      throw std::runtime_error(tr("the mask size differs").toStdString());
    // One undoable stroke replacing the whole mask.
    m->touch(m->rect());
    for (int y = 0; y < mask.rows; ++y) std::memcpy(m->bits() + static_cast<qsizetype>(y) * m->width(), mask.ptr(y), mask.cols);
    auto changes = m->takeDelta();
    if (!changes.isEmpty()) {
      session_->undoStack()->push(std::make_unique<MaskStrokeCommand>(m, -1, std::move(changes), tr("Import")));
      session_->undoStack()->closeStroke();
    }
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Import failed"), QString::fromUtf8(e.what()));
  }
}

}  // namespace arml::ui
