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

}  // namespace

SlidePredictResult predictSlide(const SlideReader& reader, const SlidePredictOptions& options,
                                const TileLogitsFn& tileLogits, const CancelToken& cancel, EventSink& events) {
  const auto t0 = Clock::now();
  if (options.outputTiff.empty()) throw InputError("predictSlide: no output path given");
  if (options.batchSize <= 0) throw InputError("batch size must be positive");
  if (!tileLogits) throw InputError("predictSlide: no tile function");
  const fs::path outPath = options.outputTiff;
  if (outPath.has_parent_path()) fs::create_directories(outPath.parent_path());
  const fs::path pngPath = options.previewPng.empty() ? defaultPreview(outPath) : options.previewPng;
  const fs::path partialPath = fs::path(outPath.string() + ".partial");
  const fs::path statePath = fs::path(outPath.string() + ".resume.json");

  SlidePredictResult result;
  result.tiff = outPath;
  result.png = pngPath;
  const ReadResolution res = resolveResolution(reader, options.resolution);
  const TileGrid grid = makeTileGrid(res.width, res.height, options.tileSize, options.overlap);
  result.resolution = res;
  result.grid = grid;
  const std::int64_t W = grid.width, H = grid.height;
  const int T = grid.tile, S = grid.stride();
  const std::uint8_t background = static_cast<std::uint8_t>(options.classes.backgroundIndex);

  std::vector<std::uint8_t> tissue;
  if (options.skipEmptyTiles) {
    tissue = tissueTiles(grid, detectSlideTissue(reader, options.tissue), res.downsample);
  } else {
    tissue.assign(static_cast<std::size_t>(grid.count()), 1);
  }
  result.tissueTiles = static_cast<long>(std::count(tissue.begin(), tissue.end(), 1));

  // Resume state.
  const std::string print = fingerprint(reader, options, res, grid);
  int rowsDone = 0;
  int classes = 0;
  std::error_code ec;
  if (options.resume && fs::exists(statePath, ec) && fs::exists(partialPath, ec) &&
      fs::file_size(partialPath, ec) == static_cast<std::uintmax_t>(W * H)) {
    const auto bytes = readFileBytes(statePath);
    const auto state = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (state.is_object() && state.value("fingerprint", std::string()) == print) {
      rowsDone = std::clamp(state.value("rows_done", 0), 0, grid.rows);
      classes = state.value("classes", 0);
    } else {
      events.warning("ignoring resume state of a different run: " + statePath.string());
    }
  }
  if (rowsDone > 0)
    events.warning("resuming " + reader.path().filename().string() + " at tile row " + std::to_string(rowsDone) +
                   " of " + std::to_string(grid.rows));
  result.tileRowsResumed = rowsDone;

  Fd partial;
  partial.fd = ::open(partialPath.c_str(), O_RDWR | O_CREAT | (rowsDone == 0 ? O_TRUNC : 0), 0644);
  if (partial.fd < 0) throw RuntimeFailure(partialPath.string() + ": cannot open: " + std::strerror(errno));
  if (rowsDone == 0 && ::ftruncate(partial.fd, static_cast<off_t>(W * H)) != 0)
    throw RuntimeFailure(partialPath.string() + ": cannot size the partial mask: " + std::strerror(errno));

  // A failure (disk full, I/O error) keeps the partial mask only when it holds finished rows that a
  // rerun resumes from; otherwise nothing of this run is left behind.
  int savedRows = rowsDone;
  auto failWithPartial = [&](const std::string& what) {
    if (savedRows == 0) {
      ::close(partial.fd);
      partial.fd = -1;
      std::error_code ignored;
      fs::remove(partialPath, ignored);
      fs::remove(statePath, ignored);
      throw RuntimeFailure(what);
    }
    throw RuntimeFailure(what + "; the " + std::to_string(savedRows) + " finished tile rows of " +
                         std::to_string(grid.rows) + " are kept in " + partialPath.string() +
                         " and the same command resumes from them (delete it to start over)");
  };
  auto saveState = [&](int done) {
    if (::fdatasync(partial.fd) != 0)
      throw RuntimeFailure(partialPath.string() + ": cannot flush: " + std::strerror(errno));
    nlohmann::json state = {{"version", 1}, {"fingerprint", print}, {"rows_done", done}, {"rows", grid.rows},
                            {"classes", classes}};
    writeFileAtomically(statePath, state.dump(1));
    savedRows = done;
  };

  // Rolling band of tile rows in flight: blended logits (C planes of T x W) and their weight sums.
  std::vector<float> acc, wsum(static_cast<std::size_t>(T) * W, 0.0f);
  std::vector<float> whiteVotes(options.markWhite ? static_cast<std::size_t>(T) * W : 0, 0.0f);
  const std::vector<float> ramp = tileBlendRamp(T, grid.overlap);
  std::vector<std::uint8_t> rowOut(static_cast<std::size_t>(W));
  const int startRow = rowsDone == 0 ? 0 : (grid.overlap > 0 ? rowsDone - 1 : rowsDone);
  const long total = grid.count();
  auto lastSave = Clock::now();
  int finished = rowsDone;

  try {
    for (int r = startRow; r < grid.rows; ++r) {
      cancel.throwIfCancelled();
      const std::int64_t bandY0 = grid.y(r);
      const int bandRows = static_cast<int>(std::min<std::int64_t>(T, H - bandY0));
      std::vector<int> cols;
      for (int c = 0; c < grid.cols; ++c)
        if (tissue[static_cast<std::size_t>(r) * grid.cols + c]) cols.push_back(c);

      for (std::size_t b0 = 0; b0 < cols.size(); b0 += static_cast<std::size_t>(options.batchSize)) {
        cancel.throwIfCancelled();
        const std::size_t n = std::min(cols.size() - b0, static_cast<std::size_t>(options.batchSize));
        std::vector<cv::Mat> tiles(n), white(n);
        cv::parallel_for_(cv::Range(0, static_cast<int>(n)), [&](const cv::Range& range) {
          for (int i = range.start; i < range.end; ++i) {
            const auto k = static_cast<std::size_t>(i);
            tiles[k] = readRegionAt(reader, res, grid.x(cols[b0 + i]), bandY0, T, T);
            if (options.markWhite) white[k] = data::whiteBackgroundMask(tiles[k]);
          }
        });
        at::Tensor logits = tileLogits(data::rgbBatchToTensor(tiles));
        if (!logits.defined() || logits.dim() != 4 || logits.size(0) != static_cast<long>(n) || logits.size(2) != T ||
            logits.size(3) != T || logits.size(1) < 1)
          throw RuntimeFailure("tile function returned logits of shape " +
                               (logits.defined() ? [&] { std::ostringstream s; s << logits.sizes(); return s.str(); }()
                                                 : std::string("(undefined)")) +
                               ", expected [" + std::to_string(n) + ", C, " + std::to_string(T) + ", " +
                               std::to_string(T) + "]");
        logits = logits.to(torch::kCPU, torch::kFloat32).contiguous();
        const int C = static_cast<int>(logits.size(1));
        if (classes == 0) classes = C;
        if (C != classes)
          throw RuntimeFailure("tile function changed its number of classes from " + std::to_string(classes) +
                               " to " + std::to_string(C));
        if (acc.empty()) acc.assign(static_cast<std::size_t>(C) * T * W, 0.0f);
        const float* L = logits.data_ptr<float>();
        const std::size_t plane = static_cast<std::size_t>(T) * T;
        for (std::size_t i = 0; i < n; ++i) {
          const std::int64_t x0 = grid.x(cols[b0 + i]);
          const int xs = static_cast<int>(std::min<std::int64_t>(T, W - x0));
          for (int y = 0; y < bandRows; ++y) {
            const float wy = ramp[static_cast<std::size_t>(y)];
            float* ws = wsum.data() + static_cast<std::size_t>(y) * W + x0;
            for (int x = 0; x < xs; ++x) ws[x] += wy * ramp[static_cast<std::size_t>(x)];
            if (options.markWhite) {
              const std::uint8_t* isWhite = white[i].ptr<std::uint8_t>(y);
              float* wv = whiteVotes.data() + static_cast<std::size_t>(y) * W + x0;
              for (int x = 0; x < xs; ++x)
                if (isWhite[x]) wv[x] += wy * ramp[static_cast<std::size_t>(x)];
            }
            for (int c = 0; c < C; ++c) {
              const float* l = L + (i * C + c) * plane + static_cast<std::size_t>(y) * T;
              float* a = acc.data() + (static_cast<std::size_t>(c) * T + y) * W + x0;
              for (int x = 0; x < xs; ++x) a[x] += wy * ramp[static_cast<std::size_t>(x)] * l[x];
            }
          }
        }
        result.tilesInferred += static_cast<long>(n);
      }

      // Pixel rows no later tile row touches are final: argmax (ties to the lowest class) or background.
      const bool lastRow = r == grid.rows - 1;
      const int finalRows = static_cast<int>(std::min<std::int64_t>(lastRow ? bandRows : S, H - bandY0));
      if (r >= rowsDone) {
        for (int y = 0; y < finalRows; ++y) {
          const float* ws = wsum.data() + static_cast<std::size_t>(y) * W;
          for (std::int64_t x = 0; x < W; ++x) {
            const bool glass = options.markWhite && whiteVotes[static_cast<std::size_t>(y) * W + x] > 0.5f * ws[x];
            if (ws[x] <= 0.0f || classes == 0 || glass) {
              rowOut[static_cast<std::size_t>(x)] = background;
              continue;
            }
            int best = 0;
            float bestV = acc[static_cast<std::size_t>(y) * W + x];
            for (int c = 1; c < classes; ++c) {
              const float v = acc[(static_cast<std::size_t>(c) * T + y) * W + x];
              if (v > bestV) {
                bestV = v;
                best = c;
              }
            }
            rowOut[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(best);
          }
          pwriteAll(partial.fd, rowOut.data(), rowOut.size(), (bandY0 + y) * W, partialPath);
        }
        finished = r + 1;
      }
      // Slide the band up by one stride.
      const std::size_t keep = static_cast<std::size_t>(T - S) * W, shift = static_cast<std::size_t>(S) * W;
      auto slide = [&](float* base) {
        std::memmove(base, base + shift, keep * sizeof(float));
        std::fill(base + keep, base + keep + shift, 0.0f);
      };
      slide(wsum.data());
      if (options.markWhite) slide(whiteVotes.data());
      for (int c = 0; c < classes && !acc.empty(); ++c) slide(acc.data() + static_cast<std::size_t>(c) * T * W);

      if (std::chrono::duration<double>(Clock::now() - lastSave).count() >= options.checkpointSeconds) {
        saveState(finished);  // durable before the row is reported done
        lastSave = Clock::now();
      }
      events.progress("predict-slide", static_cast<long>(r + 1) * grid.cols, total);
    }
  } catch (const Cancelled&) {
    saveState(finished);
    throw;
  } catch (const RuntimeFailure& e) {
    failWithPartial(e.what());
  }
  try {
    saveState(finished);
  } catch (const RuntimeFailure& e) {
    failWithPartial(e.what());
  }

  MaskPyramidMetadata meta;
  meta.slideDownsample = res.downsample;
  meta.umPerPx = res.umPerPx;
  meta.background = background;
  nlohmann::json extra = classesJson(options.classes);
  extra["source_slide"] = reader.path().filename().string();
  extra["slide_level"] = res.level;
  extra["tile"] = T;
  extra["overlap"] = grid.overlap;
  extra["model"] = options.modelTag;
  meta.extraJson = extra.dump();
  try {
    writeMaskPyramid(outPath, W, H,
                     [&](std::int64_t y0, int n, std::uint8_t* dst) {
                       preadAll(partial.fd, dst, static_cast<std::size_t>(n) * W, y0 * W, partialPath);
                     },
                     meta);
  } catch (const RuntimeFailure& e) {
    failWithPartial(e.what());
  }
  events.artifact("slide-mask", outPath.string());
  writePreview(outPath, pngPath, options.previewMaxSide, options.classes.palette());
  events.artifact("slide-mask-preview", pngPath.string());
  ::close(partial.fd);
  partial.fd = -1;
  fs::remove(partialPath, ec);
  fs::remove(statePath, ec);

  result.classes = classes;
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  result.tilesPerSecond = result.seconds > 0 ? result.tilesInferred / result.seconds : 0.0;
  return result;
}

}  // namespace arml::slide
