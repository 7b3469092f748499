#pragma once
// "What reviewers changed": over every saved correction that is not rejected, the pixels that left
// and joined each class and the generated -> corrected confusion table (engine/data/mask_set's
// summarizeReview, run on a worker thread). The generated masks compared against are those of one
// masks/ folder, by default the one most of the queue's patches come from.
#include <QDialog>
#include <QFutureWatcher>
#include <QStringList>
#include <QVector>
#include <memory>

#include "data/mask_set.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace arml::ui {

class Project;
class ReviewQueueModel;

class ReviewSummaryDialog : public QDialog {
  Q_OBJECT
public:
  explicit ReviewSummaryDialog(QWidget* parent = nullptr);
  ~ReviewSummaryDialog() override;

  // Lists the generated-mask folders of the queue and starts the summary of the most used one.
  void compute(const Project& project, const ReviewQueueModel& queue);
  // Waits for the worker (tests).
  bool waitForResult(int timeoutMs);

  QTableWidget* classTable() const { return classes_; }
  QTableWidget* confusionTable() const { return confusion_; }
  QLabel* totalsLabel() const { return totals_; }

Q_SIGNALS:
  void ready();

private:
  struct Result {
    arml::data::ReviewSummary summary;
    QString error;
  };
  void start();
  void display(const Result& r);

  QComboBox* folders_;
  QLabel* totals_;
  QTableWidget* classes_;
  QTableWidget* confusion_;
  QFutureWatcher<Result> watcher_;
  QString editsDir_, reviewPath_;
  QStringList classNames_;
  QVector<QColor> classColours_;
};

}  // namespace arml::ui
