#pragma once
// The engine as the GUI calls it in-process for short interactive work (CAMs of the patch on
// screen, "predict this view", a CAM layer over a slide region). Free of LibTorch, OpenCV and Qt
// on purpose: arml-studio includes this header, while the implementation lives in the shared
// library `arml_interactive` (LibTorch inside), which the GUI loads with QLibrary on first use
// (ui/interactive_engine_loader.h) so that start-up never pays for loading LibTorch.
//
// Threading: sessions are not thread-safe; use one session from one worker thread at a time.
// Errors: every call throws std::runtime_error whose what() is one user-readable line naming the
// file and the problem. Cancellation: calls poll `cancel` (may be null) between batches and throw
// arml::interactive::Cancelled when it is set.
#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace arml::interactive {

// Bumped whenever anything in this header changes; the loader refuses a plugin of another version.
constexpr int kInterfaceVersion = 2;

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("cancelled") {}
};

// 8-bit RGB, row-major, width*height*3 bytes, no padding.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
};

// float32 planes, row-major: planes*height*width values, plane-major (CHW).
struct FloatPlanes {
  int planes = 0;
  int width = 0;
  int height = 0;
  std::vector<float> values;
  const float* plane(int p) const { return values.data() + std::size_t(p) * width * height; }
};

struct SessionInfo {
  std::string path;         // the weight file
  std::string architecture; // e.g. "resnet38d-lite", "resnet38d", "pspnet-resnest101e"
  std::string device;       // resolved, e.g. "cpu", "cuda:0"
  int classes = 0;          // foreground classes for a classifier; output classes for a segmenter
  bool hasArs = false;      // classifier trained with activation relocalization (CCA + AMM)
  std::vector<std::string> classNames;  // one per plane when the file names them (segmenter), else empty
  std::vector<std::string> warnings;
};

// CAMs of one image, upsampled to the image size (spec §3.1), not normalised: callers choose
// global or per-class normalisation for display.
struct CamSet {
  FloatPlanes plain;        // ReLU(w_c·X), one plane per class
  FloatPlanes relocalized;  // ReLU(w_c·AMM(CCA(X))); planes == 0 when the model has no ARS
  std::vector<float> probabilities;  // sigmoid of the logits, one per class (with ARS: of the
                                     // relocalized features, as the classifier was trained)
};

class ClassifierSession {
public:
  virtual ~ClassifierSession() = default;
  virtual const SessionInfo& info() const = 0;
  virtual CamSet cams(const RgbImage& image, const std::atomic<bool>* cancel = nullptr) = 0;
};

class SegmenterSession {
public:
  virtual ~SegmenterSession() = default;
  virtual const SessionInfo& info() const = 0;
  // Class probabilities (softmax over the output classes, one plane per tissue class; the
  // segmenter has no background output) at the image size. Images larger than the model's tile
  // size are tiled with overlap internally (logits blended, then the softmax).
  virtual FloatPlanes probabilities(const RgbImage& image, const std::atomic<bool>* cancel = nullptr) = 0;
};

class Engine {
public:
  virtual ~Engine() = default;
  virtual int interfaceVersion() const { return kInterfaceVersion; }
  // device: "auto", "cpu", "cuda", "cuda:N"; threads: 0 = all cores.
  virtual std::unique_ptr<ClassifierSession> openClassifier(const std::string& weights,
                                                            const std::string& device = "auto",
                                                            int threads = 0) = 0;
  virtual std::unique_ptr<SegmenterSession> openSegmenter(const std::string& weights,
                                                          const std::string& device = "auto",
                                                          int threads = 0) = 0;
};

}  // namespace arml::interactive

// The plugin's one exported symbol; returns a process-wide engine owned by the plugin.
extern "C" arml::interactive::Engine* arml_interactive_engine();
