#pragma once
// The review queue beside the mask canvas: ordering and filters, the patch table (stem, classes,
// coloured state, note), reviewing progress ("132 / 480 reviewed, 12 corrected, 5 rejected"), the
// current patch's note, and the queue's buttons. A view only: ui/review_queue_controller decides,
// and gives the view the queue through ReviewQueueSource (widgets/ does not know the review model).
#include <QColor>
#include <QModelIndex>
#include <QString>
#include <QVector>
#include <QWidget>

class QAbstractItemModel;

class QAction;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QVBoxLayout;

namespace arml::widgets {

// The queue as the view sees it: the rows to show and how to filter and order them.
class ReviewQueueSource {
public:
  // The orders of the queue; the two score orders show their score in a column of its own.
  enum class Order { FileOrder, ByClass, ByRelocationChange, ByDisagreement };
  struct Columns {
    int stem = 0;
    int classes = 0;
    int state = 0;
    int note = 0;
    int score = 0;
  };
  // A review state as the state filter offers it; states()[i] is state value i.
  struct State {
    QString text;
    QColor colour;
  };

  virtual ~ReviewQueueSource() = default;
  // The filtered, ordered rows the table shows.
  virtual QAbstractItemModel* rows() const = 0;
  virtual Columns columns() const = 0;
  virtual QVector<State> states() const = 0;
  // The item data role of rows() that holds a row's patch stem (a QString).
  virtual int stemRole() const = 0;
  // The row of rows() showing `stem`; invalid when the stem is unknown or filtered out.
  virtual QModelIndex rowOfStem(const QString& stem) const = 0;
  // `state` and `klass` are a state value / class index, or -1 for any.
  virtual void applyFilters(Order order, int state, int klass) = 0;
};

// Reviewing progress, as the label under the table says it.
struct ReviewQueueProgress {
  int total = 0;
  int reviewed = 0;
  int corrected = 0;
  int rejected = 0;
  int flagged = 0;
};

class ReviewQueueView : public QWidget {
  Q_OBJECT
public:
  explicit ReviewQueueView(QWidget* parent = nullptr);

  // A generated mask set the queue can review.
  struct MaskSet {
    QString name;
    QString path;
  };

  // Not owned; outlives the view. Fills the state filter and shows source->rows() in the table.
  void setSource(ReviewQueueSource* source);
  void setProgress(const ReviewQueueProgress& progress);
  // Refills the class filter (keeps the selection when the class still exists).
  void setClassNames(const QStringList& names);
  // The mask sets the queue can review, `current` selected (no signal); "no generated masks yet"
  // when there is none.
  void setMaskSets(const QVector<MaskSet>& sets, const QString& current);
  // Enables the score orderings that have scores; the others say why they are disabled.
  void setScoresAvailable(bool relocation, bool disagreement, const QString& whyNot);
  // Selects and shows the row of `stem` in the table (no signal).
  void showStem(const QString& stem);
  void setNote(const QString& note);
  // Progress of a scores job: fraction in [0,1], or < 0 to hide the bar.
  void setJobProgress(double fraction, const QString& text);
  // A button under the table for a queue action (accept, reject, ...), for reviewers who use the mouse.
  void addActionButton(QAction* action);
  // problem: shown in red (a file that cannot be read or written).
  void setMessage(const QString& text, bool problem = false);

  QTableView* table() const { return table_; }
  QComboBox* orderCombo() const { return order_; }
  QComboBox* maskSetCombo() const { return maskSet_; }
  QComboBox* stateCombo() const { return state_; }
  QComboBox* classCombo() const { return class_; }
  QLineEdit* noteEdit() const { return note_; }
  QLabel* progressLabel() const { return progressText_; }
  QLabel* messageLabel() const { return message_; }
  QPushButton* computeScoresButton() const { return computeScores_; }
  QPushButton* summaryButton() const { return summary_; }
  QPushButton* trainButton() const { return train_; }
  QLabel* keysLabel() const { return keys_; }

Q_SIGNALS:
  // The user clicked a row (or moved to it with the arrow keys).
  void stemActivated(const QString& stem);
  void noteEdited(const QString& note);
  // The user chose another mask set (its folder).
  void maskSetChosen(const QString& folder);

private:
  void applyFilters();
  void addChooserRows(QVBoxLayout* layout);
  void addTable(QVBoxLayout* layout);
  void addFooter(QVBoxLayout* layout);

  ReviewQueueSource* source_ = nullptr;
  int stemRole_ = Qt::UserRole;
  QComboBox* order_;
  QComboBox* maskSet_;
  QComboBox* state_;
  QComboBox* class_;
  QTableView* table_;
  QProgressBar* progress_;
  QLabel* progressText_;
  QLineEdit* note_;
  QLabel* keys_;
  QLabel* message_;
  QProgressBar* jobProgress_;
  QHBoxLayout* actionRow_;
  QPushButton* computeScores_;
  QPushButton* summary_;
  QPushButton* train_;
  bool showing_ = false;
};

}  // namespace arml::widgets
