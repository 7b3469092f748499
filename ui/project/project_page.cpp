#include "ui/project/project_page.h"

#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QColorDialog>
#include <QCoreApplication>
#include <QStackedWidget>
#include <QTableWidget>
#include <QGridLayout>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/project/dataset_problem_text.h"
#include "ui/project/initial_weights_dialog.h"
#include "ui/project/project.h"
#include "widgets/tinted_icon.h"

namespace arml::ui {

ProjectPage::ProjectPage(QWidget* parent) : QWidget(parent) {
  stack_ = new QStackedWidget(this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(stack_);
  stack_->addWidget(buildEmptyState());
  stack_->addWidget(buildOpenState());

  connect(&inspector_, &DatasetInspector::finished, this, &ProjectPage::showSummary);
  connect(&sampleLoader_, &QFutureWatcher<QVector<QImage>>::finished, this, &ProjectPage::showSamples);
  refreshRecent();
}

// Empty state: what to do first.
QWidget* ProjectPage::buildEmptyState() {
  auto* empty = new QWidget;
  auto* emptyLayout = new QVBoxLayout(empty);
  emptyLayout->addStretch(1);
  auto* welcome = new QLabel(tr("<h2>No project open</h2>"
                                "<p>A project keeps a dataset, your training runs, generated pseudo masks and "
                                "corrected masks together in one folder.</p>"));
  welcome->setAlignment(Qt::AlignCenter);
  welcome->setWordWrap(true);
  emptyLayout->addWidget(welcome);
  auto* newButton = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/new-project.svg")), tr("&New project…"));
  newButton->setObjectName(QStringLiteral("newProject"));
  auto* openButton = new QPushButton(widgets::tintedIcon(QStringLiteral(":/icons/project.svg")), tr("&Open project…"));
  openButton->setObjectName(QStringLiteral("openProject"));
  for (QPushButton* b : {newButton, openButton}) b->setMinimumSize(180, 40);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(newButton);
  buttons->addWidget(openButton);
  buttons->addStretch(1);
  emptyLayout->addLayout(buttons);
  auto* recentTitle = new QLabel(tr("Recent projects"));
  recentTitle->setAlignment(Qt::AlignCenter);
  emptyLayout->addSpacing(20);
  emptyLayout->addWidget(recentTitle);
  recentList_ = new QListWidget;
  recentList_->setObjectName(QStringLiteral("recentProjects"));
  recentList_->setMaximumWidth(520);
  recentList_->setMaximumHeight(180);
  auto* recentRow = new QHBoxLayout;
  recentRow->addStretch(1);
  recentRow->addWidget(recentList_, 3);
  recentRow->addStretch(1);
  emptyLayout->addLayout(recentRow);
  auto* hint = new QLabel(tr("You can also start a job on the Training page without a project."));
  hint->setAlignment(Qt::AlignCenter);
  hint->setStyleSheet(QStringLiteral("color: gray;"));
  emptyLayout->addWidget(hint);
  emptyLayout->addStretch(2);
  connect(newButton, &QPushButton::clicked, this, &ProjectPage::newProjectRequested);
  connect(openButton, &QPushButton::clicked, this, &ProjectPage::openProjectRequested);
  connect(recentList_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { Q_EMIT openRecentRequested(item->data(Qt::UserRole).toString()); });
  return empty;
}

// An open project: everything in a scroll area so that nothing is clipped on small screens.
QWidget* ProjectPage::buildOpenState() {
  auto* open = new QWidget;
  auto* openLayout = new QVBoxLayout(open);
  titleLabel_ = new QLabel;
  titleLabel_->setObjectName(QStringLiteral("projectTitle"));
  folderLabel_ = new QLabel;
  folderLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  openLayout->addWidget(titleLabel_);
  openLayout->addWidget(folderLabel_);

  openLayout->addWidget(buildDatasetBox());
  openLayout->addWidget(buildClassBox());
  samplesBox_ = new QGroupBox(tr("Sample training patches"));
  samplesGrid_ = new QGridLayout(samplesBox_);
  samplesGrid_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  openLayout->addWidget(samplesBox_);
  openLayout->addStretch(1);
  openScroll_ = new QScrollArea;
  openScroll_->setWidget(open);
  openScroll_->setWidgetResizable(true);
  openScroll_->setFrameShape(QFrame::NoFrame);
  return openScroll_;
}

QWidget* ProjectPage::buildDatasetBox() {
  auto* datasetBox = new QGroupBox(tr("Dataset"));
  auto* datasetLayout = new QVBoxLayout(datasetBox);
  auto* datasetRow = new QHBoxLayout;
  datasetLabel_ = new QLabel;
  datasetLabel_->setObjectName(QStringLiteral("datasetPath"));
  datasetLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  datasetLabel_->setWordWrap(true);
  auto* changeButton = new QPushButton(tr("Change…"));
  changeButton->setObjectName(QStringLiteral("changeDataset"));
  connect(changeButton, &QPushButton::clicked, this, &ProjectPage::changeDatasetRequested);
  auto* weightsButton = new QPushButton(tr("ImageNet weights…"));
  weightsButton->setObjectName(QStringLiteral("initialWeights"));
  weightsButton->setToolTip(tr("The initial weights the paper preset needs for real data: where to get them, and their import"));
  connect(weightsButton, &QPushButton::clicked, this, [this] {
    InitialWeightsDialog dialog(project_ ? project_->folder() : QString(), this);
    dialog.exec();
  });
  datasetRow->addWidget(datasetLabel_, 1);
  datasetRow->addWidget(changeButton);
  datasetRow->addWidget(weightsButton);
  datasetLayout->addLayout(datasetRow);
  summaryLabel_ = new QLabel;
  summaryLabel_->setObjectName(QStringLiteral("datasetSummary"));
  summaryLabel_->setWordWrap(true);
  summaryLabel_->setTextFormat(Qt::RichText);
  datasetLayout->addWidget(summaryLabel_);
  problemsLabel_ = new QLabel;
  problemsLabel_->setObjectName(QStringLiteral("datasetProblems"));
  problemsLabel_->setWordWrap(true);
  problemsLabel_->setTextFormat(Qt::RichText);
  problemsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  problemsLabel_->hide();
  datasetLayout->addWidget(problemsLabel_);
  return datasetBox;
}

QWidget* ProjectPage::buildClassBox() {
  auto* classBox = new QGroupBox(tr("Tissue classes"));
  auto* classLayout = new QVBoxLayout(classBox);
  classTable_ = new QTableWidget(0, 7);
  classTable_->setObjectName(QStringLiteral("classTable"));
  classTable_->setHorizontalHeaderLabels(
      {tr("Index"), tr("Colour"), tr("Name"), tr("Hotkey"), tr("Training patches"), tr("Val masks"), tr("Test masks")});
  classTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  classTable_->verticalHeader()->hide();
  classTable_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  classTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  classTable_->setToolTip(tr("Double-click a colour to change it; names and hotkeys can be edited."));
  // As large as its contents (every row, every column), no larger: the page scrolls instead.
  classTable_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
  classTable_->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
  classTable_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  classTable_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  connect(classTable_, &QTableWidget::cellChanged, this, &ProjectPage::onClassItemChanged);
  connect(classTable_, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
    if (column == ColourColumn) editColour(row);
  });
  classLayout->addWidget(classTable_, 0, Qt::AlignLeft);
  return classBox;
}

void ProjectPage::refreshRecent() {
  recentList_->clear();
  for (const QString& folder : recentProjects()) {
    auto* item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(QFileInfo(folder).fileName(), QDir::toNativeSeparators(folder)));
    item->setData(Qt::UserRole, folder);
    recentList_->addItem(item);
  }
  if (recentList_->count() == 0) {
    auto* item = new QListWidgetItem(tr("(none yet)"));
    item->setFlags(Qt::NoItemFlags);
    recentList_->addItem(item);
  }
}

