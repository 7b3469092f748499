#include "data/synthetic_dataset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "data/augmentation.h"
#include "data/class_scheme.h"
#include "data/image_io.h"
#include "data/image_label.h"
#include "data/palette_png.h"

namespace arml::data {

namespace fs = std::filesystem;

namespace {

constexpr int kTissue = 4;
constexpr unsigned char kBackground = 4;

int randInt(AugmentRng& rng, int lo, int hi) { return lo + int(rng() % std::uint64_t(hi - lo + 1)); }

// Smooth noise in about [-1, 1]: a coarse random grid upsampled bicubically.
cv::Mat smoothNoise(AugmentRng& rng, int size, int cells) {
  cv::Mat grid(cells + 1, cells + 1, CV_32F);
  for (int y = 0; y <= cells; ++y)
    for (int x = 0; x <= cells; ++x) grid.at<float>(y, x) = float(uniform(rng, -1.0, 1.0));
  cv::Mat out;
  cv::resize(grid, out, cv::Size(size, size), 0, 0, cv::INTER_CUBIC);
  return out;
}

cv::Mat flatColour(int size, cv::Vec3f c) { return cv::Mat(size, size, CV_32FC3, cv::Scalar(c[0], c[1], c[2])); }

// Adds amp·noise·weights to every channel.
void addSmoothNoise(cv::Mat& img, AugmentRng& rng, int cells, cv::Vec3f amp) {
  const cv::Mat n = smoothNoise(rng, img.rows, cells);
  for (int y = 0; y < img.rows; ++y) {
    cv::Vec3f* p = img.ptr<cv::Vec3f>(y);
    const float* q = n.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x) p[x] += amp * q[x];
  }
}

cv::Vec3f jitter(AugmentRng& rng, cv::Vec3f c, float amount) {
  return {c[0] + float(uniform(rng, -amount, amount)), c[1] + float(uniform(rng, -amount, amount)),
          c[2] + float(uniform(rng, -amount, amount))};
}

void drawNuclei(cv::Mat& img, AugmentRng& rng, int count, double aMin, double aMax, double bMin, double bMax,
                cv::Vec3f colour, float colourJitter, double angle = -1, double angleSpread = 180) {
  const int s = img.rows;
  for (int i = 0; i < count; ++i) {
    const cv::Point2f c(float(uniform(rng, -4, s + 4)), float(uniform(rng, -4, s + 4)));
    const cv::Size2f axes(float(uniform(rng, aMin, aMax)), float(uniform(rng, bMin, bMax)));
    const double a = angle < 0 ? uniform(rng, 0, 180) : angle + uniform(rng, -angleSpread, angleSpread);
    const cv::Vec3f col = jitter(rng, colour, colourJitter);
    // Sub-pixel ellipse via the shift argument (4 fractional bits).
    cv::ellipse(img, cv::Point(int(c.x * 16), int(c.y * 16)), cv::Size(int(axes.width * 16), int(axes.height * 16)), a,
                0, 360, cv::Scalar(col[0], col[1], col[2]), cv::FILLED, cv::LINE_AA, 4);
  }
}

cv::Mat tumourTexture(AugmentRng& rng, int s) {
  cv::Mat t = flatColour(s, jitter(rng, {212, 148, 198}, 6));
  addSmoothNoise(t, rng, 6, {10, 12, 8});
  const double area = double(s) * s;
  drawNuclei(t, rng, int(area / 210), 3.5, 7.0, 2.5, 5.5, {98, 52, 140}, 14);
  drawNuclei(t, rng, int(area / 900), 1.0, 1.8, 1.0, 1.8, {60, 30, 100}, 8);  // nucleoli / chromatin
  return t;
}

cv::Mat necrosisTexture(AugmentRng& rng, int s) {
  cv::Mat t = flatColour(s, jitter(rng, {202, 156, 184}, 5));
  addSmoothNoise(t, rng, 5, {10, 10, 10});
  addSmoothNoise(t, rng, s / 3, {8, 8, 8});  // granular
  const double area = double(s) * s;
  drawNuclei(t, rng, int(area / 1000), 3.5, 6.0, 3.0, 5.0, {184, 138, 182}, 6);   // ghost nuclei
  drawNuclei(t, rng, int(area / 55), 0.6, 1.5, 0.6, 1.4, {150, 92, 155}, 18);     // karyorrhectic debris
  return t;
}

cv::Mat lymphocyteTexture(AugmentRng& rng, int s) {
  cv::Mat t = flatColour(s, jitter(rng, {210, 156, 198}, 5));
  addSmoothNoise(t, rng, 6, {8, 8, 8});
  const double area = double(s) * s;
  drawNuclei(t, rng, int(area / 60), 2.2, 3.3, 2.0, 3.1, {58, 36, 108}, 12);
  return t;
}

cv::Mat stromaTexture(AugmentRng& rng, int s) {
  const double angle = uniform(rng, 0, 180);
  // Fibres: white noise smeared along one direction, with a slowly bending orientation ignored.
  cv::Mat noise(s + 32, s + 32, CV_32F);
  for (int y = 0; y < noise.rows; ++y)
    for (int x = 0; x < noise.cols; ++x) noise.at<float>(y, x) = float(uniform(rng, -1.0, 1.0));
  cv::Mat kernel = cv::Mat::zeros(21, 21, CV_32F);
  const double r = angle * CV_PI / 180.0;
  cv::line(kernel, cv::Point(int(10 - 10 * std::cos(r)), int(10 - 10 * std::sin(r))),
           cv::Point(int(10 + 10 * std::cos(r)), int(10 + 10 * std::sin(r))), cv::Scalar(1.0), 1, cv::LINE_AA);
  kernel /= cv::sum(kernel)[0];
  cv::Mat fib;
  cv::filter2D(noise, fib, -1, kernel);
  fib = fib(cv::Rect(16, 16, s, s)).clone();
  double lo, hi;
  cv::minMaxLoc(fib, &lo, &hi);
  const float scale = float(2.0 / std::max(1e-6, hi - lo));
  cv::Mat t = flatColour(s, jitter(rng, {232, 142, 172}, 6));
  for (int y = 0; y < s; ++y) {
    cv::Vec3f* p = t.ptr<cv::Vec3f>(y);
    const float* f = fib.ptr<float>(y);
    for (int x = 0; x < s; ++x) {
      const float v = (f[x] - float(lo)) * scale - 1.0f;  // [-1, 1]
      p[x] += cv::Vec3f(12, 34, 20) * v;
    }
  }
  addSmoothNoise(t, rng, 4, {6, 8, 6});
  const double area = double(s) * s;
  drawNuclei(t, rng, int(area / 800), 6.0, 10.0, 1.2, 2.0, {112, 62, 142}, 12, angle, 12);
  return t;
}

cv::Mat backgroundTexture(AugmentRng& rng, int s) {
  cv::Mat t = flatColour(s, jitter(rng, {244, 241, 246}, 3));
  addSmoothNoise(t, rng, 4, {3, 3, 3});
  return t;
}

// The region map: warped Voronoi cells of the chosen classes, optionally a white region.
cv::Mat regionMap(AugmentRng& rng, int s, const std::vector<int>& classes, bool background) {
  const int seeds = int(classes.size()) + randInt(rng, 0, 2);
  std::vector<cv::Point2f> pts;
  std::vector<int> cls;
  for (int i = 0; i < seeds; ++i) {
    pts.emplace_back(float(uniform(rng, 0, s)), float(uniform(rng, 0, s)));
    cls.push_back(i < int(classes.size()) ? classes[std::size_t(i)] : classes[rng() % classes.size()]);
  }
  const cv::Mat wx = smoothNoise(rng, s, 3), wy = smoothNoise(rng, s, 3);
  const cv::Mat bx = smoothNoise(rng, s, 4), by = smoothNoise(rng, s, 4);
  const float warp = 0.18f * float(s);
  const cv::Point2f bgCentre(float(uniform(rng, -0.1, 1.1) * s), float(uniform(rng, -0.1, 1.1) * s));
  const float bgRadius = float(uniform(rng, 0.18, 0.38) * s);
  cv::Mat mask(s, s, CV_8UC1);
  for (int y = 0; y < s; ++y) {
    unsigned char* m = mask.ptr<unsigned char>(y);
    for (int x = 0; x < s; ++x) {
      const float px = float(x) + warp * wx.at<float>(y, x), py = float(y) + warp * wy.at<float>(y, x);
      float best = 1e30f;
      int bestClass = cls[0];
      for (std::size_t i = 0; i < pts.size(); ++i) {
        const float dx = px - pts[i].x, dy = py - pts[i].y, d = dx * dx + dy * dy;
        if (d < best) {
          best = d;
          bestClass = cls[i];
        }
      }
      m[x] = static_cast<unsigned char>(bestClass);
      if (background) {
        const float qx = float(x) + 0.12f * float(s) * bx.at<float>(y, x) - bgCentre.x;
        const float qy = float(y) + 0.12f * float(s) * by.at<float>(y, x) - bgCentre.y;
        if (qx * qx + qy * qy < bgRadius * bgRadius) m[x] = kBackground;
      }
    }
  }
  return mask;
}

std::array<long, 5> classCounts(const cv::Mat& mask) {
  std::array<long, 5> c{};
  for (int y = 0; y < mask.rows; ++y) {
    const unsigned char* m = mask.ptr<unsigned char>(y);
    for (int x = 0; x < mask.cols; ++x) ++c[std::min<int>(m[x], 4)];
  }
  return c;
}

std::vector<int> presentClasses(const cv::Mat& mask) {
  const auto c = classCounts(mask);
  std::vector<int> label(kTissue, 0);
  for (int k = 0; k < kTissue; ++k) label[std::size_t(k)] = c[std::size_t(k)] > 0 ? 1 : 0;
  return label;
}

}  // namespace

