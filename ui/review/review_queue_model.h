#pragma once
// The review queue: every training patch of the project joined with its review.json entry and its
// review scores. Patches are the generated masks under masks/ (one per stem; the newest run folder
// wins when several hold the same stem) plus the review.json entries that name an "image" (patches
// cut from a slide), whose mask is <image folder>/<stem>_mask.png when there is one.
//
// Every state, note or cursor change is written to review.json at once: the file is read again,
// changed and replaced atomically, so entries that another page added meanwhile are kept. When
// review.json cannot be read the queue still lists the patches but is read-only, so the broken file
// is never overwritten; loadError() says what is wrong. GUI thread only.
#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QPixmap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <array>

#include "data/review_state.h"

namespace arml::ui {

class Project;

struct ReviewPatch {
  QString stem;
  QString maskPath;       // generated mask (absolute); empty: the canvas starts from the background
  QString imagePath;      // the tissue image (absolute); empty when not found
  QVector<int> classes;   // patch-level label (class indices)
  bool fromSlide = false; // listed by review.json with an "image", not in masks/
  arml::data::ReviewState state = arml::data::ReviewState::Unreviewed;
  QString note;
  QString reviewer;
  double relocationChange = -1;  // from the scores file; < 0 when unknown
  double disagreement = -1;      // stage-2 peer disagreement; < 0 when unknown
  bool edited = false;           // edits/<stem>.png exists
};

// A folder of generated masks the queue can review: masks/<run>/<kind> of a pseudo-mask job or
// runs/<run>/masks/<kind> of a pipeline.
struct ReviewMaskSet {
  QString name;          // "<run id>" or "<run id> (<kind>)"
  QString path;          // absolute folder
  bool running = false;  // its run's record says it is still running: never chosen by default
  bool operator==(const ReviewMaskSet& o) const { return path == o.path && running == o.running; }
};

struct ReviewProgress {
  int total = 0;
  std::array<int, arml::data::kReviewStateCount> counts{};  // per ReviewState
  int reviewed() const { return total - counts[0]; }
};

class ReviewQueueModel : public QAbstractTableModel {
  Q_OBJECT
public:
  // ScoreColumn: the score the queue is ordered by (see setShownScore); hidden otherwise.
  enum Column { StemColumn, ClassesColumn, StateColumn, NoteColumn, ScoreColumn, ColumnCount };
  enum class ShownScore { None, RelocationChange, Disagreement };
  enum Role {
    StemRole = Qt::UserRole + 1,
    StateRole,         // int(ReviewState)
    ClassesRole,       // QList<int>
    RelocationRole,    // double, < 0 unknown
    DisagreementRole,  // double, < 0 unknown
  };

  explicit ReviewQueueModel(QObject* parent = nullptr);

  // Lists the patches of the project's mask set under review (the one review.json records, else
  // the newest whose run is not still running) and reads review.json and the scores file. Returns false when review.json cannot
  // be read (the queue is then read-only; see loadError()).
  bool load(const Project& project);
  // The project's mask sets, newest run first.
  static QVector<ReviewMaskSet> findMaskSets(const Project& project);
  const QVector<ReviewMaskSet>& maskSets() const { return maskSets_; }
  // The folder under review (absolute); empty when the project has no generated masks.
  QString maskSet() const { return maskSet_; }
  // Reviews another of maskSets(): recorded in review.json, then the queue is listed again.
  // States, notes and corrections belong to the patch (its stem), so none is hidden by a switch.
  bool setMaskSet(const Project& project, const QString& folder, QString* error = nullptr);
  // Reads review.json and the scores again (after another page or a job changed them).
  bool reload();
  void clear();

  QString reviewPath() const { return reviewPath_; }
  QString scoresPath() const { return scoresPath_; }
  bool isReadOnly() const { return !loadError_.isEmpty(); }
  QString loadError() const { return loadError_; }
  // Problems with the scores file (empty when there is none, or it was read).
  QString scoresError() const { return scoresError_; }
  bool hasRelocationScores() const { return hasRelocation_; }
  bool hasDisagreementScores() const { return hasDisagreement_; }

  void setClassNames(const QStringList& names, const QVector<QColor>& colours);
  // Which score ScoreColumn shows (the one the queue is ordered by), its header naming it and the
  // direction (largest first).
  void setShownScore(ShownScore score);
  ShownScore shownScore() const { return shownScore_; }
  QStringList classNames() const { return classNames_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  const ReviewPatch& patch(int row) const { return patches_[row]; }
  int rowOfStem(const QString& stem) const { return rows_.value(stem, -1); }
  ReviewProgress progress() const;

  // Each writes review.json at once; false with *error (and writeFailed) when it could not.
  bool setState(int row, arml::data::ReviewState state, QString* error = nullptr);
  bool setNote(int row, const QString& note, QString* error = nullptr);
  bool setCursor(const QString& stem, QString* error = nullptr);
  QString cursor() const { return cursor_; }
  // The folders the queue's generated masks come from, the most used first (stage 2 and the
  // summary compare against one of them).
  QStringList generatedFolders() const;
  // Re-checks edits/<stem>.png after a save.
  void markEdited(int row, bool edited);

  static QString stateText(arml::data::ReviewState state);
  static QColor stateColour(arml::data::ReviewState state);

Q_SIGNALS:
  void progressChanged();
  void writeFailed(const QString& message);

private:
  bool readReview(arml::data::ReviewFile* out);
  void applyReview(const arml::data::ReviewFile& review);
  void readScores();
  // Reads review.json, applies `change`, writes it back atomically; recordMaskSet: also records
  // the set under review when the file names none yet (a decision, not a cursor move).
  template <typename Change>
  bool writeReview(Change change, QString* error, bool recordMaskSet = true);
  QString classText(const QVector<int>& classes) const;
  QPixmap classSwatches(const QVector<int>& classes) const;

  QVector<ReviewPatch> patches_;
  QHash<QString, int> rows_;
  QString projectFolder_, editsDir_, reviewPath_, scoresPath_, maskSet_;
  QVector<ReviewMaskSet> maskSets_;
  QString loadError_, scoresError_, cursor_;
  QStringList classNames_;
  QVector<QColor> classColours_;
  bool hasRelocation_ = false, hasDisagreement_ = false;
  ShownScore shownScore_ = ShownScore::None;
};

}  // namespace arml::ui
