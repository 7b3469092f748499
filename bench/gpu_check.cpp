// arml-gpu-check: the engine's compute on a GPU against the same compute on the CPU, and its speed.
// It links only the LibTorch parts of the engine (models, losses, optimizer, Grad-CAM), so that it
// builds on a machine that has a CUDA LibTorch and nothing else (no Qt, OpenCV or OpenSlide):
// bench/gpu/CMakeLists.txt builds it there, the main build builds it everywhere.
//
//   agreement  one stage-1 step (dropout off), one stage-2 mutual step (dropout 0, BatchNorm in
//              training mode), and the pseudo masks of a batch, from the same weights and inputs on
//              the CPU and on the device: largest relative error of logits, losses, gradients, weight
//              updates, BatchNorm running statistics and CAM maps; pixel agreement of the masks.
//   speed      images/s and peak device memory of stage-1 and stage-2 training steps and of pseudo
//              masks at the paper's batch sizes, fp32 and bf16 autocast (the device is synchronised
//              before each clock read).
// Output: one JSON object per line on stdout (and in --out FILE); exit 1 when an agreement is outside
// its tolerance (k*Tol below), 3 on an error.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <torch/torch.h>

#include "cam/cam_layer.h"
#include "cam/class_maps.h"
#include "cam/grad_cam.h"
#include "cam/precision_guard.h"
#include "compute/convolution_gradient_guard.h"
#include "compute/gpu_devices.h"
#include "models/pspnet.h"
#include "models/resnet38d_classifier.h"
#include "train/multilabel_loss.h"
#include "train/poly_optimizer.h"
#include "train/stage1_param_groups.h"
#include "train/stage2_loss.h"
#include "train/training_device.h"