SyntheticPatch makeSyntheticPatch(std::uint64_t seed, int s) {
  if (s < 16) throw InputError("--patch-size " + std::to_string(s), "synthetic patches need at least 16 px");
  AugmentRng rng(sampleSeed(seed, 0x5717, 0));
  const double r = uniform(rng, 0, 1);
  const int n = r < 0.30 ? 1 : r < 0.70 ? 2 : r < 0.95 ? 3 : 4;
  std::vector<int> all{0, 1, 2, 3};
  for (int i = 3; i > 0; --i) std::swap(all[std::size_t(i)], all[rng() % std::uint64_t(i + 1)]);
  const std::vector<int> classes(all.begin(), all.begin() + n);
  const bool background = coin(rng, 0.35);

  // Regions small enough to be slivers make labels unlearnable: redraw until each chosen class
  // covers ≥ 4 % and the background ≤ 45 % (the label is always what the final mask contains).
  cv::Mat mask;
  const long total = long(s) * s;
  for (int attempt = 0; attempt < 12; ++attempt) {
    mask = regionMap(rng, s, classes, background);
    const auto c = classCounts(mask);
    bool ok = c[4] <= total * 45 / 100;
    for (int k : classes) ok = ok && c[std::size_t(k)] >= total * 4 / 100;
    if (ok) break;
  }

  std::array<cv::Mat, 5> textures;
  const auto counts = classCounts(mask);
  for (int k = 0; k < 5; ++k) {
    AugmentRng trng(sampleSeed(seed, 0x7e47, std::uint64_t(k)));
    if (counts[std::size_t(k)] == 0) continue;
    textures[std::size_t(k)] = k == 0 ? tumourTexture(trng, s)
                               : k == 1 ? necrosisTexture(trng, s)
                               : k == 2 ? lymphocyteTexture(trng, s)
                               : k == 3 ? stromaTexture(trng, s)
                                        : backgroundTexture(trng, s);
  }
  cv::Mat composed(s, s, CV_32FC3);
  for (int y = 0; y < s; ++y) {
    const unsigned char* m = mask.ptr<unsigned char>(y);
    cv::Vec3f* o = composed.ptr<cv::Vec3f>(y);
    for (int x = 0; x < s; ++x) o[x] = textures[m[x]].at<cv::Vec3f>(y, x);
  }
  cv::GaussianBlur(composed, composed, cv::Size(0, 0), 0.7);
  for (int y = 0; y < s; ++y) {
    cv::Vec3f* o = composed.ptr<cv::Vec3f>(y);
    for (int x = 0; x < s; ++x) {
      const float g = float(uniform(rng, -3.0, 3.0));
      o[x] += cv::Vec3f(g, g, g) + cv::Vec3f(float(uniform(rng, -2, 2)), float(uniform(rng, -2, 2)), 0.0f);
    }
  }
  SyntheticPatch patch;
  composed.convertTo(patch.image, CV_8UC3);  // saturating, rounded
  patch.mask = mask;
  return patch;
}

