#include "widgets/slide_tile_reader.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"

namespace arml::widgets {

QImage rgbMatToImage(const cv::Mat& rgb) {
  const QImage view(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step), QImage::Format_RGB888);
  return view.convertToFormat(QImage::Format_RGB32);  // the fastest format to draw
}

QImage readSlideTile(const slide::SlideReader& reader, const DisplayLevel& dl, int col, int row) {
  const int T = SlideViewport::kTileSize;
  const QSize size = SlideViewport::tileSize(dl, col, row);
  const int w = size.width(), h = size.height();
  const auto x0 = static_cast<std::int64_t>(std::llround(double(col) * T * dl.downsample));
  const auto y0 = static_cast<std::int64_t>(std::llround(double(row) * T * dl.downsample));
  if (!dl.isVirtual()) return rgbMatToImage(reader.readRegion(dl.sourceLevel, x0, y0, w, h));
  const auto& src = reader.level(dl.sourceLevel);
  const double r = dl.downsample / src.downsample;
  const int sw = std::max(1, static_cast<int>(std::ceil(w * r)));
  const int sh = std::max(1, static_cast<int>(std::ceil(h * r)));
  const cv::Mat big = reader.readRegion(dl.sourceLevel, x0, y0, sw, sh);
  cv::Mat small;
  cv::resize(big, small, cv::Size(w, h), 0, 0, cv::INTER_AREA);
  return rgbMatToImage(small);
}

QImage readOverlayTile(const slide::MaskPyramidReader& mask, const DisplayLevel& dl, int col, int row) {
  const int T = SlideViewport::kTileSize;
  const QSize size = SlideViewport::tileSize(dl, col, row);
  const int w = size.width(), h = size.height();
  const double maskPerDisplay = dl.downsample / mask.metadata().slideDownsample;  // mask level-0 px per display px
  const auto& mlevels = mask.levels();
  int ml = 0;
  for (int i = 0; i < static_cast<int>(mlevels.size()); ++i)
    if (mlevels[i].downsample <= maskPerDisplay * (1 + 1e-6)) ml = i;
  const double f = maskPerDisplay / mlevels[ml].downsample;  // pixels of mask level ml per display px
  std::vector<int> xs(w), ys(h);
  for (int i = 0; i < w; ++i) xs[i] = static_cast<int>(std::floor((double(col) * T + i + 0.5) * f));
  for (int j = 0; j < h; ++j) ys[j] = static_cast<int>(std::floor((double(row) * T + j + 0.5) * f));
  const cv::Rect rect(xs.front(), ys.front(), xs.back() - xs.front() + 1, ys.back() - ys.front() + 1);
  const cv::Mat m = mask.readMaskRegion(ml, rect);
  QImage out(w, h, QImage::Format_Indexed8);
  for (int j = 0; j < h; ++j) {
    const std::uint8_t* src = m.ptr<std::uint8_t>(ys[j] - rect.y);
    uchar* dst = out.scanLine(j);
    for (int i = 0; i < w; ++i) dst[i] = src[xs[i] - rect.x];
  }
  return out;
}

}  // namespace arml::widgets
