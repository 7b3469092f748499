#pragma once
// Training augmentation as the reference applies it (torchvision transforms on PIL images), with
// our own seeded RNG: every sample draws from an mt19937_64 seeded by sampleSeed(seed, epoch, index),
// so results depend only on (seed, epoch, dataset index), never on thread scheduling.
//
// Stage 1 (spec §2.5), in this order: horizontal flip p 0.5; Gaussian blur 3×3 always,
// σ ~ U(0.1, 2.0) (torchvision: float32 kernel, reflect padding, round half to even); vertical flip
// p 0.5; brightness factor U(0.5, 1.5) and contrast factor U(0.5, 1.5) in random order, with PIL
// ImageEnhance arithmetic (what torchvision calls on PIL images): brightness blends with black,
// contrast with the rounded mean of PIL's "L" gray image; float blend, clipped to [0, 255] and
// truncated to uint8.
// Stage 2 (spec §4.7): horizontal flip p 0.5 of image and masks; PIL GaussianBlur p 0.5 with
// radius ~ U(0, 1) (PIL's 3-pass extended box blur, reproduced exactly). Masks are never blurred
// or colour-jittered.
#include <cstdint>
#include <random>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace arml::data {

using AugmentRng = std::mt19937_64;

// Mixes (seed, epoch, index) into one well-spread 64-bit seed (SplitMix64 steps).
std::uint64_t sampleSeed(std::uint64_t seed, std::uint64_t epoch, std::uint64_t index);
// U[lo, hi) from 53 random bits (same on every platform, unlike std::uniform_real_distribution).
double uniform(AugmentRng& rng, double lo, double hi);
bool coin(AugmentRng& rng, double p = 0.5);

struct Stage1Params {
  bool hflip = false;
  double sigma = 1.0;
  bool vflip = false;
  double brightness = 1.0;
  double contrast = 1.0;
  bool brightnessFirst = true;
};
struct Stage2Params {
  bool hflip = false;
  bool blur = false;
  double radius = 0.0;
};

Stage1Params drawStage1Params(AugmentRng& rng);
Stage2Params drawStage2Params(AugmentRng& rng);

// rgb: CV_8UC3, modified in place.
void applyStage1(cv::Mat& rgb, const Stage1Params& p);
// masks: CV_8UC1 images of the same size as rgb (may be empty), flipped with it.
void applyStage2(cv::Mat& rgb, const std::vector<cv::Mat*>& masks, const Stage2Params& p);

inline void augmentStage1(cv::Mat& rgb, AugmentRng& rng) { applyStage1(rgb, drawStage1Params(rng)); }
inline void augmentStage2(cv::Mat& rgb, const std::vector<cv::Mat*>& masks, AugmentRng& rng) {
  applyStage2(rgb, masks, drawStage2Params(rng));
}

// The primitives (8-bit images of any channel count unless stated).
cv::Mat torchvisionGaussianBlur3(const cv::Mat& img, double sigma);
cv::Mat pilGaussianBlur(const cv::Mat& img, double radius);
void pilAdjustBrightness(cv::Mat& rgb, double factor);
void pilAdjustContrast(cv::Mat& rgb, double factor);  // rgb: CV_8UC3

}  // namespace arml::data
