#include "train/swv_loss.h"

#include <torch/torch.h>

namespace arml::train {

at::Tensor swvLoss(const at::Tensor& main, const at::Tensor& peer1, const at::Tensor& peer2,
                   const at::Tensor& target, SwvWeights weights) {
  TORCH_CHECK(main.dim() == 4 && main.sizes() == peer1.sizes() && main.sizes() == peer2.sizes(),
              "swvLoss: main and peers must be N×C×H×W of the same shape");
  TORCH_CHECK(target.dim() == 3 && target.size(0) == main.size(0) && target.size(1) == main.size(2) &&
                  target.size(2) == main.size(3),
              "swvLoss: target must be N×H×W");
  const at::Tensor pixelLoss = -torch::log_softmax(main, 1).gather(1, target.to(torch::kLong).unsqueeze(1)).squeeze(1);
  at::Tensor vote;
  {
    torch::NoGradGuard noGrad;
    const at::Tensor agree = peer1.argmax(1).eq(peer2.argmax(1));
    vote = torch::where(agree, torch::full({}, weights.agree, main.options()),
                        torch::full({}, weights.disagree, main.options()));
  }
  return (pixelLoss * vote).mean();
}

}  // namespace arml::train
