#pragma once
// Feeds the CAM compare view (widgets/cam_compare_view.h) for the patch open on the Review page:
// reads the image and its pseudo mask, computes CAMs (an ARS classifier: plain and relocalized; an
// optional baseline classifier: plain) and the optional stage-2 prediction with the in-process
// engine on a worker thread (QtConcurrent), with a cancel flag, and keeps the results in an LRU
// cache keyed by checkpoint path + mtime and image path + mtime, so a second visit is instant.
// One job runs at a time (engine sessions are single-threaded); a new patch cancels the running
// job and starts when it has stopped. Lives on the GUI thread; the GUI thread only copies results.
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVector>
#include <atomic>
#include <functional>
#include <memory>

#include "ui/shell/interactive_engine_loader.h"
#include "widgets/cam_compare_view.h"

namespace arml::ui {

struct CamCompareCheckpoints {
  QString arsClassifier;  // stage-1 checkpoint with ARS weights (e.g. runs/<id>/stage1/checkpoints/last.pt)
  QString baseline;       // optional: a classifier trained without ARS; its plain CAM
  QString segmenter;      // optional: a stage-2 checkpoint; its argmax as a class mask
  bool operator==(const CamCompareCheckpoints& o) const {
    return arsClassifier == o.arsClassifier && baseline == o.baseline && segmenter == o.segmenter;
  }
};

class CamCompareController : public QObject {
  Q_OBJECT
 public:
  enum class PanelKind { Image, Plain, Relocalized, PseudoMask, Baseline, Prediction };

  explicit CamCompareController(widgets::CamCompareView* view, QObject* parent = nullptr);
  // Cancels a running job and waits for it (at most one network call).
  ~CamCompareController() override;

  // Where the engine comes from (default: loadInteractiveEngine()); called on the worker thread.
  void setEngineProvider(std::function<InteractiveEngineLoad()> provider) { provider_ = std::move(provider); }
  void setComputeSettings(const QString& device, int threads);
  // CAM class names (one per classifier output), mask colours (index = value), background value.
  void setClasses(const QStringList& camClasses, const QVector<QColor>& maskColours, int background);
  void setCheckpoints(const CamCompareCheckpoints& checkpoints);
  const CamCompareCheckpoints& checkpoints() const { return checkpoints_; }
  // The patch to show; an empty image path clears the view. correctionPath: the user's saved
  // correction of the patch (edits/<stem>.png); when that file exists, the mask panel shows it,
  // titled as the correction, in place of the generated pseudo mask.
  void setPatch(const QString& imagePath, const QString& pseudoMaskPath, const QString& correctionPath = QString());
  // Whether the mask panel shows the saved correction.
  bool showsCorrection() const { return maskIsCorrection_; }
  QString imagePath() const { return imagePath_; }

  QVector<PanelKind> panelKinds() const { return kinds_; }
  bool isBusy() const { return running_; }
  // Network calls made so far (cams() and probabilities()), for tests and benchmarks.
  int computeCount() const { return computeCount_->load(); }
  int cacheEntries() const { return int(cache_.size()); }
  qint64 cacheBytes() const { return cacheBytes_; }
  void setCacheLimitBytes(qint64 bytes);

 Q_SIGNALS:
  // The view shows everything there is to show for the current patch (results or errors).
  void ready();
  void busyChanged(bool busy);

 public:
  struct Job;  // worker input and output, defined in the .cpp
  struct Entry;
  struct SessionPool;

 private:
  void refreshPanels();
  void startJob();
  void jobFinished();
  std::shared_ptr<const Entry> cached(const QString& key);
  void insert(const QString& key, std::shared_ptr<const Entry> entry);
  QString imageKey() const;
  QString maskKey() const;
  QString modelKey(const QString& checkpoint) const;

  widgets::CamCompareView* view_;
  std::function<InteractiveEngineLoad()> provider_;
  QString device_ = QStringLiteral("auto");
  int threads_ = 0;
  CamCompareCheckpoints checkpoints_;
  QString imagePath_, maskPath_;
  bool maskIsCorrection_ = false;
  QVector<PanelKind> kinds_;
  QHash<QString, QString> errors_;  // key -> message, for the current patch and checkpoints

  QHash<QString, std::shared_ptr<const Entry>> cache_;
  QStringList lru_;  // least recently used first
  qint64 cacheBytes_ = 0;
  qint64 cacheLimit_ = 512ll << 20;

  std::shared_ptr<SessionPool> sessions_;
  std::shared_ptr<std::atomic<int>> computeCount_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  QFutureWatcher<std::shared_ptr<Job>> watcher_;
  bool running_ = false;  // a job was started and its finished() not handled yet
  bool restartWhenDone_ = false;
};

}  // namespace arml::ui
