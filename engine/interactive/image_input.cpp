#include "interactive/image_input.h"

#include <torch/torch.h>

#include <cstring>
#include <opencv2/core/mat.hpp>

#include "tensors/image_tensor.h"

namespace arml::interactive {

at::Tensor imageInput(const RgbImage& image, const std::string& device) {
  if (image.width <= 0 || image.height <= 0) throw std::runtime_error("the image is empty");
  if (image.rgb.size() != std::size_t(image.width) * image.height * 3)
    throw std::runtime_error("the image buffer holds " + std::to_string(image.rgb.size()) + " bytes, not " +
                             std::to_string(image.width) + "×" + std::to_string(image.height) + "×3");
  const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
  return data::rgbToTensor(rgb).unsqueeze(0).to(torch::Device(device));
}

FloatPlanes toPlanes(const at::Tensor& planes) {
  const at::Tensor t = planes.to(torch::kCPU, torch::kFloat).contiguous();
  FloatPlanes out;
  out.planes = int(t.size(0));
  out.height = int(t.size(1));
  out.width = int(t.size(2));
  out.values.resize(std::size_t(t.numel()));
  std::memcpy(out.values.data(), t.data_ptr<float>(), out.values.size() * sizeof(float));
  return out;
}

}  // namespace arml::interactive
