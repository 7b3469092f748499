#include "ui/slides/slide_region_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

#include "data/review_state.h"
#include "slide/mask_pyramid.h"
#include "slide/slide_reader.h"

namespace arml::ui {

namespace {

// Class values at the centres of a size x size patch whose pixels are `ds` level-0 pixels wide,
// top-left at level-0 (x0, y0), sampled nearest from the pyramid level just finer than the patch.
cv::Mat maskFromPyramid(const slide::MaskPyramidReader& mask, double x0, double y0, double ds, int size) {
  const double sd = mask.metadata().slideDownsample;  // slide level-0 px per mask level-0 px
  const double maskPerPatch = ds / sd;
  const auto& levels = mask.levels();
  int ml = 0;
  for (int i = 0; i < static_cast<int>(levels.size()); ++i)
    if (levels[i].downsample <= maskPerPatch * (1 + 1e-6)) ml = i;
  const double scale = sd * levels[ml].downsample;  // slide level-0 px per pixel of mask level ml
  std::vector<int> xs(size), ys(size);
  for (int i = 0; i < size; ++i) {
    xs[i] = static_cast<int>(std::floor((x0 + (i + 0.5) * ds) / scale));
    ys[i] = static_cast<int>(std::floor((y0 + (i + 0.5) * ds) / scale));
  }
  const cv::Rect rect(xs.front(), ys.front(), xs.back() - xs.front() + 1, ys.back() - ys.front() + 1);
  const cv::Mat m = mask.readMaskRegion(ml, rect);
  cv::Mat out(size, size, CV_8U);
  for (int j = 0; j < size; ++j)
    for (int i = 0; i < size; ++i) out.at<std::uint8_t>(j, i) = m.at<std::uint8_t>(ys[j] - rect.y, xs[i] - rect.x);
  return out;
}

// The same from live class-mask pieces; empty when some pixel is not covered by any piece.
cv::Mat maskFromPieces(const QVector<widgets::LivePiece>& pieces, double x0, double y0, double ds, int size) {
  cv::Mat out(size, size, CV_8U);
  for (int j = 0; j < size; ++j)
    for (int i = 0; i < size; ++i) {
      const QPointF p(x0 + (i + 0.5) * ds, y0 + (j + 0.5) * ds);
      const widgets::LivePiece* hit = nullptr;
      for (const auto& piece : pieces)
        if (piece.level0Rect.contains(p)) {
          hit = &piece;
          break;
        }
      if (!hit) return cv::Mat();
      const QRectF& r = hit->level0Rect;
      const int px = std::clamp(static_cast<int>((p.x() - r.left()) / r.width() * hit->image.width()), 0,
                                hit->image.width() - 1);
      const int py = std::clamp(static_cast<int>((p.y() - r.top()) / r.height() * hit->image.height()), 0,
                                hit->image.height() - 1);
      out.at<std::uint8_t>(j, i) = hit->image.constScanLine(py)[px];
    }
  return out;
}

void savePng(const QString& path, const QImage& image) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || !image.save(&f, "PNG") || !f.commit())
    throw std::runtime_error(QCoreApplication::translate("SlideRegionExport", "%1: cannot write: %2")
                                 .arg(path, f.errorString())
                                 .toStdString());
}

}  // namespace

QString regionPatchStem(const QString& slidePath, qint64 x, qint64 y, qint64 side) {
  return QStringLiteral("%1_x%2_y%3_s%4").arg(QFileInfo(slidePath).completeBaseName()).arg(x).arg(y).arg(side);
}