namespace {
QString countText(const QVector<int>& counts, int index, bool present) {
  if (!present || index >= counts.size()) return QStringLiteral("–");
  return QString::number(counts[index]);
}

QTableWidgetItem* readOnlyItem(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  return item;
}

// A class's colour as a swatch: the background is the colour, the text readable on it.
void paintSwatch(QTableWidgetItem* item, const QColor& colour) {
  item->setText(colour.name());
  item->setBackground(colour);
  item->setForeground(colour.lightness() > 140 ? Qt::black : Qt::white);
}
}  // namespace

void ProjectPage::setProject(const Project* project) {
  project_ = project;
  summaryReady_ = false;
  summary_ = DatasetSummary();
  if (!project_ || !project_->isValid()) {
    refreshRecent();
    stack_->setCurrentIndex(0);
    return;
  }
  stack_->setCurrentIndex(1);
  titleLabel_->setText(QStringLiteral("<h2>%1</h2>").arg(project_->name().toHtmlEscaped()));
  folderLabel_->setText(tr("Folder: %1").arg(QDir::toNativeSeparators(project_->folder())));
  const QString dataset = project_->datasetPath();
  datasetLabel_->setText(dataset.isEmpty() ? tr("No dataset chosen yet.") : QDir::toNativeSeparators(dataset));
  summaryLabel_->setText(dataset.isEmpty() ? tr("Choose a dataset folder to see its layout, classes and patches.")
                                           : tr("Reading the dataset…"));
  problemsLabel_->hide();
  sampleLoader_.cancel();
  while (QLayoutItem* item = samplesGrid_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  samplesBox_->hide();
  refreshClasses();
  if (!dataset.isEmpty()) inspector_.inspect(dataset);
}

void ProjectPage::refreshClasses() {
  if (!project_ || !project_->isValid()) return;
  const QSignalBlocker block(classTable_);
  fillingTable_ = true;
  // An unreadable dataset has no classes to show: an empty table rather than the previous one's.
  static const QVector<TissueClass> none;
  const bool unreadable = summaryReady_ && !summary_.isValid();
  const auto& classes = unreadable ? none : project_->classes();
  const bool counts = summaryReady_ && summary_.isValid();
  classTable_->setRowCount(classes.size());
  for (int i = 0; i < classes.size(); ++i) {
    const bool background = i == project_->backgroundIndex();
    classTable_->setItem(i, IndexColumn, readOnlyItem(QString::number(i)));
    auto* colour = readOnlyItem(QString());
    paintSwatch(colour, classes[i].colour);
    classTable_->setItem(i, ColourColumn, colour);
    classTable_->setItem(i, NameColumn, new QTableWidgetItem(classes[i].displayName()));
    classTable_->setItem(i, HotkeyColumn, new QTableWidgetItem(classes[i].hotkey));
    classTable_->setItem(i, TrainColumn, readOnlyItem(background ? QStringLiteral("–") : countText(summary_.train.perClass, i, counts && summary_.train.present)));
    classTable_->setItem(i, ValColumn, readOnlyItem(countText(summary_.val.perClass, i, counts && summary_.val.present)));
    classTable_->setItem(i, TestColumn, readOnlyItem(countText(summary_.test.perClass, i, counts && summary_.test.present)));
    for (int c : {TrainColumn, ValColumn, TestColumn}) classTable_->item(i, c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  }
  fillingTable_ = false;
  // Every row shown, also when the page is hidden (the size hint of a hidden table is not its content's).
  classTable_->setFixedHeight(classTable_->horizontalHeader()->sizeHint().height() +
                              classTable_->verticalHeader()->defaultSectionSize() * classTable_->rowCount() +
                              2 * classTable_->frameWidth());
  classTable_->updateGeometry();
  relayoutOpenPage();
}

// Layouts of a hidden page are not activated when its contents change size, and the scroll area
// then keeps the page at its old height (the class table came out clipped): redo it when shown.
void ProjectPage::relayoutOpenPage() {
  QCoreApplication::postEvent(openScroll_, new QEvent(QEvent::LayoutRequest));
}

void ProjectPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (QLayout* l = openScroll_->widget()->layout()) l->activate();
  relayoutOpenPage();
}

void ProjectPage::onClassItemChanged(int row, int column) {
  if (fillingTable_ || !project_ || row >= project_->classes().size()) return;
  if (column != NameColumn && column != HotkeyColumn) return;
  QVector<TissueClass> classes = project_->classes();
  const QString text = classTable_->item(row, column)->text().trimmed();
  // The translated standard name shown in the cell is not a rename.
  if (column == NameColumn && !text.isEmpty() && text != classes[row].displayName()) classes[row].name = text;
  if (column == HotkeyColumn) classes[row].hotkey = text;
  // Queued: the owner rebuilds the table, which must not happen inside the item's own setData().
  QMetaObject::invokeMethod(this, [this, classes] { Q_EMIT classesEdited(classes); }, Qt::QueuedConnection);
}

void ProjectPage::editColour(int row) {
  if (!project_ || row >= project_->classes().size()) return;
  QVector<TissueClass> classes = project_->classes();
  const QColor colour = QColorDialog::getColor(classes[row].colour, this, tr("Colour of %1").arg(classes[row].displayName()));
  if (!colour.isValid() || colour == classes[row].colour) return;
  classes[row].colour = colour;
  Q_EMIT classesEdited(classes);
}

void ProjectPage::showSummary(const DatasetSummary& s) {
  if (!project_ || QDir::cleanPath(s.root) != QDir::cleanPath(project_->datasetPath())) return;  // a stale result
  summary_ = s;
  summaryReady_ = true;
  if (!s.isValid()) {  // told in the app's words; the classes of the previous dataset are not this one's
    summaryLabel_->setText(QStringLiteral("<span style=\"color:#b00020\">%1</span>")
                               .arg(datasetErrorInAppWords(s.error, s.root).toHtmlEscaped()));
    refreshClasses();
    return;
  }
  // The owner adopts the detected classes into the project (and calls refreshClasses()).
  Q_EMIT datasetInspected(s);
  const auto split = [&](const DatasetSplitCounts& c, const QString& what) {
    if (!c.present) return tr("none");
    QString text = what.arg(c.images);
    if (c.hasBackgroundMasks) text += tr(" (with background masks)");
    return text;
  };
  summaryLabel_->setText(tr("Layout: <b>%1</b> · %2 tissue classes + background (index %3)<br>"
                            "Training: %4 &nbsp;·&nbsp; validation: %5 &nbsp;·&nbsp; test: %6")
                             .arg(s.layout.toHtmlEscaped())
                             .arg(s.tissueCount())
                             .arg(s.backgroundIndex)
                             .arg(split(s.train, tr("%1 labelled patches")), split(s.val, tr("%1 image/mask pairs")),
                                  split(s.test, tr("%1 image/mask pairs"))));
  if (!s.problems.isEmpty()) {
    QString html = tr("<b>%n problem(s):</b>", nullptr, int(s.problems.size())) + QStringLiteral("<ul style=\"margin:0\">");
    for (int i = 0; i < s.problems.size() && i < 8; ++i) html += QStringLiteral("<li>%1</li>").arg(s.problems[i].toHtmlEscaped());
    if (s.problems.size() > 8) html += QStringLiteral("<li>%1</li>").arg(tr("… and %n more", nullptr, int(s.problems.size() - 8)));
    problemsLabel_->setText(QStringLiteral("<span style=\"color:#b00020\">%1</ul></span>").arg(html));
    problemsLabel_->show();
  }
  refreshClasses();
  QStringList paths;
  for (const DatasetSample& sample : s.samples) paths << sample.image;
  sampleLoader_.setFuture(QtConcurrent::run([paths] {
    QVector<QImage> images;
    for (const QString& path : paths) {
      const QImage image(path);
      images << (image.isNull() ? image : image.scaled(120, 120, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    }
    return images;
  }));
}

void ProjectPage::showSamples() {
  if (!project_ || sampleLoader_.isCanceled()) return;
  const QVector<QImage> images = sampleLoader_.result();
  if (images.size() != summary_.samples.size()) return;  // a stale result
  const auto& classes = project_->classes();
  constexpr int kColumns = 4;
  int shown = 0;
  for (int i = 0; i < images.size(); ++i) {
    const DatasetSample& sample = summary_.samples[i];
    auto* tile = new QWidget;
    tile->setObjectName(QStringLiteral("sampleTile"));
    auto* tileLayout = new QVBoxLayout(tile);
    tileLayout->setContentsMargins(2, 2, 2, 2);
    auto* picture = new QLabel;
    picture->setFixedSize(120, 120);
    picture->setAlignment(Qt::AlignCenter);
    if (images[i].isNull()) picture->setText(tr("(unreadable)"));
    else picture->setPixmap(QPixmap::fromImage(images[i]));
    QStringList chips, names;
    for (int c = 0; c < sample.label.size() && c < classes.size(); ++c) {
      if (!sample.label[c]) continue;
      const QString abbreviation = summary_.abbreviations.value(c, QString::number(c));
      chips << QStringLiteral("<span style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;</span>&nbsp;%2")
                   .arg(classes[c].colour.name(), abbreviation.toHtmlEscaped());
      names << classes[c].displayName();
    }
    // Two chips per line, fixed size: tiles must not depend on height-for-width (word wrap), which
    // the scroll area does not honour and which squeezed captions onto the pictures.
    QStringList lines;
    for (int k = 0; k < chips.size(); k += 2) lines << chips.mid(k, 2).join(QStringLiteral("&nbsp; "));
    auto* caption = new QLabel(lines.isEmpty() ? tr("no class") : lines.join(QStringLiteral("<br>")));
    caption->setTextFormat(Qt::RichText);
    caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    caption->setFixedSize(120, 2 * caption->fontMetrics().lineSpacing() + 4);
    tile->setToolTip(QStringLiteral("%1\n%2").arg(QFileInfo(sample.image).fileName(), names.join(QStringLiteral(", "))));
    tileLayout->addWidget(picture);
    tileLayout->addWidget(caption);
    tile->setFixedSize(tileLayout->sizeHint());
    samplesGrid_->addWidget(tile, shown / kColumns, shown % kColumns);
    ++shown;
  }
  samplesBox_->setVisible(shown > 0);
  relayoutOpenPage();
}

int ProjectPage::sampleTileCount() const { return samplesGrid_->count(); }

}  // namespace arml::ui
