#pragma once
// The loader's rows for one data-parallel rank: its slice of every global batch (batch_shard.h),
// so each rank decodes and augments only the images it trains on. No group: every row.
#include "tensors/batch_loader.h"

namespace arml::distributed {
class DataParallelGroup;
}

namespace arml::train {

data::RowsOfBatch rowsOfRank(const distributed::DataParallelGroup* group);

}  // namespace arml::train
