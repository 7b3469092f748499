#include "ui/project_page.h"

#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/project.h"

namespace arml::ui {

ProjectPage::ProjectPage(QWidget* parent) : QWidget(parent) {
  stack_ = new QStackedWidget(this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(stack_);

  // Empty state: what to do first.
  auto* empty = new QWidget;
  auto* emptyLayout = new QVBoxLayout(empty);
  emptyLayout->addStretch(1);
  auto* welcome = new QLabel(tr("<h2>No project open</h2>"
                                "<p>A project keeps a dataset, your training runs, generated pseudo masks and "
                                "corrected masks together in one folder.</p>"));
  welcome->setAlignment(Qt::AlignCenter);
  welcome->setWordWrap(true);
  emptyLayout->addWidget(welcome);
  auto* newButton = new QPushButton(tr("&New project…"));
  newButton->setObjectName(QStringLiteral("newProject"));
  auto* openButton = new QPushButton(tr("&Open project…"));
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
  stack_->addWidget(empty);
  connect(newButton, &QPushButton::clicked, this, &ProjectPage::newProjectRequested);
  connect(openButton, &QPushButton::clicked, this, &ProjectPage::openProjectRequested);
  connect(recentList_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { Q_EMIT openRecentRequested(item->data(Qt::UserRole).toString()); });

  // An open project.
  auto* open = new QWidget;
  auto* openLayout = new QVBoxLayout(open);
  titleLabel_ = new QLabel;
  titleLabel_->setObjectName(QStringLiteral("projectTitle"));
  folderLabel_ = new QLabel;
  folderLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  openLayout->addWidget(titleLabel_);
  openLayout->addWidget(folderLabel_);

  auto* datasetBox = new QGroupBox(tr("Dataset"));
  auto* datasetLayout = new QVBoxLayout(datasetBox);
  auto* datasetRow = new QHBoxLayout;
  datasetLabel_ = new QLabel;
  datasetLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  datasetLabel_->setWordWrap(true);
  auto* changeButton = new QPushButton(tr("Change…"));
  connect(changeButton, &QPushButton::clicked, this, &ProjectPage::changeDatasetRequested);
  datasetRow->addWidget(datasetLabel_, 1);
  datasetRow->addWidget(changeButton);
  datasetLayout->addLayout(datasetRow);
  summaryLabel_ = new QLabel;
  summaryLabel_->setObjectName(QStringLiteral("datasetSummary"));
  summaryLabel_->setWordWrap(true);
  summaryLabel_->setTextFormat(Qt::RichText);
  datasetLayout->addWidget(summaryLabel_);
  samplesLayout_ = new QHBoxLayout;
  samplesLayout_->setAlignment(Qt::AlignLeft);
  datasetLayout->addLayout(samplesLayout_);
  openLayout->addWidget(datasetBox);

  auto* classBox = new QGroupBox(tr("Tissue classes"));
  auto* classLayout = new QVBoxLayout(classBox);
  classTable_ = new QTableWidget(0, 4);
  classTable_->setHorizontalHeaderLabels({tr("Index"), tr("Name"), tr("Colour"), tr("Hotkey")});
  classTable_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  classTable_->verticalHeader()->hide();
  classTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  classTable_->setMaximumHeight(200);
  classLayout->addWidget(classTable_);
  openLayout->addWidget(classBox);
  openLayout->addStretch(1);
  stack_->addWidget(open);

  connect(&watcher_, &QFutureWatcher<DatasetSummary>::finished, this, [this] { showSummary(watcher_.result()); });
  refreshRecent();
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

void ProjectPage::setProject(const Project* project) {
  project_ = project;
  summaryReady_ = false;
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
  summaryLabel_->setText(dataset.isEmpty() ? QString() : tr("Reading the dataset…"));
  while (QLayoutItem* item = samplesLayout_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  const auto& classes = project_->classes();
  classTable_->setRowCount(classes.size());
  for (int i = 0; i < classes.size(); ++i) {
    classTable_->setItem(i, 0, new QTableWidgetItem(QString::number(i)));
    classTable_->setItem(i, 1, new QTableWidgetItem(classes[i].name));
    auto* colour = new QTableWidgetItem(classes[i].colour.name());
    colour->setBackground(classes[i].colour);
    colour->setForeground(classes[i].colour.lightness() > 140 ? Qt::black : Qt::white);
    classTable_->setItem(i, 2, colour);
    classTable_->setItem(i, 3, new QTableWidgetItem(classes[i].hotkey));
  }
  if (!dataset.isEmpty()) watcher_.setFuture(QtConcurrent::run([dataset] { return summarizeDataset(dataset); }));
}

void ProjectPage::showSummary(const DatasetSummary& s) {
  if (!project_ || s.root != project_->datasetPath()) return;  // a stale result
  summary_ = s;
  summaryReady_ = true;
  QString html;
  html += tr("Layout: <b>%1</b><br>").arg(s.layout);
  html += tr("Training patches: %1 &nbsp; · &nbsp; validation: %2 images / %3 masks &nbsp; · &nbsp; test: %4 images / %5 masks")
              .arg(s.train).arg(s.valImages).arg(s.valMasks).arg(s.testImages).arg(s.testMasks);
  if (!s.positives.isEmpty()) {
    QStringList parts;
    const auto& classes = project_->classes();
    for (int c = 0; c < s.positives.size(); ++c)
      parts << QStringLiteral("%1: %2").arg(c < classes.size() ? classes[c].name.toHtmlEscaped() : QString::number(c)).arg(s.positives[c]);
    html += QStringLiteral("<br>") + tr("Patches per label: %1").arg(parts.join(QStringLiteral(", ")));
  }
  for (const QString& p : s.problems) html += QStringLiteral("<br><span style=\"color:#b00020\">%1</span>").arg(p.toHtmlEscaped());
  summaryLabel_->setText(html);
  for (const QString& path : s.samples) {
    QPixmap pixmap(path);
    if (pixmap.isNull()) continue;
    auto* label = new QLabel;
    label->setPixmap(pixmap.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    label->setToolTip(QFileInfo(path).fileName());
    samplesLayout_->addWidget(label);
  }
}

}  // namespace arml::ui
