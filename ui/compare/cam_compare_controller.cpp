#include "ui/compare/cam_compare_controller.h"

#include <QDateTime>
#include <QFileInfo>
#include <QImageReader>
#include <QtConcurrent>
#include <algorithm>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>

#include "data/class_argmax.h"
#include "interactive/interactive_engine.h"

namespace arml::ui {

using arml::widgets::CamPanel;
using arml::widgets::CamCompareView;
using arml::widgets::CamMaps;

struct CamCompareController::Entry {
  QImage image;     // "image|…"
  QByteArray mask;  // "mask|…" and "seg|…": class index per pixel
  int maskWidth = 0, maskHeight = 0;
  CamMaps plain, relocalized;  // "cls|…"
  QVector<float> probabilities;
  bool hasArs = false;

  qint64 bytes() const {
    return image.sizeInBytes() + mask.size() +
           (plain.values.size() + relocalized.values.size()) * qint64(sizeof(float));
  }
};

// Open engine sessions by checkpoint (path|mtime|device|threads), most recently used last. Used by
// one job at a time; the mutex only guards against misuse.
struct CamCompareController::SessionPool {
  struct Slot {
    QString key;
    std::unique_ptr<interactive::ClassifierSession> classifier;
    std::unique_ptr<interactive::SegmenterSession> segmenter;
    QString error;  // opening failed: not retried for the same file version
  };
  std::mutex mutex;
  std::deque<Slot> slots;
  static constexpr std::size_t kMaxSlots = 4;

