#include "ui/review/review_summary_dialog.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "ui/project/project.h"
#include "ui/review/review_queue_model.h"

namespace arml::ui {

namespace {
QTableWidgetItem* numberItem(qint64 n, const QLocale& locale) {
  auto* item = new QTableWidgetItem(locale.toString(n));
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}
}  // namespace

ReviewSummaryDialog::ReviewSummaryDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("What reviewers changed"));
  auto* layout = new QVBoxLayout(this);
  auto* folderRow = new QHBoxLayout;
  folders_ = new QComboBox;
  folders_->setToolTip(tr("The generated masks the corrections are compared with"));
  folderRow->addWidget(new QLabel(tr("Generated masks")));
  folderRow->addWidget(folders_, 1);
  layout->addLayout(folderRow);
  totals_ = new QLabel(tr("Computing…"));
  totals_->setWordWrap(true);
  layout->addWidget(totals_);

  layout->addWidget(new QLabel(tr("<b>Pixels changed per class</b>")));
  classes_ = new QTableWidget(0, 4);
  classes_->setHorizontalHeaderLabels({tr("Class"), tr("Taken from it"), tr("Given to it"), tr("Net")});
  classes_->verticalHeader()->hide();
  classes_->setWordWrap(false);
  classes_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  classes_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  layout->addWidget(classes_);

  layout->addWidget(new QLabel(tr("<b>Generated (rows) → corrected (columns)</b>, pixels")));
  confusion_ = new QTableWidget;
  confusion_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  confusion_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  layout->addWidget(confusion_);
  layout->addStretch(1);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  setMinimumWidth(760);
  resize(780, 560);

  connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] { display(watcher_.result()); });
  connect(folders_, &QComboBox::currentIndexChanged, this, &ReviewSummaryDialog::start);
}

ReviewSummaryDialog::~ReviewSummaryDialog() { watcher_.waitForFinished(); }

void ReviewSummaryDialog::compute(const Project& project, const ReviewQueueModel& queue) {
  editsDir_ = project.editsDir();
  reviewPath_ = queue.reviewPath();
  classNames_.clear();
  classColours_.clear();
  for (const TissueClass& c : project.classes()) {
    classNames_ << c.displayName();
    classColours_ << c.colour;
  }
  const QStringList dirs = queue.generatedFolders();
  folders_->blockSignals(true);
  folders_->clear();
  const QDir projectDir(project.folder());
  for (const QString& d : dirs) folders_->addItem(projectDir.relativeFilePath(d), d);
  folders_->blockSignals(false);
  start();
}

void ReviewSummaryDialog::start() {
  if (folders_->count() == 0) {
    totals_->setText(tr("No generated masks to compare with."));
    return;
  }
  if (watcher_.isRunning()) watcher_.waitForFinished();
  totals_->setText(tr("Computing…"));
  const std::string generated = folders_->currentData().toString().toStdString();
  const std::string edits = editsDir_.toStdString(), review = reviewPath_.toStdString();
  std::vector<std::string> names;
  for (const QString& n : classNames_) names.push_back(n.toStdString());
  watcher_.setFuture(QtConcurrent::run([generated, edits, review, names]() {
    Result r;
    try {
      const arml::data::ReviewFile file = arml::data::ReviewFile::load(review);
      if (!QFileInfo(QString::fromStdString(edits)).isDir()) {
        r.summary.labelCount = static_cast<int>(names.size());
        r.summary.labelNames = names;
        return r;  // nothing corrected yet
      }
      r.summary = arml::data::summarizeReview(generated, edits, file, static_cast<int>(names.size()), names);
    } catch (const std::exception& e) {
      r.error = QString::fromUtf8(e.what());
    }
    return r;
  }));
}

