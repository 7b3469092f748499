#include "widgets/review_queue_view.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace arml::widgets {

using Order = ReviewQueueSource::Order;

ReviewQueueView::ReviewQueueView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  setMaximumWidth(460);
  addChooserRows(layout);
  addTable(layout);
  addFooter(layout);

  connect(order_, &QComboBox::currentIndexChanged, this, &ReviewQueueView::applyFilters);
  connect(state_, &QComboBox::currentIndexChanged, this, &ReviewQueueView::applyFilters);
  connect(class_, &QComboBox::currentIndexChanged, this, &ReviewQueueView::applyFilters);
  // Enter or leaving the field keeps the note (an unchanged note writes nothing).
  connect(note_, &QLineEdit::editingFinished, this, [this] { Q_EMIT noteEdited(note_->text()); });
  setScoresAvailable(false, false, tr("No scores yet: use Compute scores…"));
}

// The mask set, the order and the filters, a row each.
void ReviewQueueView::addChooserRows(QVBoxLayout* layout) {
  // Which generated masks are under review (a pseudo-mask job's or a pipeline's, by run).
  auto* setRow = new QHBoxLayout;
  maskSet_ = new QComboBox;
  maskSet_->setObjectName(QStringLiteral("reviewQueueMaskSet"));
  maskSet_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  maskSet_->setMinimumContentsLength(16);
  setRow->addWidget(new QLabel(tr("Masks")));
  setRow->addWidget(maskSet_, 1);
  layout->addLayout(setRow);
  connect(maskSet_, &QComboBox::activated, this, [this](int index) {
    const QString folder = maskSet_->itemData(index).toString();
    if (!folder.isEmpty()) Q_EMIT maskSetChosen(folder);
  });

  auto* orderRow = new QHBoxLayout;
  order_ = new QComboBox;
  order_->setObjectName(QStringLiteral("reviewQueueOrder"));
  order_->addItem(tr("File order"), static_cast<int>(Order::FileOrder));
  order_->addItem(tr("By class"), static_cast<int>(Order::ByClass));
  order_->addItem(tr("By relocalization change"), static_cast<int>(Order::ByRelocationChange));
  order_->addItem(tr("By peer disagreement"), static_cast<int>(Order::ByDisagreement));
  orderRow->addWidget(new QLabel(tr("Order")));
  orderRow->addWidget(order_, 1);
  computeScores_ = new QPushButton(tr("Compute scores…"));
  computeScores_->setToolTip(tr("Runs `arml review-scores`: how much relocalization changed each patch's CAM and "
                                "how much the two stage-2 peers disagree on it"));
  orderRow->addWidget(computeScores_);
  layout->addLayout(orderRow);

  auto* filterRow = new QHBoxLayout;
  state_ = new QComboBox;
  state_->setObjectName(QStringLiteral("reviewQueueStateFilter"));
  state_->addItem(tr("any state"), -1);  // the states follow in setSource()
  class_ = new QComboBox;
  class_->setObjectName(QStringLiteral("reviewQueueClassFilter"));
  class_->addItem(tr("any class"), -1);
  filterRow->addWidget(new QLabel(tr("Show")));
  filterRow->addWidget(state_, 1);
  filterRow->addWidget(class_, 1);
  layout->addLayout(filterRow);
}

// The job progress bar, the queue's table and the row of review actions under it.
void ReviewQueueView::addTable(QVBoxLayout* layout) {
  jobProgress_ = new QProgressBar;
  jobProgress_->setRange(0, 1000);
  jobProgress_->hide();
  layout->addWidget(jobProgress_);

  table_ = new QTableView;
  table_->setObjectName(QStringLiteral("reviewQueueTable"));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setWordWrap(false);
  // Names differ at their end (the stem's tail and the label vector "[1 0 0 1]"): keep the end.
  table_->setTextElideMode(Qt::ElideLeft);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  table_->setMinimumWidth(340);  // patch names stay readable when the labels above are short (Chinese)
  layout->addWidget(table_, 1);
  actionRow_ = new QHBoxLayout;
  layout->addLayout(actionRow_);
}

// The note, the progress through the queue, the key help, messages and the closing buttons.
void ReviewQueueView::addFooter(QVBoxLayout* layout) {
  auto* noteRow = new QHBoxLayout;
  note_ = new QLineEdit;
  note_->setObjectName(QStringLiteral("reviewQueueNote"));
  note_->setPlaceholderText(tr("Note on this patch (T), Enter keeps it"));
  note_->setClearButtonEnabled(true);
  noteRow->addWidget(new QLabel(tr("Note")));
  noteRow->addWidget(note_, 1);
  layout->addLayout(noteRow);

  progress_ = new QProgressBar;
  progress_->setTextVisible(false);
  progress_->setMaximumHeight(8);
  progressText_ = new QLabel;
  progressText_->setObjectName(QStringLiteral("reviewQueueProgress"));
  layout->addWidget(progress_);
  layout->addWidget(progressText_);

  keys_ = new QLabel;
  keys_->setWordWrap(true);
  keys_->setStyleSheet(QStringLiteral("color: palette(mid);"));
  layout->addWidget(keys_);
  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  message_->setObjectName(QStringLiteral("reviewQueueMessage"));
  layout->addWidget(message_);

  auto* buttons = new QVBoxLayout;
  summary_ = new QPushButton(tr("What reviewers changed…"));
  train_ = new QPushButton(tr("Train stage 2 on reviewed masks"));
  train_->setToolTip(tr("Prepares a stage-2 job on the Training page that trains on the corrected masks where "
                        "they exist and leaves out rejected patches"));
  buttons->addWidget(summary_);
  buttons->addWidget(train_);
  layout->addLayout(buttons);
}

