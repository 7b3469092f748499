#include "models/batch_norm.h"

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/utils.h>
#include <torch/torch.h>

namespace arml::models {
namespace {

struct Replicas {
  ReplicaSum sum;  // empty: no scope
  double share = 1;
};
thread_local Replicas current;

const std::vector<std::int64_t> kChannelDims{0, 2, 3};

at::Tensor perChannel(const at::Tensor& v, const at::Tensor& like) { return v.to(like.options()).view({1, -1, 1, 1}); }

// The channels' mean and biased variance over every replica's slice, in float64: first the counts and
// sums, then the squared deviations from that global mean (two exchanges, no cancellation).
struct Moments {
  at::Tensor mean, var;  // C, CPU float64
  double count = 0;
};

Moments globalMoments(const at::Tensor& x, const ReplicaSum& sum) {
  const std::int64_t channels = x.size(1);
  const double local = double(x.numel() / std::max<std::int64_t>(channels, 1));
  const auto cpuDouble = torch::TensorOptions().dtype(torch::kFloat64);
  at::Tensor sums = torch::cat({torch::full({1}, local, cpuDouble),
                                x.sum(kChannelDims, false, torch::kFloat64).cpu()});
  sum(sums);
  Moments m;
  m.count = sums[0].item<double>();
  TORCH_CHECK(m.count > 1, "SyncBatchNorm: expected more than 1 value per channel over the replicas, got ", m.count);
  m.mean = sums.slice(0, 1) / m.count;
  at::Tensor squares = (x - perChannel(m.mean, x)).square().sum(kChannelDims, false, torch::kFloat64).cpu();
  sum(squares);
  m.var = squares / m.count;
  return m;
}

// Backward of the synchronised normalisation (PyTorch's SyncBatchNorm backward), for replicas whose
// gradients are later summed with weights `share` (this replica's images / the global batch's):
//   dx = w·invstd·(dy − A/(N·share) − x̂·B/(N·share)),  A = Σ_r share_r·Σdy_r,  B = Σ_r share_r·Σdy·x̂_r,
// so that Σ_r share_r·(this replica's gradients) is the gradient of the global batch's loss.
struct SyncBatchNormBackward : torch::autograd::Node {
  at::Tensor input, weight, mean, invstd;  // mean, invstd: 1×C×1×1 in the computation's dtype
  c10::ScalarType inputType = torch::kFloat;
  double count = 0;
  Replicas replicas;

  torch::autograd::variable_list apply(torch::autograd::variable_list&& grads) override {
    const at::Tensor& x = input;
    const at::Tensor dy = grads[0].defined() ? grads[0].to(x.scalar_type()) : torch::zeros_like(x);
    const at::Tensor xhat = (x - mean) * invstd;
    const at::Tensor sumDy = dy.sum(kChannelDims, false, torch::kFloat64);
    const at::Tensor sumDyXhat = (dy * xhat).sum(kChannelDims, false, torch::kFloat64);
    at::Tensor both = torch::cat({sumDy, sumDyXhat}).cpu() * replicas.share;
    replicas.sum(both);  // every replica calls this, whatever it needs: the exchanges stay in step
    const std::int64_t channels = x.size(1);
    const double denominator = count * replicas.share;
    torch::autograd::variable_list out(3);
    if (should_compute_output(0)) {
      const at::Tensor a = perChannel(both.slice(0, 0, channels) / denominator, x);
      const at::Tensor b = perChannel(both.slice(0, channels) / denominator, x);
      at::Tensor scale = weight.defined() ? invstd * perChannel(weight.detach(), x) : invstd;
      out[0] = ((dy - a - xhat * b) * scale).to(inputType);
    }
    if (weight.defined() && should_compute_output(1)) out[1] = sumDyXhat.to(weight.scalar_type());
    if (should_compute_output(2)) out[2] = sumDy.to(weight.defined() ? weight.scalar_type() : x.scalar_type());
    return out;
  }
};

at::Tensor syncBatchNorm(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                         const at::Tensor& runningMean, const at::Tensor& runningVar, double momentum, double eps) {
  const at::Tensor x = input.is_floating_point() && input.element_size() >= 4 ? input : input.to(torch::kFloat);
  at::Tensor mean, invstd, output;
  double count = 0;
  {
    torch::NoGradGuard noGrad;
    const at::Tensor xd = x.detach();
    const Moments m = globalMoments(xd, current.sum);
    count = m.count;
    if (runningMean.defined()) {
      runningMean.mul_(1 - momentum).add_(m.mean.to(runningMean.options()), momentum);
      runningVar.mul_(1 - momentum).add_((m.var * (m.count / (m.count - 1))).to(runningVar.options()), momentum);
    }
    mean = perChannel(m.mean, xd);
    invstd = perChannel((m.var + eps).rsqrt(), xd);
    output = (xd - mean) * invstd;
    if (weight.defined()) output = output * perChannel(weight.detach(), xd);
    if (bias.defined()) output = output + perChannel(bias.detach(), xd);
  }
  if (torch::autograd::compute_requires_grad(input, weight, bias)) {
    auto node = std::shared_ptr<SyncBatchNormBackward>(new SyncBatchNormBackward(), torch::autograd::deleteNode);
    node->set_next_edges(torch::autograd::collect_next_edges(input, weight, bias));
    node->input = x.detach();
    node->weight = weight.defined() ? weight.detach() : at::Tensor();
    node->mean = mean;
    node->invstd = invstd;
    node->inputType = input.scalar_type();
    node->count = count;
    node->replicas = current;
    torch::autograd::create_gradient_edge(output, std::move(node));
  }
  return output;
}

}  // namespace

// As torch::nn::BatchNormImplBase::forward (the step counter, then momentum or a cumulative average),
// synchronised inside a scope.
at::Tensor BatchNorm2dImpl::forward(const at::Tensor& input) {
  _check_input_dim(input);
  const bool track = options.track_running_stats();
  double factor = options.momentum().value_or(0.0);
  if (is_training() && track && num_batches_tracked.defined()) {
    num_batches_tracked += 1;
    if (!options.momentum()) factor = 1.0 / num_batches_tracked.item<double>();
  }
  if (is_training() && current.sum)
    return syncBatchNorm(input, weight, bias, track ? running_mean : at::Tensor(), track ? running_var : at::Tensor(),
                         factor, options.eps());
  return torch::nn::functional::detail::batch_norm(input, running_mean, running_var, weight, bias,
                                                   is_training() || !track, factor, options.eps());
}

void BatchNorm2dImpl::_check_input_dim(const at::Tensor& input) {
  TORCH_CHECK(input.dim() == 4, "expected 4D input (got ", input.dim(), "D input)");
}

void BatchNorm2dImpl::pretty_print(std::ostream& stream) const {
  stream << "arml::models::BatchNorm2d(" << options.num_features() << ", eps=" << options.eps()
         << ", momentum=" << options.momentum().value_or(0.0) << ", affine=" << options.affine()
         << ", track_running_stats=" << options.track_running_stats() << ")";
}

SyncBatchNormScope::SyncBatchNormScope(ReplicaSum sumOverReplicas, double sampleShare) {
  if (!sumOverReplicas) return;
  current = {std::move(sumOverReplicas), sampleShare};
  active_ = true;
}

SyncBatchNormScope::~SyncBatchNormScope() {
  if (active_) current = {};
}

}  // namespace arml::models