bool ReviewSummaryDialog::waitForResult(int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (watcher_.isRunning() && t.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  QCoreApplication::processEvents();
  return !watcher_.isRunning();
}

void ReviewSummaryDialog::display(const Result& r) {
  const QLocale locale;
  const arml::data::ReviewSummary& s = r.summary;
  if (!r.error.isEmpty()) {
    totals_->setText(tr("Cannot summarize: %1").arg(r.error));
    classes_->setRowCount(0);
    confusion_->clear();
    Q_EMIT ready();
    return;
  }
  const double share = s.pixels > 0 ? 100.0 * static_cast<double>(s.changed) / static_cast<double>(s.pixels) : 0.0;
  QString totals = tr("Corrected patches compared: %1 (%2 unchanged). Pixels changed: %3 of %4 (%5 %).")
                       .arg(s.patches)
                       .arg(s.unchangedPatches)
                       .arg(locale.toString(static_cast<qint64>(s.changed)), locale.toString(static_cast<qint64>(s.pixels)))
                       .arg(share, 0, 'f', 2);
  if (!s.skipped.empty())
    totals += QLatin1Char(' ') + tr("Skipped, without a generated mask in this folder: %1.").arg(s.skipped.size());
  totals_->setText(totals);

  const int n = s.labelCount;
  const auto name = [&](int i) { return i < static_cast<int>(s.labelNames.size()) ? QString::fromStdString(s.labelNames[i]) : QString::number(i); };
  const auto swatch = [&](int i) {
    QPixmap pm(11, 11);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setPen(QColor(90, 90, 90));
    p.setBrush(i < classColours_.size() ? classColours_[i] : QColor(Qt::gray));
    p.drawRect(0, 0, 10, 10);
    return QIcon(pm);
  };
  classes_->setRowCount(n);
  for (int i = 0; i < n; ++i) {
    classes_->setItem(i, 0, new QTableWidgetItem(swatch(i), name(i)));
    classes_->setItem(i, 1, numberItem(s.removed.empty() ? 0 : s.removed[i], locale));
    classes_->setItem(i, 2, numberItem(s.added.empty() ? 0 : s.added[i], locale));
    const qint64 net = s.added.empty() ? 0 : s.added[i] - s.removed[i];
    auto* item = numberItem(net, locale);
    if (net > 0) item->setText(QLatin1Char('+') + item->text());
    classes_->setItem(i, 3, item);
  }
  classes_->resizeRowsToContents();
  classes_->setFixedHeight(classes_->horizontalHeader()->sizeHint().height() + classes_->verticalHeader()->length() +
                           2 * classes_->frameWidth());

  confusion_->clear();
  confusion_->setRowCount(n);
  confusion_->setColumnCount(n);
  for (int i = 0; i < n; ++i) {
    // Column headers on two lines at most, so five classes fit side by side.
    QString wrapped = name(i);
    wrapped.replace(QStringLiteral(" / "), QStringLiteral("/"));
    wrapped.replace(QLatin1Char(' '), QLatin1Char('\n'));
    if (wrapped.size() > 14) wrapped.replace(QLatin1Char('-'), QStringLiteral("-\n"));
    auto* column = new QTableWidgetItem(swatch(i), wrapped);
    column->setToolTip(name(i));
    confusion_->setHorizontalHeaderItem(i, column);
    confusion_->setVerticalHeaderItem(i, new QTableWidgetItem(swatch(i), name(i)));
  }
  qint64 offMax = 1;
  for (int a = 0; a < n && !s.confusion.empty(); ++a)
    for (int b = 0; b < n; ++b)
      if (a != b) offMax = std::max<qint64>(offMax, s.confusion[a][b]);
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b) {
      const qint64 v = s.confusion.empty() ? 0 : s.confusion[a][b];
      auto* item = numberItem(v, locale);
      if (a == b) {
        item->setBackground(QColor(235, 235, 235));
      } else if (v > 0) {
        // Off-diagonal cells shaded by how many pixels reviewers moved between the two classes.
        const double t = std::sqrt(static_cast<double>(v) / static_cast<double>(offMax));
        item->setBackground(QColor::fromRgbF(1.0, 1.0 - 0.55 * t, 1.0 - 0.75 * t));
      }
      confusion_->setItem(a, b, item);
    }
  confusion_->setFixedHeight(confusion_->horizontalHeader()->sizeHint().height() + confusion_->verticalHeader()->length() +
                             2 * confusion_->frameWidth());
  resize(width(), sizeHint().height());
  Q_EMIT ready();
}

}  // namespace arml::ui
