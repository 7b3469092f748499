#include "widgets/slide_opener.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"
#include "widgets/slide_tile_reader.h"

namespace arml::widgets {

void SlideOpener::openSlide(const QString& path) {
  const quint64 gen = ++openGeneration_;
  opening_ = true;
  using Result = std::pair<std::shared_ptr<const slide::SlideReader>, QString>;
  auto* watcher = new QFutureWatcher<Result>(this);
  connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, gen, path] {
    watcher->deleteLater();
    if (gen != openGeneration_) return;  // a later open superseded this one
    opening_ = false;
    const Result r = watcher->result();
    if (!r.first) Q_EMIT slideFailed(r.second);
    else Q_EMIT slideOpened(r.first, path);
  });
  watcher->setFuture(QtConcurrent::run([path]() -> Result {
    try {
      return {std::make_shared<const slide::SlideReader>(path.toStdString()), QString()};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromStdString(e.what())};
    }
  }));
}

void SlideOpener::cancelSlide() {
  ++openGeneration_;
  opening_ = false;
}

void SlideOpener::readThumbnail(std::shared_ptr<const slide::SlideReader> reader, int maxSide) {
  const quint64 gen = slideGeneration_;
  auto* watcher = new QFutureWatcher<QImage>(this);
  connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, gen] {
    watcher->deleteLater();
    if (gen == slideGeneration_) Q_EMIT thumbnailRead(watcher->result());
  });
  watcher->setFuture(QtConcurrent::run([reader, maxSide]() -> QImage {
    try {
      return rgbMatToImage(reader->thumbnail(maxSide));
    } catch (const std::exception&) {
      return QImage();  // the tiles report the failure
    }
  }));
}

void SlideOpener::openOverlay(const QString& path) {
  using Result = std::pair<std::shared_ptr<const slide::MaskPyramidReader>, QString>;
  auto* watcher = new QFutureWatcher<Result>(this);
  const quint64 gen = slideGeneration_;
  connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, gen] {
    watcher->deleteLater();
    if (gen != slideGeneration_) return;
    const Result r = watcher->result();
    if (!r.first) Q_EMIT overlayFailed(r.second);
    else Q_EMIT overlayOpened(r.first);
  });
  watcher->setFuture(QtConcurrent::run([path]() -> Result {
    try {
      return {std::make_shared<const slide::MaskPyramidReader>(path.toStdString()), QString()};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromStdString(e.what())};
    }
  }));
}

}  // namespace arml::widgets
