#include "train/batch_norm_replica_sum.h"

#include "distributed/data_parallel_group.h"

namespace arml::train {

models::ReplicaSum batchNormReplicaSum(distributed::DataParallelGroup* group) {
  if (!group || !group->syncBatchNorm()) return {};
  return [group](at::Tensor& t) { group->sumInPlace({t}); };
}

}  // namespace arml::train
