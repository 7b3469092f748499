#include "slide_inference/slide_predictor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/palette_png.h"
#include "data/white_background.h"
#include "slide/mask_pyramid.h"
#include "tensors/image_tensor.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace arml::slide {

namespace {

// Owns a POSIX file descriptor.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void pwriteAll(int fd, const std::uint8_t* data, std::size_t n, std::int64_t offset, const fs::path& path) {
  while (n > 0) {
    const ssize_t k = ::pwrite(fd, data, n, offset);
    if (k < 0) {
      if (errno == EINTR) continue;
      throw RuntimeFailure(path.string() + ": cannot write: " + std::strerror(errno));
    }
    data += k;
    n -= static_cast<std::size_t>(k);
    offset += k;
  }
}

void preadAll(int fd, std::uint8_t* data, std::size_t n, std::int64_t offset, const fs::path& path) {
  while (n > 0) {
    const ssize_t k = ::pread(fd, data, n, offset);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) throw RuntimeFailure(path.string() + ": short read of the partial mask");
    data += k;
    n -= static_cast<std::size_t>(k);
    offset += k;
  }
}

fs::path defaultPreview(const fs::path& tiff) {
  fs::path p = tiff;
  return p.replace_extension(".png");
}

std::string fingerprint(const SlideReader& reader, const SlidePredictOptions& o, const ReadResolution& r,
                        const TileGrid& g) {
  nlohmann::json f = {{"slide", fs::absolute(reader.path()).string()},
                      {"slide_size", {reader.width(), reader.height()}},
                      {"level", r.level},
                      {"downsample", r.downsample},
                      {"size", {g.width, g.height}},
                      {"tile", g.tile},
                      {"overlap", g.overlap},
                      {"skip_empty", o.skipEmptyTiles},
                      {"mark_white", o.markWhite},
                      {"tissue", {o.tissue.thumbnailMaxSide, o.tissue.whiteGray, o.tissue.minSaturation,
                                  o.tissue.maxSaturation, o.tissue.minComponentPx}},
                      {"background", o.classes.backgroundIndex},
                      {"model", o.modelTag}};
  return f.dump();
}

nlohmann::json classesJson(const data::ClassScheme& s) {
  nlohmann::json names = nlohmann::json::array(), colours = nlohmann::json::array();
  for (const auto& c : s.tissueClasses) {
    names.push_back(c.name);
    colours.push_back({c.colour[0], c.colour[1], c.colour[2]});
  }
  return {{"dataset", s.dataset}, {"class_names", names}, {"class_colours", colours}};
}

void writePreview(const fs::path& tiff, const fs::path& png, int maxSide, const data::Palette& palette) {
  MaskPyramidReader pyr(tiff);
  const auto& levels = pyr.levels();
  int li = 0;
  for (int i = 0; i < static_cast<int>(levels.size()); ++i)
    if (std::max(levels[i].width, levels[i].height) >= maxSide) li = i;
  const MaskLevel& lv = levels[static_cast<std::size_t>(li)];
  cv::Mat m = pyr.readMaskRegion(li, cv::Rect(0, 0, static_cast<int>(lv.width), static_cast<int>(lv.height)));
  const double f = std::min(1.0, static_cast<double>(maxSide) / std::max(m.cols, m.rows));
  if (f < 1.0) {
    cv::Mat small;
    cv::resize(m, small, cv::Size(std::max(1, static_cast<int>(std::lround(m.cols * f))),
                                  std::max(1, static_cast<int>(std::lround(m.rows * f)))),
               0, 0, cv::INTER_NEAREST);
    m = small;
  }
  data::writePalettePng(png, m, palette);
}

// The files of one run: the TIFF and its preview, and while it runs the partial mask and the resume
// state beside the TIFF.
struct OutputPaths {
  fs::path tiff, png, partial, state;
};

OutputPaths outputPaths(const SlidePredictOptions& options) {
  const fs::path outPath = options.outputTiff;
  if (outPath.has_parent_path()) fs::create_directories(outPath.parent_path());
  const fs::path pngPath = options.previewPng.empty() ? defaultPreview(outPath) : options.previewPng;
  return {outPath, pngPath, fs::path(outPath.string() + ".partial"), fs::path(outPath.string() + ".resume.json")};
}

