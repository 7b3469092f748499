#include "data/augmentation.h"

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

#include "core/errors.h"

namespace arml::data {

namespace {

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void requireU8(const cv::Mat& m, const char* what) {
  if (m.depth() != CV_8U || m.empty()) throw RuntimeFailure(std::string(what) + ": expected a non-empty 8-bit image");
}

// PIL ImagingBlend: out = in1 + alpha·(in2 − in1) in float, clipped, truncated.
inline unsigned char blend(float in1, float in2, float alpha) {
  const float t = in1 + alpha * (in2 - in1);
  if (t <= 0.0f) return 0;
  if (t >= 255.0f) return 255;
  return static_cast<unsigned char>(t);
}

// PIL's _gaussian_blur_radius (BoxBlur.c): the box radius whose 3 passes approximate σ = radius.
float boxRadiusFor(float radius, int passes) {
  const float sigma2 = radius * radius / float(passes);
  const float L = std::sqrt(12.0f * sigma2 + 1.0f);
  const float l = std::floor((L - 1.0f) / 2.0f);
  float a = (2.0f * l + 1.0f) * (l * (l + 1.0f) - 3.0f * sigma2);
  a /= 6.0f * (sigma2 - (l + 1.0f) * (l + 1.0f));
  return l + a;
}

// One PIL horizontal box-blur pass over every row of a CV_8UCn image (edges extended).
void boxBlurRows(cv::Mat& img, float floatRadius) {
  const int r = int(floatRadius);
  const std::uint32_t ww = std::uint32_t(float(1 << 24) / (floatRadius * 2.0f + 1.0f));
  const std::uint32_t fw = ((1u << 24) - std::uint32_t(r * 2 + 1) * ww) / 2u;
  const int w = img.cols, ch = img.channels(), last = w - 1;
  std::vector<unsigned char> in(std::size_t(w) * std::size_t(ch));
  for (int y = 0; y < img.rows; ++y) {
    unsigned char* row = img.ptr<unsigned char>(y);
    std::copy(row, row + in.size(), in.begin());
    for (int c = 0; c < ch; ++c) {
      auto px = [&](int x) -> std::uint64_t { return in[std::size_t(std::clamp(x, 0, last) * ch + c)]; };
      std::uint64_t acc = 0;
      for (int i = -r; i <= r; ++i) acc += px(i);
      for (int x = 0; x < w; ++x) {
        if (x > 0) acc += px(x + r) - px(x - r - 1);
        const std::uint64_t bulk = acc * ww + (px(x - r - 1) + px(x + r + 1)) * fw;
        row[x * ch + c] = static_cast<unsigned char>((bulk + (1u << 23)) >> 24);
      }
    }
  }
}

}  // namespace

std::uint64_t sampleSeed(std::uint64_t seed, std::uint64_t epoch, std::uint64_t index) {
  std::uint64_t s = seed;
  std::uint64_t h = splitmix(s);
  s = h ^ (epoch * 0xd1b54a32d192ed03ull);
  h = splitmix(s);
  s = h ^ (index * 0x8cb92ba72f3d8dd7ull);
  return splitmix(s);
}

double uniform(AugmentRng& rng, double lo, double hi) {
  const double u = double(rng() >> 11) * (1.0 / 9007199254740992.0);
  return lo + (hi - lo) * u;
}

bool coin(AugmentRng& rng, double p) { return uniform(rng, 0.0, 1.0) < p; }

Stage1Params drawStage1Params(AugmentRng& rng) {
  Stage1Params p;
  p.hflip = coin(rng);
  p.sigma = uniform(rng, 0.1, 2.0);
  p.vflip = coin(rng);
  p.brightness = uniform(rng, 0.5, 1.5);
  p.contrast = uniform(rng, 0.5, 1.5);
  p.brightnessFirst = coin(rng);
  return p;
}

Stage2Params drawStage2Params(AugmentRng& rng) {
  Stage2Params p;
  p.hflip = coin(rng);
  p.blur = coin(rng);
  p.radius = uniform(rng, 0.0, 1.0);
  return p;
}

void applyStage1(cv::Mat& rgb, const Stage1Params& p) {
  requireU8(rgb, "stage-1 augmentation");
  if (p.hflip) cv::flip(rgb, rgb, 1);
  rgb = torchvisionGaussianBlur3(rgb, p.sigma);
  if (p.vflip) cv::flip(rgb, rgb, 0);
  if (p.brightnessFirst) {
    pilAdjustBrightness(rgb, p.brightness);
    pilAdjustContrast(rgb, p.contrast);
  } else {
    pilAdjustContrast(rgb, p.contrast);
    pilAdjustBrightness(rgb, p.brightness);
  }
}

void applyStage2(cv::Mat& rgb, const std::vector<cv::Mat*>& masks, const Stage2Params& p) {
  requireU8(rgb, "stage-2 augmentation");
  if (p.hflip) {
    cv::flip(rgb, rgb, 1);
    for (cv::Mat* m : masks)
      if (m && !m->empty()) cv::flip(*m, *m, 1);
  }
  if (p.blur) rgb = pilGaussianBlur(rgb, p.radius);
}

cv::Mat torchvisionGaussianBlur3(const cv::Mat& img, double sigma) {
  requireU8(img, "Gaussian blur");
  // torchvision _get_gaussian_kernel1d in float32: x = linspace(-1, 1, 3), pdf = exp(-0.5 (x/σ)²).
  const float s = float(sigma);
  const float e = std::exp(-0.5f * (1.0f / s) * (1.0f / s));
  const float sum = e + 1.0f + e;
  const float k1[3] = {e / sum, 1.0f / sum, e / sum};
  float k2[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) k2[i][j] = k1[i] * k1[j];
  const int h = img.rows, w = img.cols, ch = img.channels();
  auto reflect = [](int i, int n) { return n == 1 ? 0 : i < 0 ? -i : i >= n ? 2 * n - 2 - i : i; };
  cv::Mat out(img.size(), img.type());
  for (int y = 0; y < h; ++y) {
    const unsigned char* rows[3] = {img.ptr<unsigned char>(reflect(y - 1, h)), img.ptr<unsigned char>(y),
                                    img.ptr<unsigned char>(reflect(y + 1, h))};
    unsigned char* o = out.ptr<unsigned char>(y);
    for (int x = 0; x < w; ++x) {
      const int xs[3] = {reflect(x - 1, w), x, reflect(x + 1, w)};
      for (int c = 0; c < ch; ++c) {
        float acc = 0.0f;
        for (int i = 0; i < 3; ++i)
          for (int j = 0; j < 3; ++j) acc += k2[i][j] * float(rows[i][xs[j] * ch + c]);
        o[x * ch + c] = static_cast<unsigned char>(std::clamp(std::nearbyint(acc), 0.0f, 255.0f));
      }
    }
  }
  return out;
}

cv::Mat pilGaussianBlur(const cv::Mat& img, double radius) {
  requireU8(img, "PIL Gaussian blur");
  const int passes = 3;
  const float boxRadius = boxRadiusFor(float(radius), passes);
  cv::Mat out = img.clone();
  for (int i = 0; i < passes; ++i) boxBlurRows(out, boxRadius);
  cv::Mat t = out.t();
  for (int i = 0; i < passes; ++i) boxBlurRows(t, boxRadius);
  return t.t();
}

void pilAdjustBrightness(cv::Mat& rgb, double factor) {
  requireU8(rgb, "brightness");
  const float a = float(factor);
  for (int y = 0; y < rgb.rows; ++y) {
    unsigned char* p = rgb.ptr<unsigned char>(y);
    for (int i = 0; i < rgb.cols * rgb.channels(); ++i) p[i] = blend(0.0f, float(p[i]), a);
  }
}

void pilAdjustContrast(cv::Mat& rgb, double factor) {
  if (rgb.type() != CV_8UC3) throw RuntimeFailure("contrast: expected an 8-bit RGB image");
  // PIL: mean of convert("L") (L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16), rounded half up.
  std::uint64_t sum = 0;
  for (int y = 0; y < rgb.rows; ++y) {
    const unsigned char* p = rgb.ptr<unsigned char>(y);
    for (int x = 0; x < rgb.cols; ++x, p += 3) sum += (19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 0x8000u) >> 16;
  }
  const int mean = int(double(sum) / double(rgb.total()) + 0.5);
  const float a = float(factor);
  for (int y = 0; y < rgb.rows; ++y) {
    unsigned char* p = rgb.ptr<unsigned char>(y);
    for (int i = 0; i < rgb.cols * 3; ++i) p[i] = blend(float(mean), float(p[i]), a);
  }
}

}  // namespace arml::data
