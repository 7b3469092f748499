#include "ui/review/review_queue_controller.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <algorithm>

#include "ui/project/project.h"
#include "ui/review/review_queue_filter.h"
#include "ui/review/review_queue_host.h"
#include "ui/review/review_queue_model.h"
#include "ui/review/review_summary_dialog.h"
#include "ui/runs/current_run.h"
#include "ui/runs/run_checkpoints.h"
#include "ui/shell/app_settings.h"
#include "ui/training/run_controller.h"
#include "widgets/mask_canvas.h"
#include "widgets/review_queue_view.h"

namespace arml::ui {

using arml::data::ReviewState;
using arml::widgets::ReviewQueueSource;
using arml::widgets::ReviewQueueView;

namespace {

// The review model and its filter as the queue view (widgets/) sees them.
class QueueSource final : public ReviewQueueSource {
public:
  QueueSource(ReviewQueueModel* model, ReviewQueueFilter* filter) : model_(model), filter_(filter) {}

  QAbstractItemModel* rows() const override { return filter_; }
  Columns columns() const override {
    Columns c;
    c.stem = ReviewQueueModel::StemColumn;
    c.classes = ReviewQueueModel::ClassesColumn;
    c.state = ReviewQueueModel::StateColumn;
    c.note = ReviewQueueModel::NoteColumn;
    c.score = ReviewQueueModel::ScoreColumn;
    return c;
  }
  QVector<State> states() const override {
    QVector<State> states;
    for (int s = 0; s < arml::data::kReviewStateCount; ++s) {
      const auto state = static_cast<ReviewState>(s);
      states.push_back({ReviewQueueModel::stateText(state), ReviewQueueModel::stateColour(state)});
    }
    return states;
  }
  int stemRole() const override { return ReviewQueueModel::StemRole; }
  QModelIndex rowOfStem(const QString& stem) const override {
    return filter_->mapFromSource(model_->index(model_->rowOfStem(stem), 0));
  }
  void applyFilters(Order order, int state, int klass) override {
    filter_->setOrder(filterOrder(order));
    model_->setShownScore(order == Order::ByRelocationChange ? ReviewQueueModel::ShownScore::RelocationChange
                          : order == Order::ByDisagreement   ? ReviewQueueModel::ShownScore::Disagreement
                                                             : ReviewQueueModel::ShownScore::None);
    filter_->setStateFilter(state);
    filter_->setClassFilter(klass);
  }

private:
  static ReviewQueueFilter::Order filterOrder(Order order) {
    switch (order) {
      case Order::FileOrder: return ReviewQueueFilter::Order::FileOrder;
      case Order::ByClass: return ReviewQueueFilter::Order::ByClass;
      case Order::ByRelocationChange: return ReviewQueueFilter::Order::ByRelocationChange;
      case Order::ByDisagreement: return ReviewQueueFilter::Order::ByDisagreement;
    }
    return ReviewQueueFilter::Order::FileOrder;
  }

