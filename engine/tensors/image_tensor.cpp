#include "tensors/image_tensor.h"

#include <torch/types.h>

namespace arml::data {

at::Tensor rgbToTensor(const cv::Mat& rgb) {
  CV_Assert(rgb.type() == CV_8UC3);
  const cv::Mat contiguous = rgb.isContinuous() ? rgb : rgb.clone();
  return torch::from_blob(contiguous.data, {contiguous.rows, contiguous.cols, 3}, torch::kUInt8)
      .permute({2, 0, 1})
      .to(torch::kFloat32)
      .div_(255.0)
      .contiguous();
}

}  // namespace arml::data
