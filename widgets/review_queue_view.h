#pragma once
// The review queue beside the mask canvas: ordering and filters, the patch table (stem, classes,
// coloured state, note), reviewing progress ("132 / 480 reviewed, 12 corrected, 5 rejected"), the
// current patch's note, and the queue's buttons. A view only: ui/review_queue_controller decides.
#include <QWidget>

class QAction;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace arml::ui {

class ReviewQueueModel;
class ReviewQueueFilter;
struct ReviewMaskSet;

class ReviewQueueView : public QWidget {
  Q_OBJECT
public:
  explicit ReviewQueueView(QWidget* parent = nullptr);

  // Not owned; `filter` has `model` as its source.
  void setModels(ReviewQueueModel* model, ReviewQueueFilter* filter);
  // Refills the class filter (keeps the selection when the class still exists).
  void setClassNames(const QStringList& names);
  // The mask sets the queue can review, `current` selected (no signal); "no generated masks yet"
  // when there is none.
  void setMaskSets(const QVector<ReviewMaskSet>& sets, const QString& current);
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
  void updateProgress();
  void applyFilters();

  ReviewQueueModel* model_ = nullptr;
  ReviewQueueFilter* filter_ = nullptr;
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

}  // namespace arml::ui
