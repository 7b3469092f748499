#pragma once
// Tiled inference over a whole slide: tissue tiles at a working resolution go through a tile
// classifier in batches, overlapping logits are blended, and the argmax class mask is written as a
// tiled pyramidal TIFF (see mask_pyramid.h) plus a palette PNG preview.
//
// Memory is bounded by the slide's width, not its size: only the tile row in flight is held
// (C x tile x width floats of blended logits plus tile x width weights); finished pixel rows go to
// a raw file on disk (<out>.partial, width x height bytes) from which the pyramid is built.
//
// Pixels not covered by any tissue tile get the scheme's background index (4 for BCSS/LUAD, the
// value their masks use for "background / exclude"); the network itself predicts only 0..C-1.
//
// Resume: after every finished tile row (or every `checkpointSeconds`, when set) and on cancel,
// <out>.resume.json records how many tile rows are finished, after their pixel rows were flushed to
// disk in <out>.partial; the progress event of a row follows its save. So a run stopped in any way
// (SIGTERM, kill -9, power loss, a full disk) resumes at its last saved row: a rerun with the same
// slide, settings and model tag skips the finished rows and gives a result equal to an
// uninterrupted run. Both files are removed at the end; a run that fails before finishing any row
// removes them too, one that fails later keeps them for the rerun and says so.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <ATen/core/Tensor.h>

#include "core/cancel_token.h"
#include "core/event_sink.h"
#include "data/class_scheme.h"
#include "slide/read_resolution.h"
#include "slide/slide_reader.h"
#include "slide/tile_grid.h"
#include "slide/tissue_mask.h"

namespace arml::slide {

// Takes N x 3 x T x T float tiles (RGB / 255, in [0, 1], CPU) and returns N x C x T x T logits
// (any device / float type; moved to CPU float). Called from the thread that runs predictSlide.
using TileLogitsFn = std::function<at::Tensor(const at::Tensor& tiles)>;

struct SlidePredictOptions {
  ResolutionRequest resolution;  // level, downsample or µm/px of the working resolution
  int tileSize = 224;
  int overlap = 0;    // pixels shared by neighbouring tiles (<= tileSize / 2); blended with a linear ramp
  int batchSize = 8;  // tiles per call of the tile function
  bool skipEmptyTiles = true;
  // Spec §4.8: white glass (data::whiteBackgroundMask, gray > 200) inside tissue tiles is written
  // as the background index instead of the network's argmax. Overlapping tiles vote, weighted like
  // the logits, so the decision is seamless across tile borders.
  bool markWhite = false;
  TissueOptions tissue;
  data::ClassScheme classes = data::luadScheme();  // names, preview colours, background index
  std::filesystem::path outputTiff;                // required
  std::filesystem::path previewPng;                // default: outputTiff with extension .png
  int previewMaxSide = 2048;
  bool resume = true;             // continue a matching interrupted run instead of starting over
  double checkpointSeconds = 0.0; // least seconds between resume saves; 0 = after every tile row
  std::string modelTag;           // identifies the model for resume matching and the TIFF description
};

struct SlidePredictResult {
  std::filesystem::path tiff, png;
  ReadResolution resolution;
  TileGrid grid;
  long tissueTiles = 0;      // tiles that touch tissue (all tiles when skipEmptyTiles is off)
  long tilesInferred = 0;    // tiles sent through the tile function in this run
  int tileRowsResumed = 0;   // tile rows skipped because an earlier run had finished them
  int classes = 0;           // C, the number of logit channels
  double seconds = 0;        // wall time of this run (reading, inference, blending, writing)
  double tilesPerSecond = 0; // tilesInferred / seconds
};

// Throws InputError for bad options or a slide without resolution metadata (see resolveResolution),
// RuntimeFailure for I/O errors or a tile function returning the wrong shape, Cancelled after the
// resume state has been saved. Progress: "progress" events with stage "predict-slide" (tiles of the
// grid done / total), "artifact" events for the TIFF and PNG.
SlidePredictResult predictSlide(const SlideReader& reader, const SlidePredictOptions& options,
                                const TileLogitsFn& tileLogits, const CancelToken& cancel, EventSink& events);

}  // namespace arml::slide
