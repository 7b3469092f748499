#pragma once
// Counting tensors into the pixel confusion matrix of eval/confusion_matrix.h.
#include <string>

#include "eval/confusion_matrix.h"

namespace at {
class Tensor;
}

namespace arml::eval {

// Adds two integer tensors of equal shape on any device to `matrix`, as ConfusionMatrix::add does
// for buffers (GT may be float, as the reference passes it; it must hold whole numbers). Counting
// runs on the tensors' device. Throws InputError when a counted pixel has a prediction outside
// 0..classes-1; nothing is added then.
void addTensors(ConfusionMatrix& matrix, const at::Tensor& gt, const at::Tensor& pred,
                const std::string& source = "prediction");

}  // namespace arml::eval
