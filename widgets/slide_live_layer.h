#pragma once
// The slide view's live layer: computed in-process for part of the slide ("predict this view", a
// CAM heat map) and handed over piece by piece. Class masks are Indexed8 class values drawn with
// the overlay's class colours and visibility; heat maps are ARGB32 images drawn as they are.
#include <QImage>
#include <QRectF>
#include <QVector>

namespace arml::widgets {

// One piece of a live layer: an image covering a level-0 rectangle of the slide.
struct LivePiece {
  QRectF level0Rect;
  QImage image;
};

enum class LiveLayerKind { None, ClassMask, HeatMap };

class SlideLiveLayer {
public:
  // Drops the previous pieces.
  void start(LiveLayerKind kind) {
    kind_ = kind;
    pieces_.clear();
  }
  // False (and nothing is added) without a layer or for a null image.
  bool add(const QRectF& level0Rect, const QImage& image) {
    if (kind_ == LiveLayerKind::None || image.isNull()) return false;
    pieces_.push_back(LivePiece{level0Rect, image});
    return true;
  }
  void setPieces(const QVector<LivePiece>& pieces) { pieces_ = pieces; }  // replaces them all
  void clear() { start(LiveLayerKind::None); }
  LiveLayerKind kind() const { return kind_; }
  bool isOn() const { return kind_ != LiveLayerKind::None; }
  const QVector<LivePiece>& pieces() const { return pieces_; }

private:
  LiveLayerKind kind_ = LiveLayerKind::None;
  QVector<LivePiece> pieces_;
};

}  // namespace arml::widgets