void ReviewQueueView::addActionButton(QAction* action) {
  auto* button = new QToolButton;
  button->setDefaultAction(action);
  button->setToolButtonStyle(Qt::ToolButtonTextOnly);
  button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  const QString key = action->shortcut().toString(QKeySequence::NativeText);
  if (!key.isEmpty()) button->setToolTip(tr("%1 (%2)").arg(action->text(), key));
  actionRow_->addWidget(button);
}

void ReviewQueueView::setSource(ReviewQueueSource* source) {
  source_ = source;
  stemRole_ = source->stemRole();
  {
    const QSignalBlocker block(state_);
    const QVector<ReviewQueueSource::State> states = source->states();
    for (int s = 0; s < states.size(); ++s) {
      QPixmap dot(10, 10);
      dot.fill(states[s].colour);
      state_->addItem(QIcon(dot), states[s].text, s);
    }
  }
  const ReviewQueueSource::Columns columns = source->columns();
  table_->setModel(source->rows());
  QHeaderView* header = table_->horizontalHeader();
  header->setStretchLastSection(false);
  header->setSectionResizeMode(columns.stem, QHeaderView::Stretch);
  header->setSectionResizeMode(columns.note, QHeaderView::Interactive);
  table_->setColumnWidth(columns.classes, 64);
  table_->setColumnWidth(columns.state, 100);
  table_->setColumnWidth(columns.note, 70);
  table_->setColumnWidth(columns.score, 72);
  table_->setColumnHidden(columns.score, true);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
    if (showing_ || !current.isValid()) return;
    Q_EMIT stemActivated(current.data(stemRole_).toString());
  });
}

void ReviewQueueView::setClassNames(const QStringList& names) {
  const int selected = class_->currentData().toInt();
  class_->blockSignals(true);
  class_->clear();
  class_->addItem(tr("any class"), -1);
  for (int i = 0; i < names.size(); ++i) class_->addItem(names[i], i);
  class_->setCurrentIndex(std::max(0, class_->findData(selected)));
  class_->blockSignals(false);
  applyFilters();
}

void ReviewQueueView::setMaskSets(const QVector<MaskSet>& sets, const QString& current) {
  const QSignalBlocker block(maskSet_);
  maskSet_->clear();
  for (const MaskSet& set : sets) {
    maskSet_->addItem(set.name, set.path);
    maskSet_->setItemData(maskSet_->count() - 1, QDir::toNativeSeparators(set.path), Qt::ToolTipRole);
  }
  if (sets.isEmpty()) maskSet_->addItem(tr("no generated masks yet"), QString());
  // No set chosen (the only ones still being written): none is selected until the user picks one.
  maskSet_->setPlaceholderText(tr("choose the masks to review"));
  maskSet_->setCurrentIndex(sets.isEmpty() ? 0 : current.isEmpty() ? -1 : std::max(0, maskSet_->findData(current)));
  maskSet_->setEnabled(!sets.isEmpty());
  maskSet_->setToolTip(sets.isEmpty() ? tr("A pseudo-mask job or a pipeline writes the masks reviewed here")
                                      : tr("The generated masks under review; corrections and states belong to the "
                                           "patch and stay whichever set is shown"));
}

void ReviewQueueView::setScoresAvailable(bool relocation, bool disagreement, const QString& whyNot) {
  auto* items = qobject_cast<QStandardItemModel*>(order_->model());
  const std::pair<Order, bool> orders[] = {{Order::ByRelocationChange, relocation},
                                           {Order::ByDisagreement, disagreement}};
  for (const auto& [order, available] : orders) {
    QStandardItem* item = items->item(order_->findData(static_cast<int>(order)));
    item->setEnabled(available);
    item->setToolTip(available ? QString() : whyNot);
    if (!available && order_->currentData().toInt() == static_cast<int>(order)) order_->setCurrentIndex(0);
  }
}

void ReviewQueueView::applyFilters() {
  if (!source_) return;
  const auto order = static_cast<Order>(order_->currentData().toInt());
  source_->applyFilters(order, state_->currentData().toInt(), class_->currentData().toInt());
  // Ordered by a score: that score in a column of its own, so the order can be read. The score
  // takes the note's place (the open patch's note stays in the Note field below), so the names
  // keep their width.
  const bool byScore = order == Order::ByRelocationChange || order == Order::ByDisagreement;
  const ReviewQueueSource::Columns columns = source_->columns();
  table_->setColumnHidden(columns.score, !byScore);
  table_->setColumnHidden(columns.note, byScore);
}

void ReviewQueueView::showStem(const QString& stem) {
  if (!source_) return;
  const QModelIndex row = source_->rowOfStem(stem);
  showing_ = true;
  if (row.isValid()) {
    table_->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(row);
  } else {
    table_->selectionModel()->clearSelection();
  }
  showing_ = false;
}

void ReviewQueueView::setNote(const QString& note) { note_->setText(note); }

void ReviewQueueView::setJobProgress(double fraction, const QString& text) {
  jobProgress_->setVisible(fraction >= 0);
  jobProgress_->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000));
  jobProgress_->setFormat(text);
}

void ReviewQueueView::setMessage(const QString& text, bool problem) {
  message_->setText(text);
  message_->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

void ReviewQueueView::setProgress(const ReviewQueueProgress& p) {
  progress_->setRange(0, std::max(1, p.total));
  progress_->setValue(p.reviewed);
  progressText_->setText(tr("%1 / %2 reviewed, %3 corrected, %4 rejected, %5 flagged")
                             .arg(p.reviewed)
                             .arg(p.total)
                             .arg(p.corrected)
                             .arg(p.rejected)
                             .arg(p.flagged));
}

}  // namespace arml::widgets
