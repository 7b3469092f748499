#include "train/rows_of_rank.h"

#include "distributed/batch_shard.h"
#include "distributed/data_parallel_group.h"

namespace arml::train {

data::RowsOfBatch rowsOfRank(const distributed::DataParallelGroup* group) {
  if (!group) return {};
  const int rank = group->world().rank, worldSize = group->world().worldSize;
  return [rank, worldSize](std::int64_t globalSize) {
    const distributed::BatchSlice s = distributed::sliceOfBatch(globalSize, rank, worldSize);
    return data::BatchRows{s.begin, s.size};
  };
}

}  // namespace arml::train