// Where an interrupted run with the same fingerprint stopped: its finished tile rows and class count.
struct ResumePoint {
  int rowsDone = 0;
  int classes = 0;
};

ResumePoint readResumeState(const OutputPaths& paths, const SlidePredictOptions& options, const std::string& print,
                            const TileGrid& grid, std::int64_t pixels, EventSink& events) {
  ResumePoint point;
  std::error_code ec;
  if (options.resume && fs::exists(paths.state, ec) && fs::exists(paths.partial, ec) &&
      fs::file_size(paths.partial, ec) == static_cast<std::uintmax_t>(pixels)) {
    const auto bytes = readFileBytes(paths.state);
    const auto state = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (state.is_object() && state.value("fingerprint", std::string()) == print) {
      point.rowsDone = std::clamp(state.value("rows_done", 0), 0, grid.rows);
      point.classes = state.value("classes", 0);
    } else {
      events.warning("ignoring resume state of a different run: " + paths.state.string());
    }
  }
  return point;
}

// The partial mask on disk (width x height bytes) and its resume state: rows are written as they
// are finished, and save() makes them durable before it records how many there are.
class PartialMask {
public:
  PartialMask(const OutputPaths& paths, std::string print, int gridRows, int rowsDone, std::int64_t pixels)
      : paths_(paths), print_(std::move(print)), gridRows_(gridRows), savedRows_(rowsDone) {
    fd_.fd = ::open(paths_.partial.c_str(), O_RDWR | O_CREAT | (rowsDone == 0 ? O_TRUNC : 0), 0644);
    if (fd_.fd < 0) throw RuntimeFailure(paths_.partial.string() + ": cannot open: " + std::strerror(errno));
    if (rowsDone == 0 && ::ftruncate(fd_.fd, static_cast<off_t>(pixels)) != 0)
      throw RuntimeFailure(paths_.partial.string() + ": cannot size the partial mask: " + std::strerror(errno));
  }

  void write(const std::vector<std::uint8_t>& row, std::int64_t offset) {
    pwriteAll(fd_.fd, row.data(), row.size(), offset, paths_.partial);
  }
  void read(std::uint8_t* dst, std::size_t n, std::int64_t offset) { preadAll(fd_.fd, dst, n, offset, paths_.partial); }

  void save(int done, int classes) {
    if (::fdatasync(fd_.fd) != 0)
      throw RuntimeFailure(paths_.partial.string() + ": cannot flush: " + std::strerror(errno));
    nlohmann::json state = {{"version", 1}, {"fingerprint", print_}, {"rows_done", done}, {"rows", gridRows_},
                            {"classes", classes}};
    writeFileAtomically(paths_.state, state.dump(1));
    savedRows_ = done;
  }

  // A failure (disk full, I/O error) keeps the partial mask only when it holds finished rows that a
  // rerun resumes from; otherwise nothing of this run is left behind.
  [[noreturn]] void fail(const std::string& what) {
    if (savedRows_ == 0) {
      close();
      std::error_code ignored;
      fs::remove(paths_.partial, ignored);
      fs::remove(paths_.state, ignored);
      throw RuntimeFailure(what);
    }
    throw RuntimeFailure(what + "; the " + std::to_string(savedRows_) + " finished tile rows of " +
                         std::to_string(gridRows_) + " are kept in " + paths_.partial.string() +
                         " and the same command resumes from them (delete it to start over)");
  }

  // The run is complete: both files go.
  void remove() {
    close();
    std::error_code ec;
    fs::remove(paths_.partial, ec);
    fs::remove(paths_.state, ec);
  }

private:
  void close() {
    ::close(fd_.fd);
    fd_.fd = -1;
  }

  const OutputPaths& paths_;
  const std::string print_;
  const int gridRows_;
  int savedRows_;
  Fd fd_;
};

// The rolling band of tile rows in flight: blended logits (C planes of T x W), their weight sums
// and, with markWhite, the weighted votes for white glass.
class BlendBand {
public:
  BlendBand(const TileGrid& grid, bool markWhite)
      : T_(grid.tile), S_(grid.stride()), W_(grid.width), markWhite_(markWhite),
        wsum_(static_cast<std::size_t>(T_) * W_, 0.0f),
        whiteVotes_(markWhite ? static_cast<std::size_t>(T_) * W_ : 0, 0.0f),
        ramp_(tileBlendRamp(T_, grid.overlap)) {}