  Slot* find(const QString& key) {
    for (auto it = slots.begin(); it != slots.end(); ++it)
      if (it->key == key) {
        Slot s = std::move(*it);
        slots.erase(it);
        slots.push_back(std::move(s));
        return &slots.back();
      }
    return nullptr;
  }
  Slot& add(Slot slot) {
    if (slots.size() >= kMaxSlots) slots.pop_front();
    slots.push_back(std::move(slot));
    return slots.back();
  }
};

struct CamCompareController::Job {
  struct Model {
    QString key, path, sessionKey;
    bool segmenter = false;
  };
  // Input.
  QString imagePath, imageKey, maskPath, maskKey;
  QImage image;  // already cached, else read here
  bool needMask = false;
  QVector<Model> models;
  QString device;
  int threads = 0;
  std::function<InteractiveEngineLoad()> provider;
  std::shared_ptr<std::atomic<bool>> cancel;
  std::shared_ptr<SessionPool> sessions;
  std::shared_ptr<std::atomic<int>> count;
  // Output.
  QHash<QString, std::shared_ptr<const Entry>> results;
  QHash<QString, QString> errors;
  bool cancelled = false;
};

namespace {

using Entry = CamCompareController::Entry;
using Job = CamCompareController::Job;
using SessionPool = CamCompareController::SessionPool;

QString versionOf(const QString& path) {
  const QFileInfo info(path);
  return path + QLatin1Char('|') + QString::number(info.exists() ? info.lastModified().toMSecsSinceEpoch() : -1);
}

CamMaps camMaps(const interactive::FloatPlanes& p) {
  CamMaps m;
  m.planes = p.planes;
  m.width = p.width;
  m.height = p.height;
  m.values = QVector<float>(p.values.begin(), p.values.end());
  return m;
}

interactive::RgbImage rgbImage(const QImage& image) {
  const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
  interactive::RgbImage out{rgb.width(), rgb.height(), {}};
  out.rgb.resize(std::size_t(rgb.width()) * rgb.height() * 3);
  for (int y = 0; y < rgb.height(); ++y)
    std::memcpy(out.rgb.data() + std::size_t(y) * rgb.width() * 3, rgb.constScanLine(y), std::size_t(rgb.width()) * 3);
  return out;
}

// A palette (or grey) PNG's pixel values, which are the class indices.
bool readClassMask(const QString& path, Entry& out, QString* error) {
  QImageReader reader(path);
  QImage img = reader.read();
  if (img.isNull()) {
    *error =
        QCoreApplication::translate("CamCompare", "Cannot read the pseudo mask %1: %2").arg(path, reader.errorString());
    return false;
  }
  if (img.format() != QImage::Format_Indexed8) img = img.convertToFormat(QImage::Format_Grayscale8);
  out.maskWidth = img.width();
  out.maskHeight = img.height();
  out.mask.resize(qsizetype(img.width()) * img.height());
  for (int y = 0; y < img.height(); ++y)
    std::memcpy(out.mask.data() + qsizetype(y) * img.width(), img.constScanLine(y), std::size_t(img.width()));
  return true;
}

QByteArray argmax(const interactive::FloatPlanes& p) {
  const cv::Mat classes = data::argmaxClass(p.values.data(), p.planes, p.width, p.height);
  return QByteArray(reinterpret_cast<const char*>(classes.data), qsizetype(classes.total()));
}

std::shared_ptr<Job> runJob(std::shared_ptr<Job> job) {
  if (job->needMask) {
    auto e = std::make_shared<Entry>();
    QString error;
    if (readClassMask(job->maskPath, *e, &error))
      job->results.insert(job->maskKey, e);
    else
      job->errors.insert(job->maskKey, error);
  }
  if (job->image.isNull()) {
    QImageReader reader(job->imagePath);
    const QImage image = reader.read();
    if (image.isNull()) {
      job->errors.insert(job->imageKey, QCoreApplication::translate("CamCompare", "Cannot read the image %1: %2")
                                            .arg(job->imagePath, reader.errorString()));
      return job;
    }
    job->image = image.convertToFormat(QImage::Format_RGB888);
    auto e = std::make_shared<Entry>();
    e->image = job->image;
    job->results.insert(job->imageKey, e);
  }
  if (job->models.isEmpty()) return job;
  const interactive::RgbImage rgb = rgbImage(job->image);
  std::optional<InteractiveEngineLoad> engine;
  std::lock_guard<std::mutex> lock(job->sessions->mutex);
  for (const Job::Model& model : job->models) {
    if (job->cancel->load()) {
      job->cancelled = true;
      break;
    }
    SessionPool::Slot* slot = job->sessions->find(model.sessionKey);
    if (!slot) {
      if (!engine) engine = job->provider();
      if (!engine->engine) {
        job->errors.insert(model.key, engine->error);
        continue;
      }
      SessionPool::Slot fresh;
      fresh.key = model.sessionKey;
      try {
        const std::string path = model.path.toStdString(), device = job->device.toStdString();
        if (model.segmenter)
          fresh.segmenter = engine->engine->openSegmenter(path, device, job->threads);
        else
          fresh.classifier = engine->engine->openClassifier(path, device, job->threads);
      } catch (const std::exception& e) {
        fresh.error = QString::fromUtf8(e.what());
      }
      slot = &job->sessions->add(std::move(fresh));
    }
    if (!slot->error.isEmpty()) {
      job->errors.insert(model.key, slot->error);
      continue;
    }
    try {
      auto e = std::make_shared<Entry>();
      if (slot->segmenter) {
        const interactive::FloatPlanes p = slot->segmenter->probabilities(rgb, job->cancel.get());
        ++*job->count;
        e->mask = argmax(p);
        e->maskWidth = p.width;
        e->maskHeight = p.height;
      } else {
        const interactive::CamSet cams = slot->classifier->cams(rgb, job->cancel.get());
        ++*job->count;
        e->plain = camMaps(cams.plain);
        e->relocalized = camMaps(cams.relocalized);
        e->probabilities = QVector<float>(cams.probabilities.begin(), cams.probabilities.end());
        e->hasArs = slot->classifier->info().hasArs;
      }
      job->results.insert(model.key, e);
    } catch (const interactive::Cancelled&) {
      job->cancelled = true;
      break;
    } catch (const std::exception& e) {
      job->errors.insert(model.key, QString::fromUtf8(e.what()));
    }
  }
  return job;
}

}  // namespace

CamCompareController::CamCompareController(CamCompareView* view, QObject* parent)
    : QObject(parent),
      view_(view),
      provider_(&loadInteractiveEngine),
      sessions_(std::make_shared<SessionPool>()),
      computeCount_(std::make_shared<std::atomic<int>>(0)),
      cancel_(std::make_shared<std::atomic<bool>>(false)) {
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<Job>>::finished, this, &CamCompareController::jobFinished);
  refreshPanels();
}