  ReviewQueueModel* model_;
  ReviewQueueFilter* filter_;
};

widgets::ReviewQueueProgress queueProgress(const ReviewProgress& p) {
  widgets::ReviewQueueProgress q;
  q.total = p.total;
  q.reviewed = p.reviewed();
  q.corrected = p.counts[static_cast<int>(ReviewState::Corrected)];
  q.rejected = p.counts[static_cast<int>(ReviewState::Rejected)];
  q.flagged = p.counts[static_cast<int>(ReviewState::Flagged)];
  return q;
}

QVector<ReviewQueueView::MaskSet> viewMaskSets(const QVector<ReviewMaskSet>& sets) {
  QVector<ReviewQueueView::MaskSet> items;
  for (const ReviewMaskSet& set : sets) items.push_back({set.name, set.path});
  return items;
}

}  // namespace

ReviewQueueController::ReviewQueueController(ReviewQueueHost* host)
    : QObject(host->queueHostWidget()),
      host_(host),
      page_(host->queueHostWidget()),
      model_(new ReviewQueueModel(this)),
      filter_(new ReviewQueueFilter(this)),
      view_(new ReviewQueueView),
      scoresJob_(new RunController(this)) {
  filter_->setSourceModel(model_);
  source_ = std::make_unique<QueueSource>(model_, filter_);
  view_->setSource(source_.get());
  connect(model_, &ReviewQueueModel::progressChanged, view_,
          [this] { view_->setProgress(queueProgress(model_->progress())); });
  view_->setProgress(queueProgress(model_->progress()));

  // Keys for the whole page (canvas focused or not). The canvas's own keys are B E P G R I O F
  // [ ] Enter Esc Space, the class hotkeys (1..9) and Ctrl+Z/Y: none of these.
  const auto makeAction = [this](const QString& text, const QList<QKeySequence>& keys, auto slot) {
    auto* a = new QAction(text, page_);
    a->setShortcuts(keys);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(a, &QAction::triggered, this, slot);
    page_->addAction(a);
    return a;
  };
  accept_ = makeAction(tr("Accept"), {QKeySequence(Qt::Key_A)}, &ReviewQueueController::accept);
  reject_ = makeAction(tr("Reject"), {QKeySequence(Qt::Key_X)}, &ReviewQueueController::reject);
  flag_ = makeAction(tr("Flag"), {QKeySequence(Qt::Key_Q)}, &ReviewQueueController::flag);
  next_ = makeAction(tr("Next patch"), {QKeySequence(Qt::Key_N), QKeySequence(Qt::Key_PageDown)}, &ReviewQueueController::next);
  previous_ = makeAction(tr("Previous patch"), {QKeySequence(Qt::SHIFT | Qt::Key_N), QKeySequence(Qt::Key_PageUp)},
                         &ReviewQueueController::previous);
  note_ = makeAction(tr("Edit note"), {QKeySequence(Qt::Key_T)}, &ReviewQueueController::editNote);
  for (QAction* a : {previous_, accept_, reject_, flag_, next_}) view_->addActionButton(a);
  save_ = new QAction(tr("Save correction"), page_);
  save_->setShortcut(QKeySequence::Save);
  save_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(save_, &QAction::triggered, this, [this] { host_->save(); });
  page_->addAction(save_);

  const QString keys = tr("Keys: A accept · X reject · Q flag · T note\n"
                          "N / PgDn next · Shift+N / PgUp previous · Ctrl+S save");
  view_->keysLabel()->setText(keys);
  view_->table()->setToolTip(keys + QLatin1Char('\n') +
                             tr("Accept, reject and flag move on to the next patch. Saving a correction marks the "
                                "patch corrected. States are saved in review.json at once."));

  connect(view_, &ReviewQueueView::stemActivated, this, &ReviewQueueController::openStem);
  connect(view_, &ReviewQueueView::noteEdited, this, [this](const QString& text) {
    model_->setNote(model_->rowOfStem(current_), text);  // a failure is shown through writeFailed
    if (view_->noteEdit()->hasFocus()) host_->focusCanvas();  // Enter: back to the canvas keys
  });
  connect(model_, &ReviewQueueModel::writeFailed, this, [this](const QString& m) { view_->setMessage(m, true); });
  connect(view_, &ReviewQueueView::maskSetChosen, this, &ReviewQueueController::chooseMaskSet);
  connect(view_->computeScoresButton(), &QPushButton::clicked, this, &ReviewQueueController::computeScores);
  connect(view_->summaryButton(), &QPushButton::clicked, this, &ReviewQueueController::showSummary);
  connect(view_->trainButton(), &QPushButton::clicked, this, [this] {
    if (projectFolder_.isEmpty()) return;
    const QStringList generated = model_->generatedFolders();
    Q_EMIT trainStage2Requested(generated.value(0), editsDir_, model_->reviewPath());
  });

  cursorTimer_ = new QTimer(this);
  cursorTimer_->setSingleShot(true);
  cursorTimer_->setInterval(500);
  connect(cursorTimer_, &QTimer::timeout, this, &ReviewQueueController::flushCursor);

  // review.json changed by another page (patches cut from a slide) or by hand: read it again.
  watcher_ = new QFileSystemWatcher(this);
  auto* debounce = new QTimer(this);
  debounce->setSingleShot(true);
  debounce->setInterval(300);
  connect(watcher_, &QFileSystemWatcher::directoryChanged, debounce, qOverload<>(&QTimer::start));
  connect(debounce, &QTimer::timeout, this, &ReviewQueueController::reloadReview);

  connect(scoresJob_, &RunController::progressReceived, this, [this](const QJsonObject& e) {
    const double done = e.value(QStringLiteral("done")).toDouble(), total = e.value(QStringLiteral("total")).toDouble();
    const double fraction = e.contains(QStringLiteral("fraction")) ? e.value(QStringLiteral("fraction")).toDouble()
                            : total > 0                             ? done / total
                                                                    : 0.0;
    view_->setJobProgress(fraction, tr("Computing scores… %p%"));
  });
  connect(scoresJob_, &RunController::finished, this, [this](int, RunController::State state) {
    view_->setJobProgress(-1, {});
    view_->computeScoresButton()->setEnabled(true);
    if (state == RunController::State::Finished) {
      model_->reload();
      showMessage(model_->scoresError().isEmpty() ? tr("Scores computed.") : model_->scoresError());
    } else if (state == RunController::State::Failed) {
      showMessage(tr("Computing scores failed: %1").arg(scoresJob_->failureMessage()));
    } else {
      showMessage(tr("Computing scores was stopped."));
    }
    updateScoreOrderings();
  });
}

ReviewQueueController::~ReviewQueueController() {
  disconnect(model_, nullptr, this, nullptr);  // the view may be gone already
  flushCursor();
}

void ReviewQueueController::flushCursor() {
  cursorTimer_->stop();
  if (!current_.isEmpty() && !model_->isReadOnly() && model_->rowOfStem(current_) >= 0) model_->setCursor(current_);
}

void ReviewQueueController::setProject(const Project& project) {
  flushCursor();
  // A scores job of the previous project would report into this one's queue.
  if (project.folder() != project_.folder() && scoresJob_->isActive()) scoresJob_->stop();
  project_ = project;
  projectFolder_ = project.isValid() ? project.folder() : QString();
  if (!watcher_->directories().isEmpty()) watcher_->removePaths(watcher_->directories());
  if (!projectFolder_.isEmpty()) watcher_->addPath(projectFolder_);
  editsDir_ = project.isValid() ? project.editsDir() : QString();
  current_.clear();
  view_->setNote(QString());
  QStringList names;
  QVector<QColor> colours;
  for (const TissueClass& c : project.isValid() ? project.classes() : Project::defaultClasses()) {
    names << c.displayName();
    colours << c.colour;
  }
  // The background/exclude class is not a patch label.
  const int background = project.isValid() ? project.backgroundIndex() : 4;
  if (background >= 0 && background < names.size()) names = names.mid(0, background);
  model_->setClassNames(names, colours);
  const bool ok = model_->load(project);
  view_->setMaskSets(viewMaskSets(model_->maskSets()), model_->maskSet());
  view_->setClassNames(names);
  filter_->setOrder(filter_->order());  // re-applies order and filters to the new rows
  updateScoreOrderings();
  // A class hotkey that is also a queue key would never reach the canvas: say so.
  QStringList clashes;
  for (const TissueClass& c : project.isValid() ? project.classes() : QVector<TissueClass>()) {
    const QKeySequence key(c.hotkey);
    for (QAction* a : {accept_, reject_, flag_, next_, previous_, note_})
      if (!key.isEmpty() && a->shortcuts().contains(key))
        clashes << tr("the hotkey %1 of %2 is the queue's %3 key").arg(key.toString(QKeySequence::NativeText), c.displayName(), a->text());
  }
  QString message = ok ? QString()
                       : tr("%1 — the queue is read-only until the file is fixed; nothing is written over it.")
                             .arg(model_->loadError());
  if (!clashes.isEmpty())
    message += (message.isEmpty() ? QString() : QStringLiteral("\n")) +
               tr("Change on the Project page: %1.").arg(clashes.join(QStringLiteral("; ")));
  view_->setMessage(message, !message.isEmpty());
  view_->setEnabled(project.isValid());
  if (model_->rowCount() == 0) return;
  const QString resume = model_->rowOfStem(model_->cursor()) >= 0 ? model_->cursor()
                         : filter_->rowCount() > 0 ? filter_->index(0, 0).data(ReviewQueueModel::StemRole).toString()
                                                   : model_->patch(0).stem;
  openStem(resume);
}

void ReviewQueueController::refreshMaskSets() {
  if (projectFolder_.isEmpty()) return;
  const QVector<ReviewMaskSet> found = ReviewQueueModel::findMaskSets(project_);
  const QVector<ReviewMaskSet>& listed = model_->maskSets();
  // Listed again when anything changed: a recorded set stays under review, else the newest
  // finished one is.
  if (!std::equal(found.begin(), found.end(), listed.begin(), listed.end())) setProject(project_);
}

bool ReviewQueueController::chooseMaskSet(const QString& folder) {
  if (projectFolder_.isEmpty() || folder == model_->maskSet()) return true;
  flushCursor();
  QString error;
  if (!model_->setMaskSet(project_, folder, &error)) {
    view_->setMaskSets(viewMaskSets(model_->maskSets()), model_->maskSet());
    return false;  // writeFailed showed why
  }
  current_.clear();
  view_->setMaskSets(viewMaskSets(model_->maskSets()), model_->maskSet());
  filter_->setOrder(filter_->order());
  updateScoreOrderings();
  showMessage(tr("Reviewing the masks of %1.").arg(view_->maskSetCombo()->currentText()));
  if (model_->rowCount() == 0) return true;
  const QString resume = model_->rowOfStem(model_->cursor()) >= 0 ? model_->cursor()
                         : filter_->rowCount() > 0 ? filter_->index(0, 0).data(ReviewQueueModel::StemRole).toString()
                                                   : model_->patch(0).stem;
  openStem(resume);
  return true;
}

bool ReviewQueueController::openStem(const QString& stem) {
  const int row = model_->rowOfStem(stem);
  if (row < 0) return false;
  const ReviewPatch& p = model_->patch(row);
  if (!host_->openPatch(p.stem, p.maskPath, p.imagePath)) {
    // The page says why and shows nothing: the queue points at the patch that failed, so it can
    // still be rejected or flagged.
    current_ = stem;
    view_->showStem(stem);
    view_->setNote(p.note);
    return false;
  }
  current_ = stem;
  view_->showStem(stem);
  view_->setNote(p.note);
  if (!model_->isReadOnly()) cursorTimer_->start();
  Q_EMIT currentChanged(stem);
  return true;
}

void ReviewQueueController::step(int delta) {
  if (filter_->rowCount() == 0) return;
  const QModelIndex here = filter_->mapFromSource(model_->index(model_->rowOfStem(current_), 0));
  const int row = here.isValid() ? here.row() + delta : (delta > 0 ? 0 : filter_->rowCount() - 1);
  if (row < 0 || row >= filter_->rowCount()) {
    showMessage(delta > 0 ? tr("This is the last patch of the queue.") : tr("This is the first patch of the queue."));
    return;
  }
  openStem(filter_->index(row, 0).data(ReviewQueueModel::StemRole).toString());
}

void ReviewQueueController::next() { step(+1); }
void ReviewQueueController::previous() { step(-1); }
void ReviewQueueController::accept() { decide(ReviewState::Accepted); }
void ReviewQueueController::reject() { decide(ReviewState::Rejected); }
void ReviewQueueController::flag() { decide(ReviewState::Flagged); }

void ReviewQueueController::decide(ReviewState state) {
  const int row = model_->rowOfStem(current_);
  if (row < 0) return;
  if (state == ReviewState::Accepted) {
    if (!host_->isPatchOpen(current_)) {
      showMessage(tr("This patch could not be opened, so it cannot be accepted; reject or flag it."));
      return;
    }
    // Accepting with unsaved strokes accepts the corrected mask: save it first.
    if (host_->hasUnsavedCorrection() && !host_->save()) return;
    if (model_->patch(row).edited) state = ReviewState::Corrected;
  }
  QString error;
  if (!model_->setState(row, state, &error)) return;  // writeFailed showed why
  showMessage({});
  if (advance_) step(+1);
}

void ReviewQueueController::correctionSaved(const QString& stem) {
  const int row = model_->rowOfStem(stem);
  if (row < 0) return;
  model_->markEdited(row, true);
  model_->setState(row, ReviewState::Corrected);
}

void ReviewQueueController::reloadReview() {
  const bool wasReadOnly = model_->isReadOnly();
  model_->reload();
  if (wasReadOnly != model_->isReadOnly()) view_->setMessage(model_->loadError(), model_->isReadOnly());
  updateScoreOrderings();
  // The queue was empty (a project without generated masks) and got patches: open the first.
  if (current_.isEmpty() && filter_->rowCount() > 0)
    openStem(filter_->index(0, 0).data(ReviewQueueModel::StemRole).toString());
}

void ReviewQueueController::editNote() {
  view_->noteEdit()->setFocus(Qt::ShortcutFocusReason);
  view_->noteEdit()->selectAll();
}

QStringList ReviewQueueController::scoresArguments() const {
  // Runs made here, by `arml pipeline` or by `arml train-cls` / `train-seg`: the newest stage-1
  // training checkpoint with the ARS weights (relocalization change) and stage-2 checkpoint (peer
  // disagreement).
  QString cls, seg;
  if (usesCurrentRun()) {
    cls = currentRun_->stage1ArsCheckpoint();
    seg = currentRun_->stage2PeerCheckpoint();
  } else {
    const QVector<RunCheckpoint> found = findRunCheckpoints(project_.isValid() ? project_.runsDir() : QString());
    cls = newestArsCheckpoint(found);
    seg = peerSegmenter(found);
  }
  if (cls.isEmpty() && seg.isEmpty()) return {};
  QStringList a{QStringLiteral("review-scores"), QStringLiteral("--data"), project_.datasetPath()};
  if (!cls.isEmpty()) a << QStringLiteral("--cls") << cls;
  if (!seg.isEmpty()) a << QStringLiteral("--seg") << seg;
  // Patches cut from a slide are listed in review.json only: scored so the orderings include them.
  a << QStringLiteral("--review") << model_->reviewPath();
  a << QStringLiteral("--out") << model_->scoresPath() << QStringLiteral("--events") << QStringLiteral("-");
  return a;
}

bool ReviewQueueController::usesCurrentRun() const {
  return currentRun_ && !projectFolder_.isEmpty() && currentRun_->projectFolder() == projectFolder_;
}

void ReviewQueueController::setCurrentRun(CurrentRun* currentRun) {
  currentRun_ = currentRun;
  if (!currentRun_) return;
  connect(view_, &ReviewQueueView::maskSetChosen, this, [this](const QString& folder) {
    if (!currentRun_ || currentRun_->projectFolder() != projectFolder_ || currentRun_->runOf(folder).isEmpty()) return;
    QString error;
    if (!currentRun_->chooseByMaskSet(folder, &error)) showMessage(error);
  });
  // A run the user chose (not the default moving on after a job) brings its masks under review.
  connect(currentRun_, &CurrentRun::changed, this, [this] {
    if (!usesCurrentRun() || !currentRun_->isExplicit()) return;
    const QString set = currentRun_->maskSetDir();
    const QVector<ReviewMaskSet>& sets = model_->maskSets();
    if (set.isEmpty() || set == model_->maskSet() ||
        std::none_of(sets.begin(), sets.end(), [&](const ReviewMaskSet& m) { return m.path == set; }))
      return;
    chooseMaskSet(set);
  });
}

void ReviewQueueController::computeScores() {
  if (projectFolder_.isEmpty() || scoresJob_->isActive()) return;
  const QStringList args = scoresArguments();
  if (args.isEmpty()) {
    view_->setMessage(tr("No stage-1 or stage-2 checkpoint in %1 yet: train first, then compute the scores.")
                          .arg(QDir::toNativeSeparators(project_.runsDir())),
                      true);
    return;
  }
  view_->computeScoresButton()->setEnabled(false);
  view_->setJobProgress(0, tr("Computing scores… %p%"));
  showMessage(tr("Computing review scores…"));
  QDir().mkpath(QFileInfo(model_->scoresPath()).absolutePath());
  scoresJob_->start(armlProgramPath(), args, projectFolder_);
}

void ReviewQueueController::updateScoreOrderings() {
  QString why = model_->scoresError();
  if (why.isEmpty())
    why = QFileInfo::exists(model_->scoresPath()) ? tr("The scores file has no such score; compute the scores again.")
                                                  : tr("No scores yet: use Compute scores… (needs a stage-1 and a "
                                                       "stage-2 checkpoint).");
  view_->setScoresAvailable(model_->hasRelocationScores(), model_->hasDisagreementScores(), why);
}

void ReviewQueueController::showSummary() {
  if (projectFolder_.isEmpty()) return;
  auto* dialog = new ReviewSummaryDialog(page_);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->compute(host_->project(), *model_);
  dialog->show();
}

void ReviewQueueController::showMessage(const QString& text) { view_->setMessage(text); }

}  // namespace arml::ui