  // Adds one tile's C x T x T logits (and its white mask) at column x0, over the band's first
  // bandRows pixel rows.
  void add(const float* L, std::size_t i, int C, std::int64_t x0, int bandRows, const cv::Mat& white) {
    if (acc_.empty()) acc_.assign(static_cast<std::size_t>(C) * T_ * W_, 0.0f);
    const int T = T_;
    const std::int64_t W = W_;
    const std::size_t plane = static_cast<std::size_t>(T) * T;
    const int xs = static_cast<int>(std::min<std::int64_t>(T, W - x0));
    for (int y = 0; y < bandRows; ++y) {
      const float wy = ramp_[static_cast<std::size_t>(y)];
      float* ws = wsum_.data() + static_cast<std::size_t>(y) * W + x0;
      for (int x = 0; x < xs; ++x) ws[x] += wy * ramp_[static_cast<std::size_t>(x)];
      if (markWhite_) {
        const std::uint8_t* isWhite = white.ptr<std::uint8_t>(y);
        float* wv = whiteVotes_.data() + static_cast<std::size_t>(y) * W + x0;
        for (int x = 0; x < xs; ++x)
          if (isWhite[x]) wv[x] += wy * ramp_[static_cast<std::size_t>(x)];
      }
      for (int c = 0; c < C; ++c) {
        const float* l = L + (i * C + c) * plane + static_cast<std::size_t>(y) * T;
        float* a = acc_.data() + (static_cast<std::size_t>(c) * T + y) * W + x0;
        for (int x = 0; x < xs; ++x) a[x] += wy * ramp_[static_cast<std::size_t>(x)] * l[x];
      }
    }
  }

