#pragma once
// The four stage-1 parameter groups of the reference (Net.get_parameter_groups, spec §2.5):
//   0 conv weights   lr 1×,  weight decay wd
//   1 conv biases    lr 2×,  weight decay 0
//   2 fc8 weight     lr 10×, weight decay wd
//   3 fc8 bias       lr 20×, weight decay 0   (empty: fc8 has no bias)
// Only Conv2d weights/biases that require a gradient are grouped: the frozen conv1a, b2, b2_1,
// b2_2 and all BatchNorm affines are not. In the reference that includes the CCA q/k/v convs and
// the AMM 7×7 conv, but not the AMM Linear layers nor CCA γ.
// ArsMode::Intended adds what the paper means to train (our decision, spec §12.1): AMM Linear
// weights to group 0, their biases and CCA γ to group 1 (2× lr, no decay — γ is a gain, not a weight).
#include <vector>

#include "models/resnet38d_classifier.h"
#include "train/poly_optimizer.h"

namespace arml::train {

// Call after net.freezeForTraining().
std::vector<ParamGroup> stage1ParameterGroups(models::Resnet38dClassifierImpl& net, double lr, double weightDecay);

// The CCA q/k/v parameters that the reference updates by weight decay alone while γ = 0 (empty
// unless ArsMode::Reference).
std::vector<at::Tensor> decayOnlyParameters(models::Resnet38dClassifierImpl& net);

}  // namespace arml::train