CamCompareController::~CamCompareController() {
  cancel_->store(true);
  watcher_.waitForFinished();
}

void CamCompareController::setComputeSettings(const QString& device, int threads) {
  device_ = device.isEmpty() ? QStringLiteral("auto") : device;
  threads_ = threads;
}

void CamCompareController::setClasses(const QStringList& camClasses, const QVector<QColor>& maskColours,
                                      int background) {
  view_->setClasses(camClasses, maskColours, background);
}

void CamCompareController::setCheckpoints(const CamCompareCheckpoints& checkpoints) {
  if (checkpoints == checkpoints_) return;
  checkpoints_ = checkpoints;
  errors_.clear();
  startJob();
  refreshPanels();
  if (!isBusy()) Q_EMIT ready();
}

void CamCompareController::setPatch(const QString& imagePath, const QString& pseudoMaskPath,
                                   const QString& correctionPath) {
  imagePath_ = imagePath;
  maskIsCorrection_ = !imagePath.isEmpty() && !correctionPath.isEmpty() && QFileInfo::exists(correctionPath);
  maskPath_ = maskIsCorrection_ ? correctionPath : pseudoMaskPath;
  errors_.clear();
  startJob();
  refreshPanels();
  if (!isBusy()) Q_EMIT ready();
}

void CamCompareController::setCacheLimitBytes(qint64 bytes) {
  cacheLimit_ = std::max<qint64>(0, bytes);
  while (cacheBytes_ > cacheLimit_ && !lru_.isEmpty()) {
    cacheBytes_ -= cache_.take(lru_.takeFirst())->bytes();
  }
}

QString CamCompareController::imageKey() const { return QStringLiteral("image|") + versionOf(imagePath_); }
QString CamCompareController::maskKey() const { return QStringLiteral("mask|") + versionOf(maskPath_); }
QString CamCompareController::modelKey(const QString& checkpoint) const {
  return QStringLiteral("model|") + versionOf(checkpoint) + QStringLiteral("|") + versionOf(imagePath_);
}

std::shared_ptr<const CamCompareController::Entry> CamCompareController::cached(const QString& key) {
  auto it = cache_.find(key);
  if (it == cache_.end()) return nullptr;
  lru_.removeOne(key);
  lru_.append(key);
  return it.value();
}

void CamCompareController::insert(const QString& key, std::shared_ptr<const Entry> entry) {
  if (cache_.contains(key)) {
    cacheBytes_ -= cache_.value(key)->bytes();
    lru_.removeOne(key);
  }
  cacheBytes_ += entry->bytes();
  cache_.insert(key, std::move(entry));
  lru_.append(key);
  while (cacheBytes_ > cacheLimit_ && lru_.size() > 1) cacheBytes_ -= cache_.take(lru_.takeFirst())->bytes();
}

