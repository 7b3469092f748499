#include "ui/slide_page.h"

#include <QCheckBox>
#include <QDialog>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "slide/slide_reader.h"
#include "widgets/slide_view.h"

namespace arml::ui {

SlidePage::SlidePage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("slidePage"));
  setAcceptDrops(true);
  auto* layout = new QVBoxLayout(this);

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

  message_ = new QLabel(this);
  message_->setObjectName(QStringLiteral("slideMessage"));
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  message_->hide();
  layout->addWidget(message_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  view_ = new widgets::SlideView(split);
  view_->setPlaceholderText(tr("No slide open. Open one with “Open slide…” or drop it here."));
  split->addWidget(view_);

  auto* side = new QWidget(split);
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
  og->addWidget(overlayCheck_);
  og->addLayout(opacityRow);
  og->addWidget(classBox_);
  sideLayout->addWidget(overlayGroup);

  sideLayout->addWidget(new QLabel(tr("Properties"), side));
  properties_ = new QTableWidget(0, 2, side);
  properties_->setObjectName(QStringLiteral("slideProperties"));
  properties_->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
  properties_->horizontalHeader()->setStretchLastSection(true);
  properties_->verticalHeader()->hide();
  properties_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  sideLayout->addWidget(properties_, 3);

  sideLayout->addWidget(new QLabel(tr("Associated images (double-click to view)"), side));
  associated_ = new QListWidget(side);
  associated_->setObjectName(QStringLiteral("associatedImages"));
  sideLayout->addWidget(associated_, 1);
  split->addWidget(side);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  layout->addWidget(split, 1);

  connect(openButton, &QPushButton::clicked, this, &SlidePage::chooseSlide);
  connect(overlayButton_, &QPushButton::clicked, this, &SlidePage::chooseOverlay);
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

void SlidePage::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? QStringLiteral("color: #b00020; font-weight: bold;") : QString());
  message_->setVisible(!text.isEmpty());
}

void SlidePage::chooseSlide() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open slide"), QString(),
      tr("Whole-slide images (*.svs *.tif *.tiff *.ndpi *.vms *.vmu *.scn *.mrxs *.svslide *.bif);;All files (*)"));
  if (!path.isEmpty()) openSlide(path);
}

void SlidePage::chooseOverlay() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open class-mask overlay"), QString(),
                                                    tr("Class-mask pyramids (*.tif *.tiff);;All files (*)"));
  if (!path.isEmpty()) openOverlay(path);
}

void SlidePage::openSlide(const QString& path) {
  showMessage(QString(), false);
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
  overlayCheck_->setEnabled(false);
  opacity_->setEnabled(false);
  rebuildClassChecks();

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
  overlayCheck_->setEnabled(true);
  overlayCheck_->setChecked(view_->overlayVisible());
  opacity_->setEnabled(true);
  rebuildClassChecks();
}

void SlidePage::rebuildClassChecks() {
  for (QCheckBox* c : classChecks_) delete c;
  classChecks_.clear();
  if (!view_->hasOverlay()) return;
  const auto& classes = view_->overlayClasses();
  for (int i = 0; i < classes.size(); ++i) {
    auto* check = new QCheckBox(classes[i].name, classBox_);
    QPixmap swatch(12, 12);
    swatch.fill(classes[i].colour);
    check->setIcon(QIcon(swatch));
    check->setChecked(classes[i].visible);
    connect(check, &QCheckBox::toggled, view_, [this, i](bool on) { view_->setClassVisible(i, on); });
    classLayout_->addWidget(check);
    classChecks_.push_back(check);
  }
}

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
