#pragma once
// Sends a drawn slide region to the review queue: the region is cut into square patches of the
// training size at the working (training) resolution, written as PNG under
// <project>/slide-patches/<slide stem>/<stem>.png, with the stage-2 prediction for the same pixels
// beside it as <stem>_mask.png (palette PNG) when one is available, and each patch is added to the
// project's review.json as unreviewed with its "image" path.
//
// The stem names the slide and the patch's place: "<slide stem>_x<X>_y<Y>_s<S>", X and Y the
// level-0 top-left corner and S the level-0 side. Runs on a worker thread (no Qt widgets).
#include <QMetaType>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <memory>

#include "data/palette_png.h"
#include "slide/read_resolution.h"
#include "widgets/slide_view.h"

namespace arml::slide {
class MaskPyramidReader;
}

namespace arml::ui {

struct RegionExportRequest {
  std::shared_ptr<const slide::SlideReader> slide;
  QString slidePath;
  QRectF level0Region;
  QPolygonF level0Polygon;  // when given: only patches whose centre lies inside it
  slide::ResolutionRequest resolution;  // the training resolution
  int patchSize = 224;                  // pixels at that resolution
  QString projectFolder;
  // A prediction for the masks, when there is one: the class-mask pyramid, else the pieces of a
  // live class-mask layer (a patch gets a mask only where they cover all of it).
  std::shared_ptr<const slide::MaskPyramidReader> maskPyramid;
  QVector<widgets::LivePiece> liveMask;
  data::Palette palette;  // colours of the mask PNGs, index = class
};

struct RegionExportResult {
  QStringList images;   // absolute paths written
  int masks = 0;        // how many patches got a <stem>_mask.png
  int added = 0;        // new review.json entries (patches already listed keep their state)
  QString error;        // empty on success
};

// The stem of the patch whose level-0 top-left corner is (x, y) and level-0 side `side`.
QString regionPatchStem(const QString& slidePath, qint64 x, qint64 y, qint64 side);

// Does the work; never throws (errors come back in `error`, naming the file).
RegionExportResult exportRegionPatches(const RegionExportRequest& request);

}  // namespace arml::ui

Q_DECLARE_METATYPE(arml::ui::RegionExportResult)