  // Pixel row y of the band as class indices: argmax (ties to the lowest class), or background
  // where no tile covered it, no class is known yet or the glass vote wins.
  void argmaxRow(int y, int classes, std::uint8_t background, std::vector<std::uint8_t>& rowOut) const {
    const std::int64_t W = W_;
    const int T = T_;
    const float* ws = wsum_.data() + static_cast<std::size_t>(y) * W;
    for (std::int64_t x = 0; x < W; ++x) {
      const bool glass = markWhite_ && whiteVotes_[static_cast<std::size_t>(y) * W + x] > 0.5f * ws[x];
      if (ws[x] <= 0.0f || classes == 0 || glass) {
        rowOut[static_cast<std::size_t>(x)] = background;
        continue;
      }
      int best = 0;
      float bestV = acc_[static_cast<std::size_t>(y) * W + x];
      for (int c = 1; c < classes; ++c) {
        const float v = acc_[(static_cast<std::size_t>(c) * T + y) * W + x];
        if (v > bestV) {
          bestV = v;
          best = c;
        }
      }
      rowOut[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(best);
    }
  }

  // Slides the band up by one stride.
  void slideUp(int classes) {
    const std::size_t keep = static_cast<std::size_t>(T_ - S_) * W_, shift = static_cast<std::size_t>(S_) * W_;
    auto slide = [&](float* base) {
      std::memmove(base, base + shift, keep * sizeof(float));
      std::fill(base + keep, base + keep + shift, 0.0f);
    };
    slide(wsum_.data());
    if (markWhite_) slide(whiteVotes_.data());
    for (int c = 0; c < classes && !acc_.empty(); ++c) slide(acc_.data() + static_cast<std::size_t>(c) * T_ * W_);
  }

private:
  const int T_, S_;
  const std::int64_t W_;
  const bool markWhite_;
  std::vector<float> acc_, wsum_, whiteVotes_;
  const std::vector<float> ramp_;
};

// What the tile loop reads from: the slide at the working resolution, its grid and the tile function.
struct TileSource {
  const SlideReader& reader;
  const SlidePredictOptions& options;
  const TileLogitsFn& tileLogits;
  const ReadResolution& res;
  const TileGrid& grid;
};

// Reads the tiles cols[b0 .. b0 + n) of the band at bandY0 and runs them through the tile function;
// returns their logits (N x C x T x T, CPU float, contiguous) and, with markWhite, their white masks.
at::Tensor inferBatch(const TileSource& src, const std::vector<int>& cols, std::size_t b0, std::size_t n,
                      std::int64_t bandY0, std::vector<cv::Mat>& white) {
  const int T = src.grid.tile;
  std::vector<cv::Mat> tiles(n);
  white.assign(n, cv::Mat());
  cv::parallel_for_(cv::Range(0, static_cast<int>(n)), [&](const cv::Range& range) {
    for (int i = range.start; i < range.end; ++i) {
      const auto k = static_cast<std::size_t>(i);
      tiles[k] = readRegionAt(src.reader, src.res, src.grid.x(cols[b0 + i]), bandY0, T, T);
      if (src.options.markWhite) white[k] = data::whiteBackgroundMask(tiles[k]);
    }
  });
  at::Tensor logits = src.tileLogits(data::rgbBatchToTensor(tiles));
  if (!logits.defined() || logits.dim() != 4 || logits.size(0) != static_cast<long>(n) || logits.size(2) != T ||
      logits.size(3) != T || logits.size(1) < 1)
    throw RuntimeFailure("tile function returned logits of shape " +
                         (logits.defined() ? [&] { std::ostringstream s; s << logits.sizes(); return s.str(); }()
                                           : std::string("(undefined)")) +
                         ", expected [" + std::to_string(n) + ", C, " + std::to_string(T) + ", " +
                         std::to_string(T) + "]");
  return logits.to(torch::kCPU, torch::kFloat32).contiguous();
}

// Runs the tissue tiles of tile row r through the tile function in batches and blends them into the
// band. `classes` is set by the first batch of the run and checked against every later one.
// Returns the number of tiles inferred.
long inferTileRow(const TileSource& src, int r, const std::vector<std::uint8_t>& tissue, const CancelToken& cancel,
                  BlendBand& band, int& classes) {
  const TileGrid& grid = src.grid;
  const std::int64_t bandY0 = grid.y(r);
  const int bandRows = static_cast<int>(std::min<std::int64_t>(grid.tile, grid.height - bandY0));
  std::vector<int> cols;
  for (int c = 0; c < grid.cols; ++c)
    if (tissue[static_cast<std::size_t>(r) * grid.cols + c]) cols.push_back(c);

  long inferred = 0;
  const auto batchSize = static_cast<std::size_t>(src.options.batchSize);
  for (std::size_t b0 = 0; b0 < cols.size(); b0 += batchSize) {
    cancel.throwIfCancelled();
    const std::size_t n = std::min(cols.size() - b0, batchSize);
    std::vector<cv::Mat> white;
    const at::Tensor logits = inferBatch(src, cols, b0, n, bandY0, white);
    const int C = static_cast<int>(logits.size(1));
    if (classes == 0) classes = C;
    if (C != classes)
      throw RuntimeFailure("tile function changed its number of classes from " + std::to_string(classes) + " to " +
                           std::to_string(C));
    const float* L = logits.data_ptr<float>();
    for (std::size_t i = 0; i < n; ++i) band.add(L, i, C, grid.x(cols[b0 + i]), bandRows, white[i]);
    inferred += static_cast<long>(n);
  }
  return inferred;
}

// Builds the pyramidal TIFF from the finished partial mask.
void writeMaskTiff(const SlideReader& reader, const SlidePredictOptions& options, const ReadResolution& res,
                   const TileGrid& grid, const fs::path& outPath, PartialMask& partial) {
  const std::int64_t W = grid.width, H = grid.height;
  MaskPyramidMetadata meta;
  meta.slideDownsample = res.downsample;
  meta.umPerPx = res.umPerPx;
  meta.background = static_cast<std::uint8_t>(options.classes.backgroundIndex);
  nlohmann::json extra = classesJson(options.classes);
  extra["source_slide"] = reader.path().filename().string();
  extra["slide_level"] = res.level;
  extra["tile"] = grid.tile;
  extra["overlap"] = grid.overlap;
  extra["model"] = options.modelTag;
  meta.extraJson = extra.dump();
  writeMaskPyramid(outPath, W, H,
                   [&](std::int64_t y0, int n, std::uint8_t* dst) {
                     partial.read(dst, static_cast<std::size_t>(n) * W, y0 * W);
                   },
                   meta);
}

}  // namespace