RegionExportResult exportRegionPatches(const RegionExportRequest& q) {
  RegionExportResult result;
  try {
    if (!q.slide)
      throw std::runtime_error(QCoreApplication::translate("SlideRegionExport", "no slide is open").toStdString());
    if (q.projectFolder.isEmpty())
      throw std::runtime_error(
          QCoreApplication::translate("SlideRegionExport", "open a project first: patches go to its review queue")
              .toStdString());
    const slide::SlideReader& reader = *q.slide;
    const slide::ReadResolution res = slide::resolveResolution(reader, q.resolution);
    const int P = std::max(8, q.patchSize);
    const double ds = res.downsample;
    // The region in pixels of the working resolution, cut into whole patches (at least one, centred
    // on a region smaller than a patch), kept inside the slide.
    const double rx0 = q.level0Region.left() / ds, ry0 = q.level0Region.top() / ds;
    const double rw = q.level0Region.width() / ds, rh = q.level0Region.height() / ds;
    const int cols = std::max(1, static_cast<int>(std::floor(rw / P)));
    const int rows = std::max(1, static_cast<int>(std::floor(rh / P)));
    const double gx = rx0 + (rw - cols * P) / 2.0, gy = ry0 + (rh - rows * P) / 2.0;
    if (res.width < P || res.height < P)
      throw std::runtime_error(
          QCoreApplication::translate("SlideRegionExport", "%1: smaller than one %2-px patch at this resolution")
              .arg(QFileInfo(q.slidePath).fileName())
              .arg(P)
              .toStdString());

    const QString stemBase = QFileInfo(q.slidePath).completeBaseName();
    const QDir project(q.projectFolder);
    const QString relDir = QStringLiteral("slide-patches/") + stemBase;
    if (!project.mkpath(relDir))
      throw std::runtime_error(QCoreApplication::translate("SlideRegionExport", "%1: cannot create the folder")
                                   .arg(project.filePath(relDir))
                                   .toStdString());

    const std::filesystem::path reviewPath = project.filePath(QStringLiteral("review.json")).toStdString();
    data::ReviewFile review = data::ReviewFile::load(reviewPath);  // InputError for a damaged file: not touched

    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const auto px = std::clamp<std::int64_t>(std::llround(gx + double(c) * P), 0, res.width - P);
        const auto py = std::clamp<std::int64_t>(std::llround(gy + double(r) * P), 0, res.height - P);
        const double x0 = px * ds, y0 = py * ds;
        const QPointF centre(x0 + P * ds / 2, y0 + P * ds / 2);
        if (!q.level0Polygon.isEmpty() && !q.level0Polygon.containsPoint(centre, Qt::OddEvenFill)) continue;
        const QString stem = regionPatchStem(q.slidePath, std::llround(x0), std::llround(y0), std::llround(P * ds));
        const cv::Mat rgb = slide::readRegionAt(reader, res, px, py, P, P);
        const QImage image(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step), QImage::Format_RGB888);
        const QString rel = relDir + QLatin1Char('/') + stem + QStringLiteral(".png");
        savePng(project.filePath(rel), image);
        result.images << project.filePath(rel);

        cv::Mat mask;
        if (q.maskPyramid) mask = maskFromPyramid(*q.maskPyramid, x0, y0, ds, P);
        else if (!q.liveMask.isEmpty()) mask = maskFromPieces(q.liveMask, x0, y0, ds, P);
        if (!mask.empty()) {
          const QString maskPath = project.filePath(relDir + QLatin1Char('/') + stem + QStringLiteral("_mask.png"));
          data::writePalettePng(maskPath.toStdString(), mask, q.palette);
          ++result.masks;
        }
        if (!review.patches().count(stem.toStdString())) {
          data::PatchReview entry;
          entry.state = data::ReviewState::Unreviewed;
          entry.image = rel.toStdString();
          review.put(stem.toStdString(), entry);
          ++result.added;
        }
      }
    if (result.images.isEmpty())
      throw std::runtime_error(
          QCoreApplication::translate("SlideRegionExport",
                                      "the region holds no whole %1-px patch at this resolution; draw it larger")
              .arg(P)
              .toStdString());
    review.save(reviewPath);
  } catch (const std::exception& e) {
    result.error = QString::fromStdString(e.what());
  }
  return result;
}

}  // namespace arml::ui
