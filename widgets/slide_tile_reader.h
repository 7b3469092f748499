#pragma once
// Reading the tiles of the slide view (worker threads): a slide tile as RGB32, an overlay tile as
// Indexed8 class values. Pure functions of the reader and the display level; thread-safe as far as
// the readers are.
#include <QImage>

#include "widgets/slide_viewport.h"

namespace cv {
class Mat;
}  // namespace cv

namespace arml::slide {
class SlideReader;
class MaskPyramidReader;
}  // namespace arml::slide

namespace arml::widgets {

// An RGB matrix as RGB32 (the fastest format to draw).
QImage rgbMatToImage(const cv::Mat& rgb);
// Reads one slide tile (display level `level`, tile col/row), RGB32.
QImage readSlideTile(const slide::SlideReader& reader, const DisplayLevel& level, int col, int row);
// Reads the overlay tile that covers the same slide area as a slide tile: class values as Indexed8
// (the colour table is applied when painting), sampled nearest-neighbour from the mask level just
// finer than the display level.
QImage readOverlayTile(const slide::MaskPyramidReader& mask, const DisplayLevel& level, int col, int row);

}  // namespace arml::widgets
