#include "train/stage1_param_groups.h"

#include <torch/torch.h>

namespace arml::train {

std::vector<ParamGroup> stage1ParameterGroups(models::Resnet38dClassifierImpl& net, double lr, double weightDecay) {
  std::vector<ParamGroup> g(4);
  g[0] = {"conv weights", {}, {}, lr, weightDecay};
  g[1] = {"conv biases", {}, {}, 2 * lr, 0.0};
  g[2] = {"fc8 weight", {}, {}, 10 * lr, weightDecay};
  g[3] = {"fc8 bias", {}, {}, 20 * lr, 0.0};
  auto add = [](ParamGroup& group, const std::string& name, const at::Tensor& p) {
    if (!p.defined() || !p.requires_grad()) return;
    group.names.push_back(name);
    group.params.push_back(p);
  };
  const bool intended = net.options().ars == models::ArsMode::Intended;
  for (const auto& item : net.named_modules("", /*include_self=*/false)) {
    const std::string prefix = item.key() + ".";
    const bool head = item.value().get() == net.fc8.get();
    if (auto* conv = item.value()->as<torch::nn::Conv2dImpl>()) {
      add(g[head ? 2 : 0], prefix + "weight", conv->weight);
      add(g[head ? 3 : 1], prefix + "bias", conv->bias);
    } else if (auto* linear = item.value()->as<torch::nn::LinearImpl>(); linear && intended) {
      add(g[0], prefix + "weight", linear->weight);
      add(g[1], prefix + "bias", linear->bias);
    }
  }
  if (intended) add(g[1], "cca.gamma", net.cca->gamma);
  return g;
}

std::vector<at::Tensor> decayOnlyParameters(models::Resnet38dClassifierImpl& net) {
  if (net.options().ars != models::ArsMode::Reference) return {};
  std::vector<at::Tensor> out;
  for (auto& p : net.cca->parameters())
    if (p.requires_grad()) out.push_back(p);
  return out;
}

}  // namespace arml::train
