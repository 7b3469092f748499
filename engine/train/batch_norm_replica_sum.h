#pragma once
// The exchange SyncBatchNormScope needs (models/batch_norm.h) when `group` trains with --sync-batch-norm,
// else empty (an inactive scope): BatchNorm then uses each rank's own slice, as PyTorch's DDP.
#include "models/batch_norm.h"

namespace arml::distributed {
class DataParallelGroup;
}

namespace arml::train {

models::ReplicaSum batchNormReplicaSum(distributed::DataParallelGroup* group);

}  // namespace arml::train