namespace {

using namespace arml;

struct Options {
  std::string device = "cuda";
  int widthDivisor = 1;     // 1 = the paper's networks; 8 = a quick smoke run
  int parityBatch = 4;
  int stage1Batch = 20;     // the paper's stage-1 and stage-2 batch
  int stage2Batch = 20;
  int pmBatch = 16;
  int iterations = 10;      // timed steps per figure (after 3 warm-up steps)
  int size = 224;
  bool cpuSpeed = false;    // also time the CPU (slow)
  bool speed = true;        // false: the agreement checks alone
  std::string out;
};

// One JSON line: a flat object of strings and numbers.
class Row {
public:
  explicit Row(const std::string& what) { add("what", what); }
  Row& add(const std::string& key, const std::string& value) {
    fields_.push_back("\"" + key + "\":\"" + value + "\"");
    return *this;
  }
  Row& add(const std::string& key, double value) {
    std::ostringstream s;
    s.precision(6);
    s << value;
    fields_.push_back("\"" + key + "\":" + (std::isfinite(value) ? s.str() : std::string("null")));
    return *this;
  }
  std::string str() const {
    std::string line = "{";
    for (std::size_t i = 0; i < fields_.size(); ++i) line += (i ? "," : "") + fields_[i];
    return line + "}";
  }

private:
  std::vector<std::string> fields_;
};

std::ofstream outFile;
void emit(const Row& row) {
  std::cout << row.str() << std::endl;
  if (outFile) outFile << row.str() << std::endl;
}

// max |a − b| / max |a|, on the CPU in double.
double relError(const at::Tensor& reference, const at::Tensor& other) {
  const at::Tensor a = reference.detach().to(torch::kCPU, torch::kDouble);
  const at::Tensor b = other.detach().to(torch::kCPU, torch::kDouble);
  const double scale = a.abs().max().item<double>();
  const double diff = (a - b).abs().max().item<double>();
  return scale > 0 ? diff / scale : diff;
}

// Relative errors over same-named tensors (gradients, weights, buffers): the worst with its name,
// and the median (one tensor whose sum cancels, e.g. a BatchNorm weight's gradient, can be far off
// the rest in float32 whatever the device).
struct Worst {
  double error = 0;
  std::string name;
  std::vector<double> all;
  void take(const std::string& n, const at::Tensor& ref, const at::Tensor& other) {
    if (!ref.defined() || !other.defined()) return;
    const double e = relError(ref, other);
    all.push_back(e);
    if (e > error || name.empty()) {
      error = e;
      name = n;
    }
  }
  double median() const {
    if (all.empty()) return 0;
    std::vector<double> v = all;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  }
  int compared() const { return static_cast<int>(all.size()); }
};

// How many of the tensors are all zeros (e.g. gradients that never reach a parameter).
int zeroTensors(const std::map<std::string, at::Tensor>& tensors) {
  int n = 0;
  for (const auto& [name, t] : tensors) n += t.abs().max().item<double>() == 0;
  return n;
}

// The gradient figures of an agreement row: the device's against the CPU's (reference).
void addGradientFields(Row& row, const Worst& grads, const std::map<std::string, at::Tensor>& reference) {
  row.add("grad_rel_median", grads.median())
      .add("grad_rel_max", grads.error)
      .add("grad_worst", grads.name)
      .add("grads_compared", grads.compared())
      .add("grads_all_zero", zeroTensors(reference));
}

// Tolerances of the GPU against the CPU in fp32 (TF32 off), stated once: logits and losses to
// float32 reduction-order noise, gradients by their median, argmax/mask pixels nearly all equal.
constexpr double kLogitsTol = 1e-4, kLossTol = 1e-5, kGradMedianTol = 1e-3, kWeightsTol = 1e-6,
                 kBnStatsTol = 1e-4, kPixelAgreementTol = 0.999;
int failures = 0;
bool check(bool ok) {
  if (!ok) ++failures;
  return ok;
}

// The gradients of net's parameters, on the CPU.
std::map<std::string, at::Tensor> gradients(const torch::nn::Module& net) {
  std::map<std::string, at::Tensor> out;
  for (const auto& p : net.named_parameters(true))
    if (p.value().grad().defined()) out[p.key()] = p.value().grad().to(torch::kCPU).clone();
  return out;
}

std::map<std::string, at::Tensor> snapshot(const torch::nn::Module& net) {
  std::map<std::string, at::Tensor> out;
  for (const auto& p : net.named_parameters(true)) out[p.key()] = p.value().detach().to(torch::kCPU).clone();
  return out;
}

double seconds(const std::function<void()>& f, const std::string& device) {
  synchronizeDevice(device);
  const auto t0 = std::chrono::steady_clock::now();
  f();
  synchronizeDevice(device);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

models::ClassifierOptions classifierOptions(const Options& o) {
  return models::ClassifierOptions{o.widthDivisor, 4, models::ArsMode::Reference};
}

// ---- agreement -------------------------------------------------------------------------------

void stage1Agreement(const Options& o) {
  const ConvolutionGradientGuard rightGradients;  // as the trainers (Zen 5 + LibTorch 2.x: its header)
  torch::manual_seed(1);
  const at::Tensor images = torch::rand({o.parityBatch, 3, o.size, o.size});
  const at::Tensor labels = torch::randint(0, 2, {o.parityBatch, 4}).to(torch::kFloat);
  struct Run {
    at::Tensor logits, loss;
    std::map<std::string, at::Tensor> grads, weights;
  };
  auto run = [&](const std::string& device) {
    torch::manual_seed(0);
    models::Resnet38dClassifier net(classifierOptions(o));
    net->to(torch::Device(device));
    net->freezeForTraining();
    net->eval();  // dropout off: the step is otherwise the training step (BatchNorm is frozen in training too)
    train::PolyOptimizer optimizer(train::stage1ParameterGroups(*net, 0.01, 5e-4), 0.9, train::PolySchedule(100));
    const auto decayOnly = train::decayOnlyParameters(*net);
    Run r;
    const auto out = net->forward(images.to(device), /*applyArs=*/true);
    r.logits = out.logits.detach().to(torch::kCPU);
    at::Tensor loss = train::multilabelSoftMarginLoss(out.logits, labels.to(device));
    optimizer.zeroGrad();
    loss.backward();
    train::PolyOptimizer::defineZeroGrads(decayOnly);
    r.grads = gradients(*net);
    optimizer.step();
    r.loss = loss.detach().to(torch::kCPU);
    r.weights = snapshot(*net);  // after the step (they started equal)
    return r;
  };
  const Run cpu = run("cpu");
  const Run dev = run(o.device);
  Worst grads, weights;
  for (const auto& [name, g] : cpu.grads) grads.take(name, g, dev.grads.count(name) ? dev.grads.at(name) : at::Tensor());
  for (const auto& [name, w] : cpu.weights) weights.take(name, w, dev.weights.at(name));
  const double logits = relError(cpu.logits, dev.logits), loss = relError(cpu.loss, dev.loss);
  const bool ok = check(logits < kLogitsTol && loss < kLossTol && grads.median() < kGradMedianTol &&
                        weights.error < kWeightsTol && grads.compared() > 0);
  Row row("agreement-stage1");
  row.add("device", o.device).add("batch", o.parityBatch).add("logits_rel", logits).add("loss_rel", loss);
  addGradientFields(row, grads, cpu.grads);
  row.add("weights_after_step_rel_max", weights.error)
      .add("weights_worst", weights.name)
      .add("within_tolerance", ok ? "yes" : "NO");
  emit(row);
}

void stage2Agreement(const Options& o) {
  const ConvolutionGradientGuard rightGradients;  // as the trainers (Zen 5 + LibTorch 2.x: its header)
  torch::manual_seed(2);
  const at::Tensor images = torch::rand({o.parityBatch, 3, o.size, o.size});
  const at::Tensor masks = torch::randint(0, 5, {o.parityBatch, o.size, o.size}, torch::kLong);
  struct Run {
    at::Tensor logits, loss;
    std::map<std::string, at::Tensor> grads, buffers;
  };
  auto run = [&](const std::string& device) {
    torch::manual_seed(0);
    models::PSPNet net(models::PSPNetOptions{4, o.widthDivisor, /*dropout=*/0.0});
    net->to(torch::Device(device));
    net->train();
    Run r;
    const at::Tensor x = images.to(device);
    const at::Tensor main = net->forward(x);
    at::Tensor peer1, peer2;
    {
      torch::NoGradGuard noGrad;
      peer1 = net->forward(x);
      peer2 = net->forward(x);
    }
    const train::Stage2Loss loss = train::stage2Loss(main, peer1, peer2, masks.to(device));
    net->zero_grad();
    loss.total.backward();
    r.logits = main.detach().to(torch::kCPU);
    r.loss = loss.total.detach().to(torch::kCPU);
    r.grads = gradients(*net);
    for (const auto& b : net->named_buffers(true))
      if (b.value().is_floating_point()) r.buffers[b.key()] = b.value().to(torch::kCPU).clone();
    return r;
  };
  const Run cpu = run("cpu");
  const Run dev = run(o.device);
  Worst grads, buffers;
  for (const auto& [name, g] : cpu.grads) grads.take(name, g, dev.grads.count(name) ? dev.grads.at(name) : at::Tensor());
  for (const auto& [name, b] : cpu.buffers) buffers.take(name, b, dev.buffers.at(name));
  const double argmaxAgreement =
      cpu.logits.argmax(1).eq(dev.logits.argmax(1)).to(torch::kDouble).mean().item<double>();
  const double logits = relError(cpu.logits, dev.logits), loss = relError(cpu.loss, dev.loss);
  const bool ok = check(logits < kLogitsTol && loss < kLossTol && grads.median() < kGradMedianTol &&
                        buffers.error < kBnStatsTol && argmaxAgreement >= kPixelAgreementTol && grads.compared() > 0);
  Row row("agreement-stage2");
  row.add("device", o.device)
      .add("batch", o.parityBatch)
      .add("logits_rel", logits)
      .add("argmax_agreement", argmaxAgreement)
      .add("loss_rel", loss);
  addGradientFields(row, grads, cpu.grads);
  row.add("bn_stats_rel_max", buffers.error).add("bn_stats_worst", buffers.name).add("within_tolerance", ok ? "yes" : "NO");
  emit(row);
}

const std::vector<cam::CamLayer> kPaperLayers{cam::CamLayer::Bn7, cam::CamLayer::B5_2, cam::CamLayer::B4_5};

// Pseudo masks of a batch on the device, all in tensors (spec §3, BCSS-style: no white background):
// Grad-CAM, bilinear up-sampling, global min-max, absent classes zeroed, argmax with a zero
// background channel. Returns per layer N×H×W masks (on the device) and the normalised maps.
std::vector<std::pair<at::Tensor, at::Tensor>> pseudoMasks(models::Resnet38dClassifierImpl& net, const at::Tensor& x,
                                                          const at::Tensor& labels, const std::string& precision,
                                                          const std::string& device) {
  cam::GradCamMaps cams;
  {
    cam::PrecisionGuard guard(precision, device);
    cams = cam::computeGradCam(net, x, kPaperLayers);
  }
  torch::NoGradGuard noGrad;
  std::vector<std::pair<at::Tensor, at::Tensor>> out;
  for (cam::CamLayer layer : kPaperLayers) {
    const at::Tensor up = cam::upsampleMaps(cams.map(layer), x.size(2), x.size(3));
    const at::Tensor scores = cam::keepClasses(cam::normalizeGlobal(up), labels);
    const at::Tensor withBackground = torch::cat({scores, torch::zeros_like(scores.narrow(1, 0, 1))}, 1);
    out.emplace_back(withBackground.argmax(1), scores);
  }
  return out;
}

void pseudoMaskAgreement(const Options& o) {
  torch::manual_seed(3);
  const at::Tensor images = torch::rand({o.parityBatch, 3, o.size, o.size});
  at::Tensor labels = torch::randint(0, 2, {o.parityBatch, 4}).to(torch::kFloat);
  labels.select(1, 0).fill_(1);  // at least one class present
  auto run = [&](const std::string& device, const std::string& precision) {
    torch::manual_seed(0);
    models::Resnet38dClassifier net(classifierOptions(o));
    net->to(torch::Device(device));
    net->eval();
    auto masks = pseudoMasks(*net, images.to(device), labels.to(device), precision, device);
    for (auto& [m, s] : masks) {
      m = m.to(torch::kCPU);
      s = s.to(torch::kCPU);
    }
    return masks;
  };
  const auto cpu = run("cpu", "fp32");
  const auto dev = run(o.device, "fp32");
  const auto devBf16 = run(o.device, "bf16");
  auto agreement = [](const at::Tensor& a, const at::Tensor& b) { return a.eq(b).to(torch::kDouble).mean().item<double>(); };
  for (std::size_t i = 0; i < kPaperLayers.size(); ++i) {
    const double pixels = agreement(cpu[i].first, dev[i].first);
    const bool ok = check(pixels >= kPixelAgreementTol);
    emit(Row("agreement-pseudo-masks")
             .add("device", o.device)
             .add("layer", cam::layerName(kPaperLayers[i]))
             .add("maps_rel", relError(cpu[i].second, dev[i].second))
             .add("pixel_agreement", pixels)
             .add("bf16_vs_fp32_pixel_agreement", agreement(dev[i].first, devBf16[i].first))
             .add("within_tolerance", ok ? "yes" : "NO"));
  }
}

// ---- speed -----------------------------------------------------------------------------------

Row speedRow(const char* what, const std::string& device, const std::string& precision, int batch, int iterations,
             double elapsed) {
  Row r(what);
  r.add("device", device)
      .add("precision", precision)
      .add("batch", batch)
      .add("iterations", iterations)
      .add("images_per_s", batch * iterations / elapsed)
      .add("seconds_per_step", elapsed / iterations)
      .add("peak_gpu_mb", static_cast<double>(peakGpuMemoryBytes(device)) / (1 << 20));
  return r;
}

void timeLoop(const char* what, const std::string& device, const std::string& precision, int batch, int iterations,
              const std::function<void()>& step) {
  const int warmup = device == "cpu" ? 1 : 3;
  for (int i = 0; i < warmup; ++i) step();
  resetPeakGpuMemory(device);
  const double elapsed = seconds(
      [&] {
        for (int i = 0; i < iterations; ++i) step();
      },
      device);
  emit(speedRow(what, device, precision, batch, iterations, elapsed));
}

void stage1Speed(const Options& o, const std::string& device, const std::string& precision, int iterations) {
  const ConvolutionGradientGuard rightGradients;  // as the trainers (Zen 5 + LibTorch 2.x: its header)
  torch::manual_seed(0);
  models::Resnet38dClassifier net(classifierOptions(o));
  net->to(torch::Device(device));
  net->freezeForTraining();
  net->train();
  train::PolyOptimizer optimizer(train::stage1ParameterGroups(*net, 0.01, 5e-4), 0.9, train::PolySchedule(1000));
  const auto decayOnly = train::decayOnlyParameters(*net);
  const at::Tensor images = torch::rand({o.stage1Batch, 3, o.size, o.size}).to(device);
  const at::Tensor labels = torch::randint(0, 2, {o.stage1Batch, 4}).to(torch::kFloat).to(device);
  train::GradScaler scaler(precision == "fp16");
  const std::vector<at::Tensor> parameters = net->parameters();
  int skipped = 0;
  timeLoop("speed-stage1-step", device, precision, o.stage1Batch, iterations, [&] {
    at::Tensor loss;
    {
      cam::PrecisionGuard guard(precision, device);
      loss = train::multilabelSoftMarginLoss(net->forward(images, true).logits.to(torch::kFloat), labels);
    }
    optimizer.zeroGrad();
    scaler.scaled(loss).backward();
    train::PolyOptimizer::defineZeroGrads(decayOnly);
    const bool finite = scaler.unscale(parameters);
    if (finite) optimizer.step(); else ++skipped;
    scaler.update(finite);
  });
  if (scaler.enabled())
    emit(Row("fp16-loss-scaling").add("device", device).add("scale", scaler.scale()).add("skipped_steps", skipped));
}

void stage2Speed(const Options& o, const std::string& device, const std::string& precision, int iterations) {
  const ConvolutionGradientGuard rightGradients;  // as the trainers (Zen 5 + LibTorch 2.x: its header)
  torch::manual_seed(0);
  models::PSPNet net(models::PSPNetOptions{4, o.widthDivisor, 0.2});
  net->to(torch::Device(device));
  net->train();
  train::ParamGroup group;
  for (const auto& p : net->named_parameters(true)) {
    group.names.push_back(p.key());
    group.params.push_back(p.value());
  }
  group.lr = 5e-3;
  group.weightDecay = 5e-4;
  train::PolyOptimizer optimizer({group}, 0.9, train::PolySchedule(1000));
  const at::Tensor images = torch::rand({o.stage2Batch, 3, o.size, o.size}).to(device);
  const at::Tensor masks = torch::randint(0, 5, {o.stage2Batch, o.size, o.size}, torch::kLong).to(device);
  timeLoop("speed-stage2-step", device, precision, o.stage2Batch, iterations, [&] {
    at::Tensor main, peer1, peer2;
    {
      cam::PrecisionGuard guard(precision, device);
      main = net->forward(images).to(torch::kFloat);
      torch::NoGradGuard noGrad;
      peer1 = net->forward(images).to(torch::kFloat);
      peer2 = net->forward(images).to(torch::kFloat);
    }
    const train::Stage2Loss loss = train::stage2Loss(main, peer1, peer2, masks);
    optimizer.zeroGrad();
    loss.total.backward();
    optimizer.step();
  });
}

void pseudoMaskSpeed(const Options& o, const std::string& device, const std::string& precision, int iterations) {
  torch::manual_seed(0);
  models::Resnet38dClassifier net(classifierOptions(o));
  net->to(torch::Device(device));
  net->eval();
  const at::Tensor images = torch::rand({o.pmBatch, 3, o.size, o.size}).to(device);
  at::Tensor labels = torch::randint(0, 2, {o.pmBatch, 4}).to(torch::kFloat);
  labels.select(1, 0).fill_(1);
  labels = labels.to(device);
  timeLoop("speed-pseudo-masks", device, precision, o.pmBatch, iterations,
           [&] { pseudoMasks(*net, images, labels, precision, device); });
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + ": a value is missing");
      return argv[++i];
    };
    if (a == "--device") o.device = next();
    else if (a == "--width-divisor") o.widthDivisor = std::stoi(next());
    else if (a == "--parity-batch") o.parityBatch = std::stoi(next());
    else if (a == "--stage1-batch") o.stage1Batch = std::stoi(next());
    else if (a == "--stage2-batch") o.stage2Batch = std::stoi(next());
    else if (a == "--pm-batch") o.pmBatch = std::stoi(next());
    else if (a == "--iterations") o.iterations = std::stoi(next());
    else if (a == "--size") o.size = std::stoi(next());
    else if (a == "--cpu-speed") o.cpuSpeed = true;
    else if (a == "--agreement-only") o.speed = false;
    else if (a == "--out") o.out = next();
    else throw std::runtime_error(a + ": unknown option");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    if (!o.out.empty()) outFile.open(o.out);
    at::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    Row info("info");
    info.add("libtorch", TORCH_VERSION).add("device", o.device).add("cpu_threads", at::get_num_threads());
    for (const GpuInfo& g : listGpus())
      info.add("gpu" + std::to_string(g.index), g.name + ", " + std::to_string(g.totalBytes >> 20) + " MiB, sm_" +
                                                    std::to_string(g.computeMajor) + std::to_string(g.computeMinor));
    emit(info);