SlidePredictResult predictSlide(const SlideReader& reader, const SlidePredictOptions& options,
                                const TileLogitsFn& tileLogits, const CancelToken& cancel, EventSink& events) {
  const auto t0 = Clock::now();
  if (options.outputTiff.empty()) throw InputError("predictSlide: no output path given");
  if (options.batchSize <= 0) throw InputError("batch size must be positive");
  if (!tileLogits) throw InputError("predictSlide: no tile function");
  const OutputPaths paths = outputPaths(options);

  SlidePredictResult result;
  result.tiff = paths.tiff;
  result.png = paths.png;
  const ReadResolution res = resolveResolution(reader, options.resolution);
  const TileGrid grid = makeTileGrid(res.width, res.height, options.tileSize, options.overlap);
  result.resolution = res;
  result.grid = grid;
  const std::int64_t W = grid.width, H = grid.height;
  const int S = grid.stride();
  const std::uint8_t background = static_cast<std::uint8_t>(options.classes.backgroundIndex);

  std::vector<std::uint8_t> tissue;
  if (options.skipEmptyTiles) {
    tissue = tissueTiles(grid, detectSlideTissue(reader, options.tissue), res.downsample);
  } else {
    tissue.assign(static_cast<std::size_t>(grid.count()), 1);
  }
  result.tissueTiles = static_cast<long>(std::count(tissue.begin(), tissue.end(), 1));

  const std::string print = fingerprint(reader, options, res, grid);
  const ResumePoint resume = readResumeState(paths, options, print, grid, W * H, events);
  const int rowsDone = resume.rowsDone;
  int classes = resume.classes;
  if (rowsDone > 0)
    events.warning("resuming " + reader.path().filename().string() + " at tile row " + std::to_string(rowsDone) +
                   " of " + std::to_string(grid.rows));
  result.tileRowsResumed = rowsDone;

  PartialMask partial(paths, print, grid.rows, rowsDone, W * H);
  BlendBand band(grid, options.markWhite);
  const TileSource src{reader, options, tileLogits, res, grid};
  std::vector<std::uint8_t> rowOut(static_cast<std::size_t>(W));
  const int startRow = rowsDone == 0 ? 0 : (grid.overlap > 0 ? rowsDone - 1 : rowsDone);
  const long total = grid.count();
  auto lastSave = Clock::now();
  int finished = rowsDone;

  try {
    for (int r = startRow; r < grid.rows; ++r) {
      cancel.throwIfCancelled();
      result.tilesInferred += inferTileRow(src, r, tissue, cancel, band, classes);
      // Pixel rows no later tile row touches are final.
      const std::int64_t bandY0 = grid.y(r);
      const int bandRows = static_cast<int>(std::min<std::int64_t>(grid.tile, H - bandY0));
      const bool lastRow = r == grid.rows - 1;
      const int finalRows = static_cast<int>(std::min<std::int64_t>(lastRow ? bandRows : S, H - bandY0));
      if (r >= rowsDone) {
        for (int y = 0; y < finalRows; ++y) {
          band.argmaxRow(y, classes, background, rowOut);
          partial.write(rowOut, (bandY0 + y) * W);
        }
        finished = r + 1;
      }
      band.slideUp(classes);
      if (std::chrono::duration<double>(Clock::now() - lastSave).count() >= options.checkpointSeconds) {
        partial.save(finished, classes);  // durable before the row is reported done
        lastSave = Clock::now();
      }
      events.progress("predict-slide", static_cast<long>(r + 1) * grid.cols, total);
    }
  } catch (const Cancelled&) {
    partial.save(finished, classes);
    throw;
  } catch (const RuntimeFailure& e) {
    partial.fail(e.what());
  }
  try {
    partial.save(finished, classes);
    writeMaskTiff(reader, options, res, grid, paths.tiff, partial);
  } catch (const RuntimeFailure& e) {
    partial.fail(e.what());
  }
  events.artifact("slide-mask", paths.tiff.string());
  writePreview(paths.tiff, paths.png, options.previewMaxSide, options.classes.palette());
  events.artifact("slide-mask-preview", paths.png.string());
  partial.remove();

  result.classes = classes;
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  result.tilesPerSecond = result.seconds > 0 ? result.tilesInferred / result.seconds : 0.0;
  return result;
}

}  // namespace arml::slide
