#include "train/srm_loss.h"

#include <torch/torch.h>

namespace arml::train {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct PairwiseDistanceFunction : public torch::autograd::Function<PairwiseDistanceFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x) {
    const at::Tensor xd = x.to(torch::kDouble);
    const int64_t n = x.size(0);
    at::Tensor d = torch::zeros({n, n}, xd.options());
    for (int64_t i = 0; i + 1 < n; ++i) {
      const at::Tensor row = (xd.slice(0, i + 1) - xd[i]).norm(2, 1);
      d[i].slice(0, i + 1).copy_(row);
      d.select(1, i).slice(0, i + 1).copy_(row);
    }
    ctx->save_for_backward({x, d});
    return d;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& x = saved[0];
    const at::Tensor& d = saved[1];
    const at::Tensor g = gradOutputs[0].to(torch::kDouble);
    const at::Tensor positive = d.gt(0);
    const at::Tensor w = torch::where(positive, (g + g.t()) / torch::where(positive, d, torch::ones_like(d)),
                                      torch::zeros_like(d));
    const at::Tensor xd = x.to(torch::kDouble);
    const at::Tensor grad = w.sum(1, /*keepdim=*/true) * xd - w.mm(xd);
    return {grad.to(x.scalar_type())};
  }
};

at::Tensor huberMean(const at::Tensor& diff) {
  const at::Tensor a = diff.abs();
  return torch::where(a.lt(1.0), 0.5 * diff * diff, a - 0.5).mean();
}

// d / mean of its positive entries (the reference's d[d>0].mean()); unchanged when none is positive.
at::Tensor normaliseByPositiveMean(const at::Tensor& d) {
  const at::Tensor count = d.gt(0).sum().to(d.scalar_type());
  const at::Tensor meanPositive = torch::where(count.gt(0), d.sum() / count.clamp_min(1), torch::ones_like(count));
  return d / meanPositive;
}

// Cosines A_ijk between (x_j − x_i) and (x_k − x_i), N×N×N, 0 where either difference vanishes.
at::Tensor angles(const at::Tensor& xDouble, const at::Tensor& d) {
  const at::Tensor centred = xDouble - xDouble.mean(0, /*keepdim=*/true);
  const at::Tensor gram = centred.mm(centred.t());
  const at::Tensor diag = gram.diagonal().view({-1, 1, 1});
  const at::Tensor dot = gram.unsqueeze(0) - gram.unsqueeze(2) - gram.unsqueeze(1) + diag;
  const at::Tensor dij = d.unsqueeze(2), dik = d.unsqueeze(1);
  const at::Tensor valid = dij.gt(0).logical_and(dik.gt(0));
  const at::Tensor denom = torch::where(valid, dij * dik, torch::ones_like(dot));
  return torch::where(valid, dot / denom, torch::zeros_like(dot));
}

}  // namespace

at::Tensor pairwiseDistances(const at::Tensor& x) {
  TORCH_CHECK(x.dim() == 2, "pairwiseDistances: expected N×D");
  return PairwiseDistanceFunction::apply(x);
}

at::Tensor rkdLoss(const at::Tensor& student, const at::Tensor& teacher, RkdWeights weights) {
  TORCH_CHECK(student.sizes() == teacher.sizes() && student.dim() >= 1, "rkdLoss: student and teacher shapes differ");
  const int64_t n = student.size(0);
  if (n < 2) return student.sum() * 0.0;  // no pairs: defined as 0 (the reference gives NaN)

  const at::Tensor s = student.reshape({n, -1});
  at::Tensor tDist, tAngle;
  {
    torch::NoGradGuard noGrad;
    const at::Tensor t = teacher.detach().reshape({n, -1});
    const at::Tensor d = pairwiseDistances(t);
    tDist = normaliseByPositiveMean(d);
    tAngle = angles(t.to(torch::kDouble), d);
  }
  const at::Tensor d = pairwiseDistances(s);
  const at::Tensor distanceLoss = huberMean(normaliseByPositiveMean(d) - tDist);
  const at::Tensor angleLoss = huberMean(angles(s.to(torch::kDouble), d) - tAngle);
  return (weights.distance * distanceLoss + weights.angle * angleLoss).to(student.scalar_type());
}

at::Tensor srmLoss(const at::Tensor& main, const at::Tensor& peer1, const at::Tensor& peer2, RkdWeights weights) {
  return 0.5 * (rkdLoss(main, peer1.detach(), weights) + rkdLoss(main, peer2.detach(), weights));
}

}  // namespace arml::train
