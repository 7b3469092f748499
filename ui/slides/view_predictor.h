#pragma once
// "Predict this view" and the CAM layer: runs the interactive engine (the in-process plugin, see
// engine/interactive/interactive_engine.h) over a slide region on a worker thread. The region is
// read at the model's resolution (slide::resolveResolution, as `arml predict` does) in square
// pieces, nearest the region's centre first; each finished piece is handed to the GUI thread at
// once, so the layer fills in while the rest is computed.
//
// Threads: this object lives on the GUI thread. The work runs on a private one-thread pool, so the
// model sessions it keeps between requests are only ever used by one thread. A new request cancels
// the running one; the engine checks the cancel flag between batches.
#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QRectF>
#include <QThreadPool>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "interactive/interactive_engine.h"
#include "slide/read_resolution.h"

namespace arml::ui {

// One finished piece of a request.
struct ViewPiece {
  QRectF level0Rect;               // the slide area it covers
  QImage classMask;                // segmentation: Indexed8 class values (no colour table)
  interactive::FloatPlanes cams;   // CAM: one plane per class (relocalized when the model has ARS)
  std::vector<float> probabilities;  // CAM: the classifier's class scores for this piece
};

class ViewPredictor : public QObject {
  Q_OBJECT
public:
  enum class Kind { Segmentation, Cam };
  struct Request {
    Kind kind = Kind::Segmentation;
    std::shared_ptr<const slide::SlideReader> slide;
    slide::ResolutionRequest resolution;  // the model's training resolution
    QRectF level0Region;                  // clipped to the slide
    QString weights;                      // stage-2 checkpoint (segmentation) or stage-1 (CAM)
    QString device = QStringLiteral("auto");
    int threads = 0;
    int piece = 448;             // side of a piece in pixels of the working resolution
    int background = 4;          // class value for white glass and non-tissue outputs
    qint64 maxPixels = 2048 * 2048;  // a larger region is refused (zoom in or run the slide job)
  };
  // The engine; null with *error set when it cannot be loaded. Called on the worker thread.
  using EngineSource = std::function<interactive::Engine*(QString* error)>;

  explicit ViewPredictor(EngineSource engine, QObject* parent = nullptr);
  ~ViewPredictor() override;  // cancels and waits for the worker

  // Starts a request (cancelling the running one); returns its id.
  quint64 start(const Request& request);
  void cancel();
  bool isRunning() const { return running_ != 0; }
  quint64 currentId() const { return running_; }
  QRectF currentRegion() const { return region_; }
  Kind currentKind() const { return kind_; }
  // Blocks until the worker is idle (tests and shutdown).
  void waitForIdle() { pool_.waitForDone(); }

Q_SIGNALS:
  void started(quint64 id, int pieces);
  void pieceReady(quint64 id, const arml::ui::ViewPiece& piece);
  void finished(quint64 id, int pieces, double seconds);
  void failed(quint64 id, const QString& message);
  void cancelled(quint64 id);

private:
  struct Sessions;
  EngineSource engine_;
  std::shared_ptr<Sessions> sessions_;  // used on the worker thread only
  std::shared_ptr<std::atomic<bool>> cancel_;
  quint64 nextId_ = 0;
  quint64 running_ = 0;
  QRectF region_;
  Kind kind_ = Kind::Segmentation;
  QThreadPool pool_;  // declared last: destroyed (and waited for) first
};

// Argmax of class probabilities (C x H x W) as Indexed8; pixels whose argmax is >= background, and
// white glass (gray > 200 in `rgb`, spec §1.3), get `background`.
QImage classMaskFromProbabilities(const interactive::FloatPlanes& probs, const interactive::RgbImage& rgb,
                                  int background);

}  // namespace arml::ui

Q_DECLARE_METATYPE(arml::ui::ViewPiece)