    // Agreement in true fp32: no TF32 in cuDNN convolutions or cuBLAS products.
    at::globalContext().setAllowTF32CuDNN(false);
    at::globalContext().setAllowTF32CuBLAS(false);
    stage1Agreement(o);
    stage2Agreement(o);
    pseudoMaskAgreement(o);

    // Speed as training runs: LibTorch's defaults again (TF32 in cuDNN convolutions, not in cuBLAS
    // products), and cuDNN picks its fastest kernels for the fixed input size.
    at::globalContext().setAllowTF32CuDNN(true);
    at::globalContext().setAllowTF32CuBLAS(false);
    at::globalContext().setBenchmarkCuDNN(true);
    std::vector<std::string> precisions{"fp32", "bf16"};
    if (o.device != "cpu") precisions.push_back("fp16");
    if (!o.speed) precisions.clear();
    for (const std::string& precision : precisions) {
      stage1Speed(o, o.device, precision, o.iterations);
      if (precision == "fp16") continue;  // the trainers' fp16 path is stage 1's; stage 2 shares it
      stage2Speed(o, o.device, precision, o.iterations);
      pseudoMaskSpeed(o, o.device, precision, o.iterations);
    }
    if (o.speed && o.cpuSpeed && o.device != "cpu") {  // the CPU beside it, fp32, one timed step each
      stage1Speed(o, "cpu", "fp32", 1);
      stage2Speed(o, "cpu", "fp32", 1);
      pseudoMaskSpeed(o, "cpu", "fp32", 1);
    }
    emit(Row("summary").add("agreement_failures", failures));
    return failures == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "arml-gpu-check: " << e.what() << std::endl;
    return 3;
  }
}
