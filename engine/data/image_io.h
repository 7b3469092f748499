#pragma once
// Reading and writing RGB 8-bit images. Every image in the engine is a cv::Mat CV_8UC3 in RGB order
// (not OpenCV's BGR), rows × cols = height × width in pixels.
#include <filesystem>

#include <opencv2/core/mat.hpp>

namespace arml::data {

// Reads a PNG, JPEG, TIFF, BMP … image as RGB 8-bit (alpha dropped, gray replicated, palette
// expanded, 16-bit scaled to 8). A missing file, a file that is not an image, a corrupt or
// truncated file throws InputError(path, reason); a half-decoded image is never returned.
// PNGs are checked chunk by chunk (CRCs, IHDR first, IEND present) before decoding.
cv::Mat readRgbImage(const std::filesystem::path& path);

// Width × height of an image without decoding its pixels where the format allows (PNG IHDR).
// Throws InputError like readRgbImage.
cv::Size readImageSize(const std::filesystem::path& path);

// Encodes an RGB CV_8UC3 image as PNG and writes it atomically. Throws RuntimeFailure on I/O errors.
void writeRgbPng(const std::filesystem::path& path, const cv::Mat& rgb);

}  // namespace arml::data
