#pragma once
// Opens what the slide view shows on worker threads (QtConcurrent): slides, class-mask overlays
// and thumbnails, and hands back on the GUI thread only the results still wanted: a later slide
// open supersedes an earlier one, and an overlay or thumbnail asked for before the slide changed
// is dropped.
#include <QImage>
#include <QObject>
#include <QString>
#include <memory>

namespace arml::slide {
class SlideReader;
class MaskPyramidReader;
}  // namespace arml::slide

namespace arml::widgets {

class SlideOpener : public QObject {
  Q_OBJECT
public:
  using QObject::QObject;

  // Emits slideOpened(reader, path) or slideFailed(message), unless superseded.
  void openSlide(const QString& path);
  void cancelSlide();  // a slide being opened is not handed back
  bool isOpening() const { return opening_; }
  // The view's slide changed: overlays and thumbnails asked for until now are dropped.
  void slideChanged() { ++slideGeneration_; }
  // Emits thumbnailRead(image), a null image if it cannot be read.
  void readThumbnail(std::shared_ptr<const slide::SlideReader> reader, int maxSide);
  // Emits overlayOpened(overlay) or overlayFailed(message).
  void openOverlay(const QString& path);

Q_SIGNALS:
  void slideOpened(std::shared_ptr<const slide::SlideReader> reader, const QString& path);
  void slideFailed(const QString& message);
  void thumbnailRead(const QImage& thumbnail);
  void overlayOpened(std::shared_ptr<const slide::MaskPyramidReader> overlay);
  void overlayFailed(const QString& message);

private:
  bool opening_ = false;
  quint64 openGeneration_ = 0;
  quint64 slideGeneration_ = 0;
};

}  // namespace arml::widgets
