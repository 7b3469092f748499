#include "ui/slides/view_predictor.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QPointer>
#include <QRect>
#include <QRunnable>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "data/class_argmax.h"
#include "data/white_background.h"
#include "slide/slide_reader.h"

namespace arml::ui {

struct ViewPredictor::Sessions {
  std::string segmenterKey, classifierKey;  // weights|device|threads of the open sessions
  std::unique_ptr<interactive::SegmenterSession> segmenter;
  std::unique_ptr<interactive::ClassifierSession> classifier;

  // Opens the session the request needs, unless the open one has the same weights, device and
  // threads (the worker thread keeps it warm between requests).
  void prepare(interactive::Engine& engine, const Request& request) {
    const std::string key = request.weights.toStdString() + "|" + request.device.toStdString() + "|" +
                            std::to_string(request.threads);
    if (request.kind == Kind::Segmentation && segmenterKey != key) {
      segmenter.reset();
      segmenterKey.clear();
      segmenter = engine.openSegmenter(request.weights.toStdString(), request.device.toStdString(), request.threads);
      segmenterKey = key;
    }
    if (request.kind == Kind::Cam && classifierKey != key) {
      classifier.reset();
      classifierKey.clear();
      classifier = engine.openClassifier(request.weights.toStdString(), request.device.toStdString(), request.threads);
      classifierKey = key;
    }
  }
};

namespace {

class Task : public QRunnable {
public:
  std::function<void()> work;
  void run() override { work(); }
};

constexpr int kContext = 32;  // working-resolution pixels of context around each piece

interactive::FloatPlanes cropPlanes(const interactive::FloatPlanes& in, const QRect& r) {
  interactive::FloatPlanes out;
  out.planes = in.planes;
  out.width = r.width();
  out.height = r.height();
  out.values.resize(std::size_t(out.planes) * out.width * out.height);
  for (int p = 0; p < in.planes; ++p)
    for (int y = 0; y < r.height(); ++y)
      std::memcpy(out.values.data() + (std::size_t(p) * out.height + y) * out.width,
                  in.plane(p) + std::size_t(r.y() + y) * in.width + r.x(), std::size_t(r.width()) * sizeof(float));
  return out;
}

struct PieceRect {
  std::int64_t x, y;
  int w, h;
};

struct PiecePlan {
  slide::ReadResolution res;
  std::vector<PieceRect> pieces;
};

// The pieces of the request's region at the model's resolution, nearest the centre first; throws
// (a sentence for the user) when the request cannot be computed.
PiecePlan planPieces(const slide::SlideReader& reader, const ViewPredictor::Request& request) {
  if (request.weights.isEmpty())
    throw std::runtime_error((request.kind == ViewPredictor::Kind::Segmentation
                                  ? ViewPredictor::tr("choose a stage-2 checkpoint first")
                                  : ViewPredictor::tr("choose a stage-1 checkpoint first"))
                                 .toStdString());
  const slide::ReadResolution res = slide::resolveResolution(reader, request.resolution);
  const double ds = res.downsample;
  const QRectF slideRect(0, 0, double(reader.width()), double(reader.height()));
  const QRectF region = request.level0Region.intersected(slideRect);
  if (region.isEmpty())
    throw std::runtime_error(ViewPredictor::tr("the view shows no part of the slide").toStdString());
  const std::int64_t x0 = std::max<std::int64_t>(0, std::int64_t(std::floor(region.left() / ds)));
  const std::int64_t y0 = std::max<std::int64_t>(0, std::int64_t(std::floor(region.top() / ds)));
  const std::int64_t x1 = std::min<std::int64_t>(res.width, std::int64_t(std::ceil(region.right() / ds)));
  const std::int64_t y1 = std::min<std::int64_t>(res.height, std::int64_t(std::ceil(region.bottom() / ds)));
  if (x1 <= x0 || y1 <= y0)
    throw std::runtime_error(ViewPredictor::tr("the view shows no part of the slide").toStdString());
  if ((x1 - x0) * (y1 - y0) > request.maxPixels)
    throw std::runtime_error(
        ViewPredictor::tr("the view is %1 × %2 px at the model's resolution (%3); zoom in to at "
                          "most %4 megapixels or run inference on the whole slide")
            .arg(x1 - x0)
            .arg(y1 - y0)
            .arg(res.umPerPx ? QStringLiteral("%1 µm/px").arg(*res.umPerPx, 0, 'g', 3)
                             : ViewPredictor::tr("level %1").arg(res.level))
            .arg(double(request.maxPixels) / 1e6, 0, 'g', 3)
            .toStdString());

  // Pieces, nearest the centre first.
  PiecePlan plan;
  plan.res = res;
  const int P = std::max(32, request.piece);
  for (std::int64_t y = y0; y < y1; y += P)
    for (std::int64_t x = x0; x < x1; x += P)
      plan.pieces.push_back({x, y, int(std::min<std::int64_t>(P, x1 - x)), int(std::min<std::int64_t>(P, y1 - y))});
  const double cx = (x0 + x1) / 2.0, cy = (y0 + y1) / 2.0;
  std::stable_sort(plan.pieces.begin(), plan.pieces.end(), [&](const PieceRect& a, const PieceRect& b) {
    return std::hypot(a.x + a.w / 2.0 - cx, a.y + a.h / 2.0 - cy) <
           std::hypot(b.x + b.w / 2.0 - cx, b.y + b.h / 2.0 - cy);
  });
  return plan;
}

// One piece computed with a margin of context (inside the slide) that is cut off again, so that
// neighbouring pieces meet without the network's border effects.
ViewPiece computePiece(const slide::SlideReader& reader, const slide::ReadResolution& res, const PieceRect& r,
                       const ViewPredictor::Request& request, interactive::SegmenterSession* segmenter,
                       interactive::ClassifierSession* classifier, const std::atomic<bool>* cancel) {
  const double ds = res.downsample;
  const std::int64_t mx0 = std::min<std::int64_t>(kContext, r.x), my0 = std::min<std::int64_t>(kContext, r.y);
  const std::int64_t mx1 = std::clamp<std::int64_t>(res.width - (r.x + r.w), 0, kContext);
  const std::int64_t my1 = std::clamp<std::int64_t>(res.height - (r.y + r.h), 0, kContext);
  const cv::Mat m = slide::readRegionAt(reader, res, r.x - mx0, r.y - my0, int(r.w + mx0 + mx1), int(r.h + my0 + my1));
  interactive::RgbImage rgb;
  rgb.width = m.cols;
  rgb.height = m.rows;
  rgb.rgb.resize(std::size_t(m.cols) * m.rows * 3);
  for (int y = 0; y < m.rows; ++y) std::memcpy(rgb.rgb.data() + std::size_t(y) * m.cols * 3, m.ptr(y), m.cols * 3);
  const QRect inner(int(mx0), int(my0), r.w, r.h);
  ViewPiece piece;
  piece.level0Rect = QRectF(QPointF(r.x * ds, r.y * ds), QPointF((r.x + r.w) * ds, (r.y + r.h) * ds));
  if (request.kind == ViewPredictor::Kind::Segmentation) {
    const interactive::FloatPlanes probs = segmenter->probabilities(rgb, cancel);
    piece.classMask = classMaskFromProbabilities(probs, rgb, request.background).copy(inner);
  } else {
    interactive::CamSet cams = classifier->cams(rgb, cancel);
    piece.cams = cropPlanes(cams.relocalized.planes > 0 ? cams.relocalized : cams.plain, inner);
    piece.probabilities = std::move(cams.probabilities);
  }
  return piece;
}

}  // namespace

QImage classMaskFromProbabilities(const interactive::FloatPlanes& probs, const interactive::RgbImage& rgb,
                                  int background) {
  const int w = probs.width, h = probs.height;
  QImage out(w, h, QImage::Format_Indexed8);
  const cv::Mat classes = data::argmaxClass(probs.values.data(), probs.planes, w, h);
  cv::Mat white;
  if (rgb.width == w && rgb.height == h)
    white = data::whiteBackgroundMask(cv::Mat(h, w, CV_8UC3, const_cast<std::uint8_t*>(rgb.rgb.data())));
  for (int y = 0; y < h; ++y) {
    uchar* dst = out.scanLine(y);
    const std::uint8_t* best = classes.ptr<std::uint8_t>(y);
    const std::uint8_t* wh = white.empty() ? nullptr : white.ptr<std::uint8_t>(y);
    for (int x = 0; x < w; ++x)
      dst[x] = static_cast<uchar>((best[x] >= background || (wh && wh[x])) ? background : best[x]);
  }
  return out;
}

ViewPredictor::ViewPredictor(EngineSource engine, QObject* parent)
    : QObject(parent), engine_(std::move(engine)), sessions_(std::make_shared<Sessions>()) {
  pool_.setMaxThreadCount(1);
  pool_.setExpiryTimeout(-1);  // keep the one thread: the sessions' LibTorch state stays warm on it
}

ViewPredictor::~ViewPredictor() {
  if (cancel_) *cancel_ = true;
  pool_.clear();
  pool_.waitForDone();
}

void ViewPredictor::cancel() {
  if (!running_) return;
  if (cancel_) *cancel_ = true;
  const quint64 id = running_;
  running_ = 0;
  Q_EMIT cancelled(id);
}

quint64 ViewPredictor::start(const Request& request) {
  cancel();
  const quint64 id = ++nextId_;
  running_ = id;
  region_ = request.level0Region;
  kind_ = request.kind;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancel_;
  auto sessions = sessions_;
  auto engineSource = engine_;
  QPointer<ViewPredictor> self(this);
  // Results are queued to the GUI thread and dropped there when the request is no longer current.
  auto post = [self, id](std::function<void(ViewPredictor&)> f) {
    if (!self) return;
    QMetaObject::invokeMethod(
        self.data(),
        [self, id, f] {
          if (self && self->running_ == id) f(*self);
        },
        Qt::QueuedConnection);
  };

  auto* task = new Task;
  task->work = [request, flag, sessions, engineSource, post] {
    QElapsedTimer clock;
    clock.start();
    try {
      if (!request.slide) throw std::runtime_error(ViewPredictor::tr("no slide is open").toStdString());
      const slide::SlideReader& reader = *request.slide;
      const PiecePlan plan = planPieces(reader, request);
      const int count = int(plan.pieces.size());
      post([count](ViewPredictor& v) { Q_EMIT v.started(v.running_, count); });

      QString engineError;
      interactive::Engine* engine = engineSource ? engineSource(&engineError) : nullptr;
      if (!engine)
        throw std::runtime_error(engineError.isEmpty()
                                     ? ViewPredictor::tr("the inference engine is not available").toStdString()
                                     : engineError.toStdString());
      sessions->prepare(*engine, request);

      for (const PieceRect& r : plan.pieces) {
        if (*flag) throw interactive::Cancelled();
        const ViewPiece piece = computePiece(reader, plan.res, r, request, sessions->segmenter.get(),
                                             sessions->classifier.get(), flag.get());
        post([piece](ViewPredictor& v) { Q_EMIT v.pieceReady(v.running_, piece); });
      }
      const double seconds = clock.elapsed() / 1000.0;
      post([count, seconds](ViewPredictor& v) {
        const quint64 id = v.running_;
        v.running_ = 0;
        Q_EMIT v.finished(id, count, seconds);
      });
    } catch (const interactive::Cancelled&) {
      // cancel() already told the GUI
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      post([message](ViewPredictor& v) {
        const quint64 id = v.running_;
        v.running_ = 0;
        Q_EMIT v.failed(id, message);
      });
    }
  };
  pool_.start(task);
  return id;
}

}  // namespace arml::ui