SyntheticSummary writeSyntheticDataset(const fs::path& out, const SyntheticOptions& o, const CancelToken& cancel) {
  if (o.train < 0 || o.val < 0 || o.test < 0) throw InputError("counts", "negative image counts");
  const Palette palette = luadScheme().palette();
  SyntheticSummary summary;
  summary.trainImagesPerClass.assign(kTissue, 0);
  char stem[64];
  for (int i = 0; i < o.train; ++i) {
    cancel.throwIfCancelled();
    const SyntheticPatch p = makeSyntheticPatch(sampleSeed(o.seed, 1, std::uint64_t(i)), o.patchSize);
    const std::vector<int> label = presentClasses(p.mask);
    for (int k = 0; k < kTissue; ++k) summary.trainImagesPerClass[std::size_t(k)] += label[std::size_t(k)];
    std::snprintf(stem, sizeof(stem), "synth-%04d-", i);
    const std::string name = stem + formatImageLabel(label, LabelStyle::Spaced) + ".png";
    writeRgbPng(out / "train" / name, p.image);
    writePalettePng(out / "train_mask" / name, p.mask, palette);
    ++summary.train;
  }
  for (int split = 0; split < 2; ++split) {
    const int count = split == 0 ? o.val : o.test;
    const fs::path dir = out / (split == 0 ? "val" : "test");
    for (int i = 0; i < count; ++i) {
      cancel.throwIfCancelled();
      const SyntheticPatch p = makeSyntheticPatch(sampleSeed(o.seed, std::uint64_t(2 + split), std::uint64_t(i)), o.patchSize);
      std::snprintf(stem, sizeof(stem), "%04d.png", i);
      writeRgbPng(dir / "img" / stem, p.image);
      writePalettePng(dir / "mask" / stem, p.mask, palette);
      ++(split == 0 ? summary.val : summary.test);
    }
  }
  return summary;
}

}  // namespace arml::data
