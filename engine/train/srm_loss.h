#pragma once
// SRM — "samples relation mining" of ARML stage 2 = relational knowledge distillation (RKD, Park et al.
// CVPR 2019) between the samples of a batch, as `tool/loss.py: STLoss` computes it (spec §4.5).
// Each sample is flattened to one vector; the teacher is detached.
//   distance term: d_ij = ||s_i − s_j|| (computed from the differences themselves, not from
//                  |a|²+|b|²−2ab, which loses all precision with ±100 background logits), divided by the
//                  mean of the positive d_ij; mean over all N² pairs of Huber(d̂^s − d̂^t), β = 1.
//   angle term:    A_ijk = <e_ij, e_ik>, e_ij = (s_j − s_i)/||s_j − s_i|| (0 when i = j or the samples
//                  coincide); mean over all N³ triplets of Huber(A^s − A^t).
//   RKD = w_d·distance + w_a·angle.
// Batch of one sample: there are no pairs (the reference returns NaN); here the loss is defined as 0
// (still attached to the graph, so backward works and contributes nothing). A batch whose samples all
// coincide likewise gets a distance term of 0 instead of NaN.
// Internally the relations are computed in float64 (cheap: they are N×N and N×N×N); the angles come from a
// float64 Gram matrix of the batch-centred samples.
#include <ATen/core/Tensor.h>

namespace arml::train {

struct RkdWeights {
  double distance = 30.0;
  double angle = 60.0;
};

// student, teacher: N×… (flattened per sample). Returns a 0-d tensor of the student's dtype,
// differentiable w.r.t. student only.
at::Tensor rkdLoss(const at::Tensor& student, const at::Tensor& teacher, RkdWeights weights = {});

// ½·[RKD(main, peer1) + RKD(main, peer2)], peers detached.
at::Tensor srmLoss(const at::Tensor& main, const at::Tensor& peer1, const at::Tensor& peer2, RkdWeights weights = {});

// Pairwise Euclidean distances of the rows of x (N×D) from direct differences, N×N, 0 on the diagonal,
// in float64. Its backward uses ∂d_ij/∂x_i = (x_i − x_j)/d_ij without storing any N×N×D tensor.
at::Tensor pairwiseDistances(const at::Tensor& x);

}  // namespace arml::train
