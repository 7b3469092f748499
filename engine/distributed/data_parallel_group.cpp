#include "distributed/data_parallel_group.h"

#include <chrono>
#include <thread>

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>

#include "compute/torch_compat.h"
#include "core/errors.h"

namespace arml::distributed {

namespace {

bool isLoopback(const std::string& addr) { return addr == "localhost" || addr.rfind("127.", 0) == 0; }

}  // namespace

struct DataParallelGroup::Backend {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

namespace {

// Runs one collective to completion; any failure (a peer closed its connection, a timeout) becomes
// one RuntimeFailure that says which rank saw it and what probably happened.
void waitFor(const c10::intrusive_ptr<c10d::Work>& work, const WorldSpec& w, const char* what) {
  try {
    work->wait();
  } catch (const std::exception& e) {
    std::string detail = e.what();
    if (const auto nl = detail.find('\n'); nl != std::string::npos) detail.resize(nl);
    throw RuntimeFailure("rank " + std::to_string(w.rank) + " of " + std::to_string(w.worldSize) + ": " + what +
                         " failed: another rank stopped, or did not answer within " +
                         std::to_string(w.timeout.count()) + " s (" + detail + ")");
  }
}

}  // namespace

DataParallelGroup::DataParallelGroup(const WorldSpec& world) : world_(world), backend_(std::make_unique<Backend>()) {
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(world.masterPort);
    options.isServer = world.rank == 0 && world.rankZeroServesStore;
    options.numWorkers = world.worldSize;
    options.waitWorkers = false;  // the process group's own rendezvous waits, bounded by the timeout
    options.timeout = world.timeout;
#if ARML_TCPSTORE_HAS_LIBUV_OPTION
    options.useLibUV = false;  // the classic TCP store: Debian's LibTorch has no libuv
#endif
    backend_->store = c10::make_intrusive<c10d::TCPStore>(world.masterAddr, options);
    auto groupOptions = c10d::ProcessGroupGloo::Options::create(world.timeout);
    groupOptions->devices.push_back(isLoopback(world.masterAddr)
                                        ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                        : c10d::ProcessGroupGloo::createDefaultDevice());
    backend_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(backend_->store, world.rank, world.worldSize, groupOptions);
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const std::exception& e) {
    std::string detail = e.what();
    if (const auto nl = detail.find('\n'); nl != std::string::npos) detail.resize(nl);
    throw RuntimeFailure("rank " + std::to_string(world.rank) + " of " + std::to_string(world.worldSize) +
                         ": could not join the job at " + world.masterAddr + ":" + std::to_string(world.masterPort) +
                         " within " + std::to_string(world.timeout.count()) + " s (" + detail + ")");
  }
}

DataParallelGroup::~DataParallelGroup() = default;

void DataParallelGroup::broadcastFromRankZero(const std::vector<at::Tensor>& tensors) {
  torch::NoGradGuard noGrad;
  for (const at::Tensor& t : tensors) {
    std::vector<at::Tensor> one{t.is_contiguous() ? t : t.contiguous()};
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    waitFor(backend_->group->broadcast(one, options), world_, "broadcasting the initial weights");
    if (!one[0].is_same(t)) t.copy_(one[0]);
  }
}

void DataParallelGroup::reduceGradients(const std::vector<at::Tensor>& params, std::int64_t localSamples,
                                        std::int64_t globalSamples) {
  if (globalSamples <= 0) throw RuntimeFailure("reduceGradients: a global batch of " + std::to_string(globalSamples));
  torch::NoGradGuard noGrad;
  const double weight = static_cast<double>(localSamples) / static_cast<double>(globalSamples);
  std::vector<at::Tensor> grads;
  grads.reserve(params.size());
  for (const at::Tensor& p : params) {
    at::Tensor& g = p.mutable_grad();
    if (!g.defined()) g = torch::zeros_like(p);
    grads.push_back(g);
  }
  // Buckets of consecutive gradients of one dtype and device, flattened; all sent, then all awaited.
  struct Bucket {
    std::vector<at::Tensor> grads;
    std::vector<at::Tensor> flat;  // one tensor: the collective's buffer
    c10::intrusive_ptr<c10d::Work> work;
  };
  std::vector<Bucket> buckets;
  std::int64_t bytes = 0;
  for (const at::Tensor& g : grads) {
    const bool fits = !buckets.empty() && bytes + g.nbytes() <= static_cast<std::size_t>(bucketBytes_) &&
                      buckets.back().grads.front().scalar_type() == g.scalar_type() &&
                      buckets.back().grads.front().device() == g.device();
    if (!fits) {
      buckets.emplace_back();
      bytes = 0;
    }
    buckets.back().grads.push_back(g);
    bytes += static_cast<std::int64_t>(g.nbytes());
  }
  for (Bucket& b : buckets) {
    std::vector<at::Tensor> pieces;
    for (const at::Tensor& g : b.grads) pieces.push_back(g.reshape({-1}));
    b.flat = {torch::cat(pieces).mul_(weight)};
    b.work = backend_->group->allreduce(b.flat);
  }
  for (Bucket& b : buckets) {
    waitFor(b.work, world_, "the gradient all-reduce");
    std::int64_t offset = 0;
    for (at::Tensor& g : b.grads) {
      g.copy_(b.flat[0].narrow(0, offset, g.numel()).view_as(g));
      offset += g.numel();
    }
  }
}

void DataParallelGroup::sumInPlace(const std::vector<at::Tensor>& tensors) {
  std::vector<at::Tensor> buffers(tensors.begin(), tensors.end());
  for (at::Tensor& t : buffers) {
    std::vector<at::Tensor> one{t};
    waitFor(backend_->group->allreduce(one), world_, "summing metrics over ranks");
  }
}

bool DataParallelGroup::anyRank(bool flag) {
  std::vector<at::Tensor> one{torch::full({1}, flag ? 1 : 0, torch::kInt32)};
  waitFor(backend_->group->allreduce(one), world_, "agreeing on a stop");
  return one[0].item<int>() > 0;
}

void DataParallelGroup::runOnRankZero(const std::string& name, const std::function<void()>& step) {
  const std::string key = "arml/rank0/" + name;
  const std::string who = "rank " + std::to_string(world_.rank) + " of " + std::to_string(world_.worldSize);
  if (world_.isRankZero()) {
    try {
      step();
    } catch (const Cancelled&) {
      // A Stop reached rank 0 during its step: the waiting ranks stop as cancelled too (exit 130).
      const std::string cancelled = "cancelled";
      try {
        backend_->store->set(key, std::vector<std::uint8_t>(cancelled.begin(), cancelled.end()));
      } catch (const std::exception&) {
      }
      throw;
    } catch (const std::exception& e) {
      std::string detail = e.what();
      if (const auto nl = detail.find('\n'); nl != std::string::npos) detail.resize(nl);
      const std::string failed = "failed: " + detail;
      try {
        backend_->store->set(key, std::vector<std::uint8_t>(failed.begin(), failed.end()));
      } catch (const std::exception&) {
        // the others learn it from the store closing when this process ends
      }
      throw;
    }
    const std::string done = "done";
    backend_->store->set(key, std::vector<std::uint8_t>(done.begin(), done.end()));
    return;
  }
  std::vector<std::uint8_t> value;
  try {
    while (!backend_->store->check({key})) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    value = backend_->store->get(key);
  } catch (const std::exception& e) {
    std::string detail = e.what();
    if (const auto nl = detail.find('\n'); nl != std::string::npos) detail.resize(nl);
    throw RuntimeFailure(who + ": waiting for rank 0 to finish " + name + " failed: rank 0 stopped (" + detail + ")");
  }
  const std::string result(value.begin(), value.end());
  if (result == "cancelled") throw Cancelled();  // main() reports it and exits 130, like rank 0
  if (result != "done") throw RuntimeFailure(who + ": rank 0 " + result.substr(0, 6) + " " + name + result.substr(6));
}

void DataParallelGroup::barrier() { waitFor(backend_->group->barrier(), world_, "the barrier"); }

}  // namespace arml::distributed
