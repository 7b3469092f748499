#include "distributed/data_parallel_group.h"

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>
#ifdef USE_C10D_NCCL  // a CUDA LibTorch built with NCCL (its CMake target defines it)
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "compute/torch_compat.h"
#include "core/errors.h"

namespace arml::distributed {

namespace {

bool isLoopback(const std::string& addr) { return addr == "localhost" || addr.rfind("127.", 0) == 0; }

}  // namespace

// Gloo for CPU tensors (metrics, SyncBN's sums, agreements, barriers) and, where the LibTorch has no
// NCCL, for CUDA tensors too; NCCL for CUDA tensors (weights, gradient buckets), made on the first
// collective on a CUDA tensor, which every rank reaches at the same point (the initial broadcast).
struct DataParallelGroup::Backend {
  explicit Backend(const WorldSpec& w) : world(w) {}
  const WorldSpec& world;  // the group's
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#ifdef USE_C10D_NCCL
  std::once_flag ncclMade;
  c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif

  c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& tensors) {
#ifdef USE_C10D_NCCL
    if (tensors.front().is_cuda()) return ncclGroup().allreduce(tensors);
#endif
    return gloo->allreduce(tensors);
  }

  c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& tensors, const c10d::BroadcastOptions& options) {
#ifdef USE_C10D_NCCL
    if (tensors.front().is_cuda()) return ncclGroup().broadcast(tensors, options);
#endif
    return gloo->broadcast(tensors, options);
  }

#ifdef USE_C10D_NCCL
  c10d::ProcessGroupNCCL& ncclGroup() {
    std::call_once(ncclMade, [this] {
      // wait() then blocks until the collective ends or the world's timeout passes, and throws on a
      // timeout (a rank that died), instead of the watchdog ending the process later.
      setenv("TORCH_NCCL_BLOCKING_WAIT", "1", /*overwrite=*/0);
      auto options = c10d::ProcessGroupNCCL::Options::create();
      options->timeout = world.timeout;
      nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(c10::make_intrusive<c10d::PrefixStore>("nccl/", store),
                                                         world.rank, world.worldSize, options);
    });
    return *nccl;
  }
#endif
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

DataParallelGroup::DataParallelGroup(const WorldSpec& world) : world_(world), backend_(std::make_unique<Backend>(world_)) {
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
    backend_->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(backend_->store, world.rank, world.worldSize, groupOptions);
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
    waitFor(backend_->broadcast(one, options), world_, "broadcasting the initial weights");
    if (!one[0].is_same(t)) t.copy_(one[0]);
  }
}

struct DataParallelGroup::PendingSum::Work {
  std::vector<at::Tensor> buffer;  // the collective reads and writes it: kept alive until waited for
  c10::intrusive_ptr<c10d::Work> work;
  const WorldSpec* world;  // the group's: it outlives its pending sums
  std::string what;
};

DataParallelGroup::PendingSum DataParallelGroup::startSum(const at::Tensor& tensor, std::string what) {
  PendingSum pending;
  pending.work_ = std::make_shared<PendingSum::Work>();
  pending.work_->buffer = {tensor};
  pending.work_->world = &world_;
  pending.work_->what = std::move(what);
  pending.work_->work = backend_->allreduce(pending.work_->buffer);
  return pending;
}

void DataParallelGroup::PendingSum::wait() { waitFor(work_->work, *work_->world, work_->what.c_str()); }

void DataParallelGroup::sumInPlace(const std::vector<at::Tensor>& tensors) {
  std::vector<at::Tensor> buffers(tensors.begin(), tensors.end());
  for (at::Tensor& t : buffers) {
    std::vector<at::Tensor> one{t};
    waitFor(backend_->allreduce(one), world_, "summing metrics over ranks");
  }
}

bool DataParallelGroup::anyRank(bool flag) {
  std::vector<at::Tensor> one{torch::full({1}, flag ? 1 : 0, torch::kInt32)};
  waitFor(backend_->gloo->allreduce(one), world_, "agreeing on a stop");
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

void DataParallelGroup::barrier() { waitFor(backend_->gloo->barrier(), world_, "the barrier"); }

}  // namespace arml::distributed
