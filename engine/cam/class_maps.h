#pragma once
// Tensor-only CAM arithmetic shared by plain CAMs, Grad-CAM and pseudo masks (spec §2.2, §2.7, §3).
// Maps are N×K×h×w float tensors (K classes); nothing here needs a network.
#include <ATen/core/Tensor.h>

namespace arml::cam {

// w_c·X for every class: features N×C×h×w, fc8Weight K×C(×1×1) -> N×K×h×w, no ReLU.
at::Tensor classScoreMaps(const at::Tensor& features, const at::Tensor& fc8Weight);
// The plain CAM ReLU(w_c·X).
at::Tensor plainCam(const at::Tensor& features, const at::Tensor& fc8Weight);

// Grad-CAM G^c = Σ_k α_k^c A_k with α = spatial mean of the gradient (no ReLU).
// activation N×C×h×w; gradients K tensors of N×C×h×w (one per class) -> N×K×h×w. alphaOut (if
// given) receives α as N×K×C.
at::Tensor gradCamFromGradients(const at::Tensor& activation, const std::vector<at::Tensor>& gradients,
                                at::Tensor* alphaOut = nullptr);

// Bilinear resize with half-pixel centres (align_corners = false), equal to cv2.resize
// INTER_LINEAR for up-sampling. maps N×K×h×w -> N×K×height×width.
at::Tensor upsampleMaps(const at::Tensor& maps, int64_t height, int64_t width);

// Per image, (m − min)/(max − min) over all classes and pixels (the reference's pseudo-mask
// normalisation, computed as a subtraction then a division in the maps' dtype). A constant image
// (max == min) gives zeros instead of NaN.
at::Tensor normalizeGlobal(const at::Tensor& maps);
// The same per image and class: each map to [0, 1] on its own (a friendlier display).
at::Tensor normalizePerClass(const at::Tensor& maps);

// maps · presence, presence N×K of 0/1 (or bool): zeroes the maps of absent classes.
at::Tensor keepClasses(const at::Tensor& maps, const at::Tensor& presence);

}  // namespace arml::cam