void CamCompareController::refreshPanels() {
  kinds_ = {PanelKind::Image, PanelKind::Plain, PanelKind::Relocalized, PanelKind::PseudoMask};
  if (!checkpoints_.baseline.isEmpty()) kinds_ << PanelKind::Baseline;
  if (!checkpoints_.segmenter.isEmpty()) kinds_ << PanelKind::Prediction;
  if (imagePath_.isEmpty()) {
    view_->setImage(QImage());
    view_->setViewMessage(tr("Open a patch on the Review page to compare its CAMs."));
    return;
  }
  const QString computing = tr("computing…");
  const bool busy = running_ || restartWhenDone_;
  // The panels are set up even before the image has been read, so the view always has them.
  const auto image = cached(imageKey());
  view_->setImage(image ? image->image : QImage());
  view_->setViewMessage(image ? QString() : errors_.value(imageKey(), computing));

  auto pending = [&](const QString& key) { return errors_.value(key, busy ? computing : tr("not computed")); };
  auto camPanel = [&](const QString& title, const QString& checkpoint, bool relocalized) {
    CamPanel p;
    p.title = title;
    p.kind = CamPanel::Kind::Cam;
    if (checkpoint.isEmpty()) {
      p.message = tr("Choose a stage-1 checkpoint above.");
      return p;
    }
    const QString key = modelKey(checkpoint);
    const auto e = cached(key);
    if (!e) {
      p.message = pending(key);
    } else if (relocalized && !e->hasArs) {
      p.message = tr("%1 has no ARS weights (amm.*): choose the stage-1 training checkpoint (checkpoints/last.pt) "
                     "to see relocalized CAMs.")
                      .arg(QFileInfo(checkpoint).fileName());
    } else {
      p.cams = relocalized ? e->relocalized : e->plain;
      p.probabilities = e->probabilities;
    }
    return p;
  };
  QVector<CamPanel> panels;
  for (PanelKind kind : kinds_) {
    switch (kind) {
      case PanelKind::Image: {
        CamPanel p;
        p.title = QFileInfo(imagePath_).fileName();
        panels << p;
        break;
      }
      case PanelKind::Plain:
        panels << camPanel(tr("CAM (plain)"), checkpoints_.arsClassifier, false);
        break;
      case PanelKind::Relocalized:
        panels << camPanel(tr("CAM (relocalized)"), checkpoints_.arsClassifier, true);
        break;
      case PanelKind::Baseline:
        panels << camPanel(tr("Baseline CAM (no ARS)"), checkpoints_.baseline, false);
        break;
      case PanelKind::PseudoMask:
      case PanelKind::Prediction: {
        CamPanel p;
        p.kind = CamPanel::Kind::ClassMask;
        const bool pseudo = kind == PanelKind::PseudoMask;
        p.title = !pseudo ? tr("Stage-2 prediction") : maskIsCorrection_ ? tr("Pseudo mask (your correction)") : tr("Pseudo mask");
        const QString key = pseudo ? maskKey() : modelKey(checkpoints_.segmenter);
        if (pseudo && maskPath_.isEmpty()) {
          p.message = tr("No generated mask for this patch.");
        } else if (const auto e = cached(key)) {
          p.mask = e->mask;
          p.maskWidth = e->maskWidth;
          p.maskHeight = e->maskHeight;
        } else {
          p.message = pending(key);
        }
        panels << p;
        break;
      }
    }
  }
  view_->setPanels(panels);
}

void CamCompareController::startJob() {
  if (running_) {
    cancel_->store(true);
    restartWhenDone_ = true;
    return;
  }
  if (imagePath_.isEmpty()) return;
  auto job = std::make_shared<Job>();
  job->imagePath = imagePath_;
  job->imageKey = imageKey();
  if (errors_.contains(job->imageKey)) return;
  if (const auto image = cached(job->imageKey)) job->image = image->image;
  job->maskPath = maskPath_;
  job->maskKey = maskKey();
  job->needMask = !maskPath_.isEmpty() && !cached(job->maskKey) && !errors_.contains(job->maskKey);
  for (const auto& [path, segmenter] :
       {std::pair{checkpoints_.arsClassifier, false}, {checkpoints_.baseline, false}, {checkpoints_.segmenter, true}}) {
    if (path.isEmpty()) continue;
    const QString key = modelKey(path);
    if (cached(key) || errors_.contains(key) ||
        std::any_of(job->models.begin(), job->models.end(), [&](const Job::Model& m) { return m.key == key; }))
      continue;
    job->models.push_back({key, path,
                           versionOf(path) + QLatin1Char('|') + device_ + QLatin1Char('|') + QString::number(threads_),
                           segmenter});
  }
  if (!job->image.isNull() && !job->needMask && job->models.isEmpty()) return;
  job->device = device_;
  job->threads = threads_;
  job->provider = provider_;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  job->cancel = cancel_;
  job->sessions = sessions_;
  job->count = computeCount_;
  running_ = true;
  watcher_.setFuture(QtConcurrent::run(&runJob, job));
  Q_EMIT busyChanged(true);
}

void CamCompareController::jobFinished() {
  running_ = false;
  const std::shared_ptr<Job> job = watcher_.result();
  for (auto it = job->results.begin(); it != job->results.end(); ++it) insert(it.key(), it.value());
  if (job->imagePath == imagePath_)
    for (auto it = job->errors.begin(); it != job->errors.end(); ++it) errors_.insert(it.key(), it.value());
  Q_EMIT busyChanged(false);
  const bool restart = restartWhenDone_;
  restartWhenDone_ = false;
  if (restart) startJob();
  refreshPanels();
  if (!isBusy()) Q_EMIT ready();
}

}  // namespace arml::ui
